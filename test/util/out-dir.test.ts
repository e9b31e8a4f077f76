import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareOutDir } from '../../src/util/out-dir.js';
import { UserError } from '../../src/util/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'capi-outdir-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('prepareOutDir', () => {
  it('creates the folder and its parents, and leaves no probe file behind', async () => {
    const out = path.join(dir, 'sortie', 'pdf');
    await prepareOutDir(out, 'sortie/pdf');
    expect(readdirSync(out)).toEqual([]);
    // a second run on the existing folder is fine
    await prepareOutDir(out, 'sortie/pdf');
  });

  it('refuses a file in the way (as the folder or as a parent), naming the folder as shown, exit 2', async () => {
    writeFileSync(path.join(dir, 'dist'), 'un fichier');
    for (const out of [path.join(dir, 'dist'), path.join(dir, 'dist', 'pdf')]) {
      const error = await prepareOutDir(out, 'dist').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(2);
      expect((error as UserError).message).toBe("« dist » existe déjà et n'est pas un dossier : choisissez un autre dossier de sortie avec --out.");
    }
  });

  it.skipIf(process.getuid?.() === 0)('says when capi may not write in the folder', async () => {
    const locked = path.join(dir, 'verrou');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      await expect(prepareOutDir(locked, 'verrou')).rejects.toThrow("Vous n'avez pas le droit d'écrire dans le dossier de sortie « verrou »");
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});
