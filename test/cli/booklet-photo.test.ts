import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import JSZip from 'jszip';
import { ROOT, runCli } from '../helpers.js';

/**
 * A photo whose header is right but whose pixels are cut short: `validate` (which reads the header)
 * lets it through, sharp cannot decode it when the photo is prepared. The sheet is left out of the
 * booklet, named with the reason, exit 1 — capi used to stop with « erreur inattendue ».
 */
let ws: string;
const ALL = ['--statut', 'brouillon,soumise,a-reviser,validee'];
const SHEETS = ['re/RE-TIZ-01.yaml', 're/RE-TIZ-02.yaml'];

beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-booklet-photo-'));
  // the two sheets and what they need (their OSIM sheets, the photos, the glossary): not the twenty examples
  for (const part of ['capi.config.yaml', 'glossaire.yaml', 'images', 'osim/OSIM-FR-01.yaml', 'osim/OSIM-FR-02.yaml', ...SHEETS]) cpSync(path.join(ROOT, 'examples', part), path.join(ws, part), { recursive: true });
  const photo = path.join(ws, 'images/chateau-eau-afella-ighir.png');
  expect(readFileSync(path.join(ws, 're/RE-TIZ-01.yaml'), 'utf8')).toContain('chateau-eau-afella-ighir.png');
  writeFileSync(photo, readFileSync(photo).subarray(0, 3000));
});

afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('capi booklet with a photo that cannot be decoded', () => {
  it('validate accepts the sheet (the header is right)', async () => {
    const r = await runCli(['validate', SHEETS[0]!], { cwd: ws });
    expect(r.code, r.stderr + r.stdout).toBe(0);
  });

  it('DOCX: leaves the sheet out of the booklet and its indexes, names it with the reason, exits 1', async () => {
    const out = path.join(ws, 'out-docx');
    const r = await runCli(['booklet', ...SHEETS, ...ALL, '--format', 'docx', '--out', out], { cwd: ws });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/RE-TIZ-01 : fiche laissée hors du recueil \(DOCX\) : .*pngload/);
    expect(r.stderr).not.toContain('erreur inattendue');
    const xml = await (await JSZip.loadAsync(readFileSync(path.join(out, 'recueil.docx')))).file('word/document.xml')!.async('string');
    expect(xml).toContain('RE-TIZ-02');
    expect(xml).not.toContain('RE-TIZ-01');
    expect(xml).not.toContain('fiche_RE_TIZ_01');
  }, 120_000);

  it('PDF: leaves the sheet out of the booklet and its contents, names it with the reason, exits 1', async () => {
    const out = path.join(ws, 'out-pdf');
    const r = await runCli(['booklet', ...SHEETS, ...ALL, '--format', 'pdf', '--out', out], { cwd: ws });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/RE-TIZ-01 : fiche laissée hors du recueil \(PDF\) : .*pngload/);
    expect(existsSync(path.join(out, 'recueil.pdf'))).toBe(true);
    const text = execFileSync('pdftotext', [path.join(out, 'recueil.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('RE-TIZ-02');
    expect(text).not.toContain('RE-TIZ-01');
  }, 240_000);
});
