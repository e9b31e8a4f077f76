/**
 * A photo path written with Windows back-slashes (`..\images\x.png`) is read as `../images/x.png` on
 * every system: `validate` warns (`--fix` rewrites it) and `render` prints the photo, so a sheet that
 * works on a researcher's Windows laptop works in the Linux CI too (issue 13).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers.js';

let ws: string;
beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-backslash-'));
  for (const part of ['capi.config.yaml', 'images', 'osim/OSIM-FR-01.yaml', 're/RE-TIZ-01.yaml']) cpSync(path.join(ROOT, 'examples', part), path.join(ws, part), { recursive: true });
  const file = path.join(ws, 're/RE-TIZ-01.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('fichier: ../images/chateau-eau-afella-ighir.png', 'fichier: ..\\images\\chateau-eau-afella-ighir.png'));
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('back-slashes in a photo path', () => {
  it('validate: a warning, exit 0', async () => {
    const r = await runCli(['validate', 're/RE-TIZ-01.yaml'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('re/RE-TIZ-01.yaml:356:14  avertissement  Chemin de photo « ..\\images\\chateau-eau-afella-ighir.png » écrit avec « \\ » (Windows)');
    expect(r.stdout).not.toContain('introuvable');
  });

  it('render: the photo is printed from images/', async () => {
    const r = await runCli(['render', 're/RE-TIZ-01.yaml', '--format', 'html', '--out', 'out'], { cwd: ws });
    expect(r.code).toBe(0);
    const html = readFileSync(path.join(ws, 'out/RE-TIZ-01.html'), 'utf8');
    expect(html).toMatch(/<img src="file:\/\/[^"]*\/images\/chateau-eau-afella-ighir\.png"/);
  });
});
