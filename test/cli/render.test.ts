import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { ROOT, runBin, runCli, WS } from '../helpers.js';
import { examplesThroughLibreOffice, RENDERED_IDS, REPRESENTATIVE_IDS, type RenderedExamples, renderedExamples } from '../helpers/examples.js';

/** Text of a PDF as poppler extracts it. */
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const letters = (s: string) => [...s].filter((c) => /\p{L}/u.test(c)).sort().join('');

// the examples rendered once per run, shared with the files that read them back (read-only here)
let out: string;
let result: RenderedExamples;
beforeAll(async () => {
  result = await renderedExamples();
  out = result.out;
  // made here for the files that read it (../render/pdf-docx-compare.test.ts, ../render/docx-amounts.test.ts):
  // they run last, when the other worker has little left to do; here the conversion runs beside it
  if (result.code === 0) await examplesThroughLibreOffice(REPRESENTATIVE_IDS);
}, 300_000);

describe('capi render of the examples (real browser, real files read back)', () => {
  it('writes a PDF, a DOCX and an HTML file per sheet, named after its id, and exits 0', async () => {
    expect(result.stderr).toMatch(new RegExp(`${RENDERED_IDS.length} fiches produites, 0 en échec`));
    expect(result.code).toBe(0);
    for (const id of RENDERED_IDS) for (const ext of ['pdf', 'docx', 'html']) expect(existsSync(path.join(out, `${id}.${ext}`)), `${id}.${ext}`).toBe(true);
    // no temporary files left behind
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp') || (f.startsWith('.') && f !== '.capi-cache.json' && f !== '.capi-images'))).toEqual([]);
  });

  it('prints the commune with its Arabic name from the reference list in the PDF', async () => {
    const text = pdfText(path.join(out, 'RE-TIZ-01.pdf'));
    expect(text).toMatch(/Afella Ighir/);
    // أفلا إغير (HCP name): Chromium may extract Arabic in visual order, so compare letters
    expect(letters(text)).toContain(letters('أفلا').slice(0, 1));
    const arabic = [...text].filter((c) => /[\u0600-\u06FF]/.test(c)).join('');
    for (const c of 'أفلاإغير'.replace(/\s/g, '')) expect(arabic).toContain(c);
  });

  it('prints the credit line of the place data (CC BY 4.0) on rendered sheets, PDF and DOCX', async () => {
    expect(pdfText(path.join(out, 'RE-TIZ-01.pdf')).replace(/\s+/g, ' ')).toContain('Noms de lieux : HCP, RGPH 2014 et 2024 (CC BY 4.0)');
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'OSIM-FR-01.docx')));
    expect((await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ')).toContain('Noms de lieux : HCP, RGPH 2014 et 2024 (CC BY 4.0)');
  });

  it('keeps Tifinagh quotes as Tifinagh letters (no boxes) with embedded fonts', async () => {
    const withTifinagh = readdirSync(path.join(ROOT, 'examples/re')).filter((f) => /[\u2D30-\u2D7F]/.test(readFileSync(path.join(ROOT, 'examples/re', f), 'utf8')));
    expect(withTifinagh.length).toBeGreaterThanOrEqual(2);
    const pdf = path.join(out, withTifinagh[0].replace('.yaml', '.pdf'));
    expect(pdfText(pdf)).toMatch(/[\u2D30-\u2D7F]{3,}/);
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.join('\n')).toMatch(/NotoSansTifinagh/);
    for (const line of fonts) expect(line).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
  });

  it('gives the DOCX right-to-left Arabic paragraphs and Word heading styles', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'RE-TIZ-01.docx')));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/>/);
    expect(xml).toMatch(/<w:bidi\/>/);
    expect(xml).toMatch(/<w:rtl\/>/);
    expect(xml).toContain('Afella Ighir');
  });

  it('lists OSIM backlinks: the RE sheets that cite an OSIM sheet', async () => {
    const text = pdfText(path.join(out, 'OSIM-FR-01.pdf'));
    expect(text).toMatch(/Fiches retour d[’']expérience liées/);
    expect(text).toMatch(/RE-TIZ-01/);
  });
});

