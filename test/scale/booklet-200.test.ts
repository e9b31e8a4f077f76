import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { ROOT, runBin } from '../helpers.js';

/** 200 RE sheets: copies of the validated examples with new ids and titles; the OSIM folder kept. */
const SHEETS = 200;
const SOURCES = ['RE-TIZ-01', 'RE-TIZ-02', 'RE-AGA-02', 'RE-CHT-02', 'RE-TAR-01'];

let ws: string;
let result: ReturnType<typeof runBin>;
let seconds: number;
beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-booklet-200-'));
  for (const dir of ['osim', 'images']) cpSync(path.join(ROOT, 'examples', dir), path.join(ws, dir), { recursive: true });
  cpSync(path.join(ROOT, 'examples/capi.config.yaml'), path.join(ws, 'capi.config.yaml'));
  mkdirSync(path.join(ws, 're'));
  for (let i = 1; i <= SHEETS; i += 1) {
    const source = SOURCES[(i - 1) % SOURCES.length]!;
    const id = `${source.replace(/-\d+$/, '')}-${String(i).padStart(3, '0')}`;
    const text = readFileSync(path.join(ROOT, 'examples/re', `${source}.yaml`), 'utf8')
      .replace(/^id: .*$/m, `id: ${id}`)
      .replace(/^titre: "?/m, (m) => `${m}(${i}) `);
    writeFileSync(path.join(ws, 're', `${id}.yaml`), text);
  }
  const started = Date.now();
  result = runBin(['booklet', ws, '--out', path.join(ws, 'dist'), '--format', 'pdf,docx'], { env: {} });
  seconds = (Date.now() - started) / 1000;
  // eslint-disable-next-line no-console
  console.log(`capi booklet, ${SHEETS} sheets, PDF + DOCX: ${seconds.toFixed(1)} s\n${result.stdout}${result.stderr}`);
}, 600_000);
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe(`capi booklet with ${SHEETS} sheets`, () => {
  it('finishes in a few minutes and exits 0', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(seconds).toBeLessThan(480);
  });

  it('has one bookmark per sheet and about 2,000 pages', async () => {
    const file = path.join(ws, 'dist/recueil.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThan(SHEETS * 8);
    const doc = await PDFDocument.load(readFileSync(file));
    expect(doc.getPageCount()).toBe(pages);
    const titles: string[] = [];
    const root = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
    for (let n = root.lookupMaybe(PDFName.of('First'), PDFDict); n; n = n.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      titles.push((n.lookup(PDFName.of('Title')) as unknown as { decodeText(): string }).decodeText());
    }
    expect(titles.filter((t) => /^RE-[A-Z]+-\d{3} — /.test(t))).toHaveLength(SHEETS);
    // the stdout line states the page count
    expect(result.stdout).toMatch(new RegExp(`${pages} pages, ${SHEETS} fiches`));
  });

  it('prints page p\'s number « p » in the footer of every page but the covers, the colophon and the blank versos', () => {
    const file = path.join(ws, 'dist/recueil.pdf');
    const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).split('\f');
    const n = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    let numbered = 0;
    for (let p = 1; p <= n; p++) {
      const text = pages[p - 1]!;
      const last = text.split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? '';
      if (text.trim() === '') expect(p % 2 === 0 || p === n - 1, `blank page ${p}`).toBe(true);
      else if (p <= 2 || p === n) expect(last, `page ${p}`).not.toMatch(/(^|\s)\d+$/);
      else {
        expect(last, `page ${p}`).toMatch(new RegExp(`(^|\\s)${p}$`));
        numbered += 1;
      }
    }
    expect(numbered).toBeGreaterThan(SHEETS * 8);
  });

  it('writes a DOCX with a section and a bookmark per sheet', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(ws, 'dist/recueil.docx')));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect((xml.match(/<w:bookmarkStart [^>]*w:name="fiche_/g) ?? []).length).toBe(SHEETS);
    expect((xml.match(/<w:sectPr/g) ?? []).length).toBeGreaterThanOrEqual(SHEETS + 3);
  });
});
