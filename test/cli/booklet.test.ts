import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { ROOT, runCli } from '../helpers.js';

/** Text of some pages of a PDF as poppler extracts it. */
const pdfText = (file: string, first?: number, last?: number) =>
  execFileSync('pdftotext', ['-layout', ...(first ? ['-f', String(first), '-l', String(last ?? first)] : []), file, '-'], { encoding: 'utf8' });
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

/** Top-level bookmarks of a PDF: title, 1-based page, number of children. */
async function bookmarks(file: string): Promise<Array<{ title: string; page: number; children: number }>> {
  const doc = await PDFDocument.load(readFileSync(file));
  const pages = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const root = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
  const out: Array<{ title: string; page: number; children: number }> = [];
  let node = root.lookupMaybe(PDFName.of('First'), PDFDict);
  while (node) {
    const title = node.lookup(PDFName.of('Title'), PDFString, PDFHexString).decodeText();
    const dest = node.lookup(PDFName.of('Dest')) as unknown as { get(i: number): { toString(): string } };
    let children = 0;
    for (let c = node.lookupMaybe(PDFName.of('First'), PDFDict); c; c = c.lookupMaybe(PDFName.of('Next'), PDFDict)) children += 1;
    out.push({ title, page: pages.get(dest.get(0).toString())!, children });
    node = node.lookupMaybe(PDFName.of('Next'), PDFDict);
  }
  return out;
}

const VALIDATED = readdirSync(path.join(ROOT, 'examples/re'))
  .filter((f) => /^statut: validee$/m.test(readFileSync(path.join(ROOT, 'examples/re', f), 'utf8')))
  .map((f) => f.replace(/\.yaml$/, ''));

let out: string;
let single: string;
let result: Awaited<ReturnType<typeof runCli>>;
beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'capi-booklet-'));
  single = mkdtempSync(path.join(tmpdir(), 'capi-booklet-single-'));
  result = await runCli(['booklet', 'examples', '--out', out, '--format', 'pdf,docx']);
  // each validated sheet alone, to compare page counts
  await runCli(['render', ...VALIDATED.map((id) => `examples/re/${id}.yaml`), '--out', single, '--format', 'pdf']);
}, 300_000);
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(single, { recursive: true, force: true });
});