describe('the double regard, rendered', () => {
  it('gives each RE sheet a « Regard croisé » section: the OSIM side beside the territory side, in PDF and DOCX', async () => {
    const text = pdfText(path.join(out, 'RE-TAR-01.pdf'));
    expect(text).toMatch(/Regard croisé/);
    expect(text).toMatch(/CÔTÉ FRANCE — SIROUA SOLIDARITÉ/);
    expect(text).toMatch(/CÔTÉ TERRITOIRE — ASKAOUEN/);
    expect(text).toMatch(/Fiche OSIM OSIM-FR-05 · siège : Mantes-la-Jolie, Yvelines/);
    // both linked OSIM sheets get their cross view
    expect(text).toMatch(/CÔTÉ FRANCE — TIFNOUTE DAUPHINÉ/);
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'RE-TAR-01.docx')));
    const xml = await zip.file('word/document.xml')!.async('string');
    const plain = xml.replace(/<[^>]+>/g, '');
    expect(plain).toContain('Regard croisé');
    expect(plain).toContain('Côté France — Siroua Solidarité');
    expect(plain).toContain('Côté territoire — Askaouen');
    // a two-column table: the France side and the territory side sit in cells of one row
    const row = /<w:tr>(?:(?!<\/w:tr>).)*Côté France — Siroua(?:(?!<\/w:tr>).)*Côté territoire — Askaouen(?:(?!<\/w:tr>).)*<\/w:tr>/s.exec(xml);
    expect(row).not.toBeNull();
  });

  it('builds the combined document of an OSIM sheet: summary, the OSIM sheet, then each RE sheet on a new page', async () => {
    const dr = mkdtempSync(path.join(tmpdir(), 'capi-dr-'));
    try {
      const r = await runCli(['render', 'examples', '--double-regard', 'OSIM-FR-06', '--out', dr]);
      expect(r.code).toBe(0);
      const text = pdfText(path.join(dr, 'double-regard-OSIM-FR-06.pdf'));
      expect(text).toMatch(/Double regard — Tifnoute Dauphiné/);
      expect(text).toMatch(/Synthèse du regard croisé/);
      const order = ['Synthèse du regard croisé', "Fiche OSIM OSIM-FR-06", 'Fiche retour d’expérience RE-TAR-01', 'Fiche retour d’expérience RE-TAR-02'].map((s) => text.indexOf(s));
      for (const i of order) expect(i).toBeGreaterThanOrEqual(0);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      // the Arabic names of the communes from the reference list
      const arabic = [...text].filter((c) => /[\u0600-\u06FF]/.test(c)).join('');
      for (const c of 'أسكاون') expect(arabic).toContain(c);
      const zip = await JSZip.loadAsync(readFileSync(path.join(dr, 'double-regard-OSIM-FR-06.docx')));
      const xml = await zip.file('word/document.xml')!.async('string');
      expect((xml.match(/<w:pageBreakBefore\/>/g) ?? []).length).toBe(3);
      expect(xml).toMatch(/<w:pStyle w:val="Heading3"\/>/);
    } finally {
      rmSync(dr, { recursive: true, force: true });
    }
  });

  it('refuses an unknown OSIM id for --double-regard with the nearest one (exit 2)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'capi-dr-'));
    const r = await runCli(['render', 'examples', '--double-regard', 'OSIM-FR-6', '--out', dir]);
    rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Aucune fiche OSIM « OSIM-FR-6 » valide.*Vouliez-vous dire « OSIM-FR-06 » \?/s);
  });
});

