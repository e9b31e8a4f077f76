import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findSheetFiles } from '../../src/link/workspace.js';
import { runCli, ROOT } from '../helpers.js';

/**
 * One rule for symbolic links (see findSheetFiles): a link is read as what it points to, whether named
 * or met in a folder; a link back to a folder being searched is not followed; a broken link with a
 * sheet's name is an error either way.
 */
describe('symbolic links when finding sheets', () => {
  let ws: string;
  let elsewhere: string;
  const at = (...parts: string[]) => path.join(ws, ...parts);

  beforeAll(() => {
    ws = mkdtempSync(path.join(os.tmpdir(), 'capi-links-ws-'));
    elsewhere = mkdtempSync(path.join(os.tmpdir(), 'capi-links-elsewhere-'));
    mkdirSync(at('re'));
    mkdirSync(path.join(elsewhere, 'partage'));
    writeFileSync(at('re/RE-TIZ-01.yaml'), 'id: RE-TIZ-01\n');
    writeFileSync(path.join(elsewhere, 'RE-TAR-01.yaml'), 'id: RE-TAR-01\n');
    writeFileSync(path.join(elsewhere, 'partage/RE-CHT-01.yaml'), 'id: RE-CHT-01\n');
    symlinkSync(path.join(elsewhere, 'RE-TAR-01.yaml'), at('re/RE-TAR-01.yaml'));
    symlinkSync(path.join(elsewhere, 'partage'), at('re/partage'));
    symlinkSync('..', at('re/boucle'));
    symlinkSync(path.join(elsewhere, 'absent.txt'), at('re/notes.txt'));
  });
  afterAll(() => {
    rmSync(ws, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('reads a linked sheet and a linked folder met in a folder, under the link path, and stops at a loop', async () => {
    expect(await findSheetFiles(['re'], ws)).toEqual([at('re/RE-TAR-01.yaml'), at('re/RE-TIZ-01.yaml'), at('re/partage/RE-CHT-01.yaml')]);
    // the loop re/boucle → .. reaches re/ again from the workspace root: searched once
    expect(await findSheetFiles(['.'], ws)).toEqual([at('re/RE-TAR-01.yaml'), at('re/RE-TIZ-01.yaml'), at('re/partage/RE-CHT-01.yaml')]);
  });

  it('reads the same linked sheet when it is named directly', async () => {
    expect(await findSheetFiles(['re/RE-TAR-01.yaml'], ws)).toEqual([at('re/RE-TAR-01.yaml')]);
    expect(await findSheetFiles(['re/partage'], ws)).toEqual([at('re/partage/RE-CHT-01.yaml')]);
  });

  it('refuses a broken link with a sheet name, named or met in a folder, naming the link and its target', async () => {
    const target = path.join(elsewhere, 'RE-TIZ-09.yaml');
    symlinkSync(target, at('re/RE-TIZ-09.yaml'));
    try {
      await expect(findSheetFiles(['re/RE-TIZ-09.yaml'], ws)).rejects.toThrow(`« re/RE-TIZ-09.yaml » est un lien symbolique vers « ${target} », qui n'existe pas. Rétablissez sa cible ou supprimez le lien.`);
      await expect(findSheetFiles(['re'], ws)).rejects.toThrow(`« re/RE-TIZ-09.yaml » est un lien symbolique vers « ${target} », qui n'existe pas.`);
    } finally {
      rmSync(at('re/RE-TIZ-09.yaml'));
    }
  });

  it('capi status lists a linked sheet of a folder as it lists a sheet named directly', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'capi-links-cli-'));
    try {
      mkdirSync(path.join(dir, 're'));
      mkdirSync(path.join(dir, 'osim'));
      copyFileSync(path.join(ROOT, 'examples/capi.config.yaml'), path.join(dir, 'capi.config.yaml'));
      symlinkSync(path.join(ROOT, 'examples/re/RE-TIZ-01.yaml'), path.join(dir, 're/RE-TIZ-01.yaml'));
      const ids = async (args: string[]) => {
        const r = await runCli(['status', ...args, '--format', 'json'], { cwd: dir });
        expect(r.stderr).toBe('');
        return (JSON.parse(r.stdout) as { id: string; file: string }[]).map((row) => `${row.id} ${row.file}`);
      };
      expect(await ids(['re'])).toEqual(['RE-TIZ-01 re/RE-TIZ-01.yaml']);
      expect(await ids(['re/RE-TIZ-01.yaml'])).toEqual(['RE-TIZ-01 re/RE-TIZ-01.yaml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
