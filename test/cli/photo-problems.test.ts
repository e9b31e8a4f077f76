/**
 * A photo problem found at render time is a located diagnostic, told once, never an exception that
 * stops a document with an unlocated message: `render osim --double-regard` draws RE sheets it did not
 * check (only `osim/` was named), one of which shows a photo that is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers.js';
import { loadSheet } from '../../src/load/sheet.js';
import { loadConfig } from '../../src/link/config.js';
import { buildView, drawingProblems, viewContext } from '../../src/view/index.js';

let ws: string;
beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-photo-problems-'));
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true });
  // RE-TAR-02 (citing OSIM-FR-06) shows this photo
  unlinkSync(path.join(ws, 'images/gite-ahl-tifnoute.png'));
  // two editions: two passes, the problem still told once
  const config = readFileSync(path.join(ws, 'capi.config.yaml'), 'utf8');
  writeFileSync(path.join(ws, 'capi.config.yaml'), `${config.replace(/^editions:.*\n(?:\s+-.*\n)*/m, '')}\neditions: [interne, publique]\n`);
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('render-time photo problems', () => {
  it('double regard: the missing photo is told once, located; that document is left out, the others are written', async () => {
    const r = await runCli(['render', 'osim', '--double-regard', 'all', '--format', 'html', '--out', 'out'], { cwd: ws });
    expect(r.code).toBe(1);
    const located = r.stderr.split('\n').filter((l) => l.includes('gite-ahl-tifnoute.png'));
    expect(located).toEqual([
      're/RE-TAR-02.yaml:290:14  erreur  La photo « ../images/gite-ahl-tifnoute.png » est introuvable. Vérifiez le nom du fichier (majuscules comprises) et son dossier ; le chemin part du dossier de la fiche.',
    ]);
    expect(r.stderr.match(/✗ Document double regard de OSIM-FR-06 non produit : corrigez d'abord les erreurs ci-dessus \(RE-TAR-02\)\./g)).toHaveLength(2);
    expect(r.stderr).not.toMatch(/inattendue|unexpected|at .*\.js:\d+/);
    expect(existsSync(path.join(ws, 'out/double-regard-OSIM-FR-06.html'))).toBe(false);
    expect(existsSync(path.join(ws, 'out/double-regard-OSIM-FR-05.html'))).toBe(true);
    expect(existsSync(path.join(ws, 'out/double-regard-OSIM-FR-05-publique.html'))).toBe(true);
  });

  it('drawingProblems names the photo at its line:column; buildView no longer throws for it', async () => {
    const config = await loadConfig(ws, ws);
    const sheet = (await loadSheet(path.join(ws, 're/RE-TAR-02.yaml'), 're/RE-TAR-02.yaml')).sheet!;
    const ctx = viewContext([sheet], config, '0.0.0');
    expect(drawingProblems(sheet, ctx).map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual(['re/RE-TAR-02.yaml:290:14 photo.missing']);
    const view = buildView(sheet, ctx);
    const photos = view.sections.find((s) => s.id === 'photos');
    expect(photos?.blocks.filter((b) => b.type === 'photo')).toEqual([]);
    const ok = (await loadSheet(path.join(ws, 're/RE-TIZ-01.yaml'), 're/RE-TIZ-01.yaml')).sheet!;
    expect(drawingProblems(ok, ctx)).toEqual([]);
  });
});