describe('capi render with bad input', () => {
  let ws: string;
  beforeAll(async () => {
    ws = mkdtempSync(path.join(tmpdir(), 'capi-render-bad-'));
    cpSync(WS, ws, { recursive: true, filter: (src) => !src.includes('mistakes') && !src.endsWith('-dup') });
    cpSync(path.join(WS, 'mistakes/unknown-key.yaml'), path.join(ws, 're/RE-TIZ-11.yaml'));
  });
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('refuses a sheet with errors, says why, renders the others, and exits 1', async () => {
    const r = await runCli(['render', '--out', 'dist', '--format', 'docx'], { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/re\/RE-TIZ-11\.yaml:17:1  erreur  Clé inconnue « contributon »/);
    expect(r.stderr).toMatch(/re\/RE-TIZ-11\.yaml : fiche non produite/);
    expect(existsSync(path.join(ws, 'dist/RE-TIZ-01.docx'))).toBe(true);
    expect(existsSync(path.join(ws, 'dist/RE-TIZ-11.docx'))).toBe(false);
  });

  it('exits 2 with a French message and no stack trace when the browser is missing', async () => {
    // the real process (bin/capi.js): what a researcher sees, without a stack trace
    const r = runBin(['render', 're/RE-TIZ-01.yaml', '--out', 'dist2', '--format', 'pdf'], { cwd: ws, env: { CAPI_BROWSER: '/nulle/part/chrome' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CAPI_BROWSER/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(ws, 'dist2/RE-TIZ-01.pdf'))).toBe(false);
  });

  it('exits 2 for an unknown format', async () => {
    const r = await runCli(['render', '--format', 'odt'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Format inconnu « odt »/);
  });

  it('catches a missing photo at validate time, at its line, and refuses to render the sheet', async () => {
    const sheet = path.join(ws, 're/RE-TIZ-01.yaml');
    const lines = readFileSync(sheet, 'utf8').split('\n').length;
    writeFileSync(sheet, readFileSync(sheet, 'utf8') + 'photos:\n  - fichier: ../images/absente.png\n    legende: Le bassin\n    credit: X\n    consentement: true\n');
    const v = await runCli(['validate', 're/RE-TIZ-01.yaml'], { cwd: ws });
    expect(v.code).toBe(1);
    expect(v.stdout).toBe(`re/RE-TIZ-01.yaml:${lines + 1}:14  erreur  La photo « ../images/absente.png » est introuvable. Vérifiez le nom du fichier (majuscules comprises) et son dossier ; le chemin part du dossier de la fiche.\n`);
    const r = await runCli(['render', 're/RE-TIZ-01.yaml', '--out', 'dist3', '--format', 'docx'], { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/re\/RE-TIZ-01\.yaml : fiche non produite/);
    expect(existsSync(path.join(ws, 'dist3/RE-TIZ-01.docx'))).toBe(false);
  });

  it('refuses a photo that leaves the workspace or is not an image', async () => {
    const sheet = path.join(ws, 're/RE-TIZ-02.yaml');
    const base = readFileSync(path.join(ws, 're/RE-TIZ-01.yaml'), 'utf8').replace(/photos:[\s\S]*$/, '').replace('id: RE-TIZ-01', 'id: RE-TIZ-02');
    writeFileSync(path.join(ws, 'faux.png'), 'pas une image');
    writeFileSync(sheet, base + 'photos:\n  - fichier: ../../../../../etc/hostname.png\n    legende: A\n    credit: X\n    consentement: true\n  - fichier: ../faux.png\n    legende: B\n    credit: X\n    consentement: true\n');
    const v = await runCli(['validate', 're/RE-TIZ-02.yaml', '--format', 'json'], { cwd: ws });
    const codes = JSON.parse(v.stdout).diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toEqual(['photo.outside', 'photo.invalid']);
    rmSync(sheet);
  });

  it('exits 2 with a French reason when the output folder is a file, before writing anything', async () => {
    writeFileSync(path.join(ws, 'sortie'), 'x');
    const r = await runCli(['render', 're/RE-TIZ-01.yaml', '--out', 'sortie', '--format', 'docx'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("capi : « sortie » existe déjà et n'est pas un dossier : choisissez un autre dossier de sortie avec --out.\n");
  });

  it('writes nothing at all when the browser is missing (DOCX included)', async () => {
    const r = await runCli(['render', 're', '--out', 'dist4'], { cwd: ws, env: { CAPI_BROWSER: '/nulle/part/chrome' } });
    expect(r.code).toBe(2);
    expect(readdirSync(path.join(ws, 'dist4'))).toEqual([]);
  });
});