describe('capi booklet examples (real browser, files read back)', () => {
  it('writes recueil.pdf and recueil.docx of the validated sheets and exits 0', async () => {
    expect(result.code, result.stderr).toBe(0);
    expect(VALIDATED.length).toBeGreaterThanOrEqual(4);
    expect(existsSync(path.join(out, 'recueil.pdf'))).toBe(true);
    expect(existsSync(path.join(out, 'recueil.docx'))).toBe(true);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(result.stdout).toMatch(new RegExp(`${VALIDATED.length} fiches?\\b`));
  });

  it('has front matter + every sheet at its own length + the indexes, and a bookmark per sheet with its sections', async () => {
    const file = path.join(out, 'recueil.pdf');
    const marks = await bookmarks(file);
    const sheetMarks = marks.filter((m) => /^RE-/.test(m.title));
    expect(sheetMarks.map((m) => m.title.split(' — ')[0]).sort()).toEqual([...VALIDATED].sort());
    for (const m of sheetMarks) expect(m.children, m.title).toBeGreaterThanOrEqual(4);
    const own = VALIDATED.map((id) => pageCount(path.join(single, `${id}.pdf`)));
    const front = Math.min(...sheetMarks.map((m) => m.page)) - 1;
    const indexStart = marks.find((m) => m.title === 'Index des communes')!.page;
    const index = pageCount(file) - indexStart + 1;
    expect(front).toBe(3); // cover, introduction, contents
    expect(index).toBe(2); // communes, OSIM
    expect(pageCount(file)).toBe(front + own.reduce((a, b) => a + b, 0) + index);
    // each sheet starts where the one before ends
    const starts = sheetMarks.map((m) => m.page);
    expect(starts[0]).toBe(front + 1);
    expect(marks.find((m) => m.title === 'Sommaire')?.page).toBe(3);
    expect(marks.find((m) => m.title === 'Index des OSIM')?.page).toBe(indexStart + 1);
  });

  it('prints, in the table of contents, the page where each sheet title actually is', async () => {
    const file = path.join(out, 'recueil.pdf');
    const toc = pdfText(file, 3);
    const lines = [...toc.matchAll(/^\s*(RE-[A-Z]+-\d+)\s+(.+?)\s+(\d+)\s*$/gm)].map((m) => ({ id: m[1]!, title: m[2]!, page: Number(m[3]) }));
    expect(lines.map((l) => l.id).sort()).toEqual([...VALIDATED].sort());
    for (const line of lines) {
      const page = pdfText(file, line.page);
      const words = line.title.replace(/…$/, '').split(/\s+/).slice(0, 4).join(' ');
      expect(page.replace(/\s+/g, ' '), `${line.id} on page ${line.page}`).toContain(words);
      expect(page).toContain(line.id);
      // and not already on the page before (the sheet starts there)
      if (line.page - 1 > 3) expect(pdfText(file, line.page - 1)).not.toContain(line.id);
    }
    expect(toc).toMatch(/Index des communes\s+\d+/);
  });

  it('numbers the pages continuously: page N of the booklet prints « N »', async () => {
    const file = path.join(out, 'recueil.pdf');
    for (const n of [2, 3, 4, 20, 37, pageCount(file)]) {
      const lines = pdfText(file, n).split('\n').map((l) => l.trim()).filter(Boolean);
      expect(lines[lines.length - 1], `page ${n}`).toMatch(new RegExp(`(^|\\s)${n}$`));
    }
  });

  it('lists the communes with their Arabic names, and the OSIM with their associations, with pages', async () => {
    const file = path.join(out, 'recueil.pdf');
    const n = pageCount(file);
    const index = pdfText(file, n - 1, n);
    expect(index).toContain('Index des communes');
    expect(index).toContain('Afella Ighir');
    const arabic = [...index].filter((c) => /[\u0600-\u06FF]/.test(c)).join('');
    for (const c of 'أفلاإغير') expect(arabic).toContain(c);
    expect(index).toMatch(/RE-TIZ-01 p\. \d+/);
    expect(index).toContain('Index des OSIM');
    expect(index).toMatch(/OSIM-FR-01 — Association Tagmat/);
  });

  it('writes title, author and language in the PDF', async () => {
    const info = execFileSync('pdfinfo', [path.join(out, 'recueil.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+Regards croisés sur la diaspora du Souss-Massa/);
    expect(info).toMatch(/Author:\s+Migrations & Développement/);
    const doc = await PDFDocument.load(readFileSync(path.join(out, 'recueil.pdf')));
    expect(String(doc.catalog.get(PDFName.of('Lang')))).toContain('fr');
  });

  it('builds the DOCX with contents and indexes of PAGEREF fields, one section and a bookmark per sheet', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'recueil.docx')));
    const xml = await zip.file('word/document.xml')!.async('string');
    // no TOC field (LibreOffice shows its raw code): contents lines with PAGEREF fields instead
    expect(xml).not.toMatch(/TOC [^<]*\\o/);
    expect((xml.match(/<w:sectPr/g) ?? []).length).toBeGreaterThanOrEqual(VALIDATED.length + 3);
    for (const id of VALIDATED) expect(xml).toContain(`w:name="fiche_${id.replace(/-/g, '_')}"`);
    expect((xml.match(/PAGEREF fiche_/g) ?? []).length).toBeGreaterThanOrEqual(VALIDATED.length * 3);
    const footers = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/footer\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    expect(footers.some((f) => /<w:instrText[^>]*>\s*PAGE\s*</.test(f))).toBe(true);
    const settings = await zip.file('word/settings.xml')!.async('string');
    expect(settings).toContain('w:updateFields');
  });

  it('converts with LibreOffice (the DOCX opens and lays out)', async () => {
    const lo = mkdtempSync(path.join(tmpdir(), 'capi-booklet-lo-'));
    try {
      execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', lo, path.join(out, 'recueil.docx')], { timeout: 180_000, stdio: 'ignore' });
      const pdf = path.join(lo, 'recueil.pdf');
      expect(pageCount(pdf)).toBeGreaterThan(VALIDATED.length * 5);
      const text = pdfText(pdf);
      expect(text).toContain('Sommaire');
      expect(text).toMatch(/RE-TIZ-01 p\.\s*\d+/); // LibreOffice computes the PAGEREF fields
      // the contents lines carry their page numbers too, and no raw field code
      expect(text).not.toMatch(/TOC \\/);
      expect(text).toMatch(/RE-TIZ-01 — [^.]*\.{3,}\s*\d+/);
    } finally {
      rmSync(lo, { recursive: true, force: true });
    }
  }, 200_000);
});

describe('capi booklet: selection and exit codes', () => {
  it('exits 2 with a French message naming the filter that matched nothing', async () => {
    const r = await runCli(['booklet', 'examples', '--out', path.join(tmpdir(), 'capi-never'), '--secteur', 'peche-hauturiere', '--format', 'docx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Aucune fiche pour le recueil/);
    expect(r.stderr).toMatch(/secteur peche-hauturiere/);
    const combined = await runCli(['booklet', 'examples', '--out', path.join(tmpdir(), 'capi-never'), '--statut', 'brouillon', '--province', 'tiznit', '--format', 'docx']);
    expect(combined.code).toBe(2);
    expect(combined.stderr).toMatch(/aucune ne les remplit tous/);
    const unknown = await runCli(['booklet', 'examples', '--out', path.join(tmpdir(), 'capi-never'), '--province', 'Guelmim']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Province inconnue « Guelmim »/);
  });

  it('filters by province with a loose spelling, and exits 1 naming a selected sheet with errors', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'capi-booklet-ws-'));
    try {
      cpSync(path.join(ROOT, 'examples'), ws, { recursive: true });
      const broken = path.join(ws, 're/RE-TIZ-02.yaml');
      writeFileSync(broken, readFileSync(broken, 'utf8').replace(/^titre: .*$/m, 'titre: 12'));
      const r = await runCli(['booklet', ws, '--out', path.join(ws, 'dist'), '--province', 'TIZNIT', '--format', 'docx']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/RE-TIZ-02\.yaml : fiche laissée hors du recueil/);
      const zip = await JSZip.loadAsync(readFileSync(path.join(ws, 'dist/recueil.docx')));
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml).toContain('fiche_RE_TIZ_01');
      expect(xml).not.toContain('fiche_RE_TIZ_02');
      expect(xml).not.toContain('fiche_RE_AGA_02');
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }, 120_000);
});
