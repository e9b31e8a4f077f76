import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, decodePDFRawStream } from 'pdf-lib';
import { ROOT, runCli } from '../helpers.js';
import { renderedExamples } from '../helpers/examples.js';
import { BOOKLET_IDS, chosenBooklet, type MadeBooklet } from '../helpers/booklet.js';

/**
 * The pages of a PDF's text as `pdftotext -layout` extracts it, each ended by its form feed: one call per
 * file, kept (the files are not changed once written; a call for one page parses the whole file again,
 * and the tests below ask for pages by the dozen). Page by page, the text is the same as a call with
 * `-f p -l p` gives.
 */
const extracted = new Map<string, string[]>();
const pagesOf = (file: string): string[] => {
  let pages = extracted.get(file);
  if (!pages) {
    pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split(/(?<=\f)/);
    extracted.set(file, pages);
  }
  return pages;
};

/** Text of some pages of a PDF as poppler extracts it. */
/** (Without the soft hyphens of French body text; no-break spaces and typographic apostrophes as typed in the sheets.) */
const pdfText = (file: string, first?: number, last?: number) =>
  (first ? pagesOf(file).slice(first - 1, last ?? first) : pagesOf(file))
    .join('')
    .replace(/\u00ad/g, '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\u2019/g, "'");

/** The PDF parsed by pdf-lib, once per file (the tests only read it). */
const parsed = new Map<string, Promise<PDFDocument>>();
const loadPdf = (file: string): Promise<PDFDocument> => {
  let doc = parsed.get(file);
  if (!doc) {
    doc = PDFDocument.load(readFileSync(file));
    parsed.set(file, doc);
  }
  return doc;
};
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

/** Top-level bookmarks of a PDF: title, 1-based page, number of children. */
async function bookmarks(file: string): Promise<Array<{ title: string; page: number; children: number }>> {
  const doc = await loadPdf(file);
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

/** Three validated sheets of the examples: the first ends on an odd page (a blank verso follows), the second on an even one. */
const CHOSEN = BOOKLET_IDS;
const VALIDATED = readdirSync(path.join(ROOT, 'examples/re'))
  .filter((f) => /^statut: validee$/m.test(readFileSync(path.join(ROOT, 'examples/re', f), 'utf8')))
  .map((f) => f.replace(/\.yaml$/, ''));
const TITLES = new Map(CHOSEN.map((id) => [id, /^titre: (.+)$/m.exec(readFileSync(path.join(ROOT, 'examples/re', `${id}.yaml`), 'utf8'))![1]!.replace(/^["']|["']$/g, '')]));

/** Link annotations of a PDF: page (1-based) of the annotation, page it goes to, and any URI left. */
async function links(file: string): Promise<Array<{ on: number; to?: number; uri?: string }>> {
  const doc = await loadPdf(file);
  const pages = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const out: Array<{ on: number; to?: number; uri?: string }> = [];
  doc.getPages().forEach((page, i) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let k = 0; annots && k < annots.size(); k++) {
      const a = annots.lookup(k, PDFDict);
      if (a.get(PDFName.of('Subtype'))?.toString() !== '/Link') continue;
      const dest = a.lookupMaybe(PDFName.of('Dest'), PDFArray);
      const uri = a.lookupMaybe(PDFName.of('A'), PDFDict)?.get(PDFName.of('URI'));
      out.push({ on: i + 1, ...(dest ? { to: pages.get(dest.get(0).toString()) } : {}), ...(uri ? { uri: String(uri) } : {}) });
    }
  });
  return out;
}

/** Words of a page's text (no layout), for pages that must be empty. */
const words = (file: string, page: number) => pdfText(file, page).trim();

// the booklet of the three sheets and its DOCX through LibreOffice, made once per run and read by
// ./booklet-publication.test.ts too (read-only here)
let out: string;
let single: string;
let result: MadeBooklet;
beforeAll(async () => {
  result = await chosenBooklet();
  out = result.out;
  // each sheet alone, to compare page counts: the examples rendered once per run (read-only)
  single = (await renderedExamples()).out;
}, 300_000);

describe('capi booklet (real browser, files read back)', () => {
  it('writes recueil.pdf and recueil.docx of the sheets asked for and exits 0', async () => {
    expect(result.code, result.stderr).toBe(0);
    expect(VALIDATED).toEqual(expect.arrayContaining([...CHOSEN]));
    expect(existsSync(path.join(out, 'recueil.pdf'))).toBe(true);
    expect(existsSync(path.join(out, 'recueil.docx'))).toBe(true);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(result.stdout).toMatch(/3 fiches\b/);
  });

  it('starts the introduction, the contents, every sheet, the glossary and the index on a right-hand page; blank versos are empty; the back cover is the last, even page', async () => {
    const file = path.join(out, 'recueil.pdf');
    const marks = await bookmarks(file);
    const at = (title: string) => marks.find((m) => m.title === title)?.page;
    const n = pageCount(file);
    expect(at('Introduction')).toBe(3); // not on the back of the cover
    // the back of the cover holds the booklet's colophon (as publishers print it), without a running header or number
    expect(words(file, 2)).toMatch(/^Migrations & Développement[\s\S]*Licence : CC BY 4\.0[\s\S]*Pour citer ce document[\s\S]*Noms de lieux : HCP[^\n]*$/);
    expect(at('Sommaire')! % 2).toBe(1);
    const sheetMarks = marks.filter((m) => /^RE-/.test(m.title));
    expect(sheetMarks.map((m) => m.title.split(' — ')[0])).toEqual(CHOSEN);
    for (const m of sheetMarks) expect(m.children, m.title).toBeGreaterThanOrEqual(4);
    const starts = sheetMarks.map((m) => m.page);
    const own = CHOSEN.map((id) => pageCount(path.join(single, `${id}.pdf`)));
    for (const [k, start] of starts.entries()) {
      expect(start % 2, `${CHOSEN[k]} starts on page ${start}`).toBe(1);
      // the page before is the end of what comes before, or a blank verso (nothing printed, not even a number)
      const end = k === 0 ? at('Sommaire')! : starts[k - 1]! + own[k - 1]! - 1;
      expect(start - end, `${CHOSEN[k]}: ${start} after ${end}`).toBe(end % 2 === 1 ? 2 : 1);
      if (start - end === 2) expect(words(file, end + 1)).toBe('');
    }
    // each sheet keeps its own length (the next part starts after it, at most one blank page later)
    const glossary = at('Glossaire')!;
    expect(glossary % 2).toBe(1);
    expect(glossary - (starts[2]! + own[2]!)).toBeLessThanOrEqual(1);
    expect(at('Index des communes')! % 2).toBe(1);
    expect(n % 2).toBe(0);
    const back = pdfText(file, n);
    expect(back.replace(/ /g, '')).toContain('MIGRATIONS&DÉVELOPPEMENT');
    expect(back).not.toContain('3 fiches retour'); // no running header either
    expect(back).toMatch(/Édition du \d{1,2} [a-zéû]+ \d{4}/);
    expect(back).toContain('Noms de lieux : HCP');
    expect(back).not.toMatch(new RegExp(`(^|\\s)${n}\\s*$`)); // no page number on the back cover
  });

  it('gives each sheet\'s pages its own running header and reference, as the sheet alone has them (sheets printed several to a document)', async () => {
    const file = path.join(out, 'recueil.pdf');
    const starts = (await bookmarks(file)).filter((m) => /^RE-/.test(m.title)).map((m) => m.page);
    const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
    for (const [k, id] of CHOSEN.entries()) {
      const own = pageCount(path.join(single, `${id}.pdf`));
      for (let i = 0; i < own; i += 1) {
        const page = lines(pdfText(file, starts[k]! + i));
        const alone = lines(pdfText(path.join(single, `${id}.pdf`), i + 1));
        // the header line as the sheet alone prints it; the footer with the sheet's reference, the booklet's page number
        expect(page[0], `${id}, its page ${i + 1}`).toBe(alone[0]);
        expect(page.at(-1), `${id}, its page ${i + 1}`).toMatch(new RegExp(`^Document interne — ne pas diffuser\\s+${id}\\s+${starts[k]! + i}$`));
        expect(alone.at(-1)).toMatch(new RegExp(`\\s${id}\\s+Page ${i + 1} / ${own}$`));
      }
    }
  });

  it('prints full titles in the contents, wrapped, never cut, each with the page where the sheet is', async () => {
    const file = path.join(out, 'recueil.pdf');
    const contents = (await bookmarks(file)).find((m) => m.title === 'Sommaire')!.page;
    const toc = pdfText(file, contents);
    expect(toc).not.toContain('…');
    const flat = toc.replace(/\s+/g, ' ');
    for (const [id, title] of TITLES) {
      const words = title.split(/\s+/);
      // every word of the title, in order (line breaks and the page column fall between them)
      expect(flat, id).toMatch(new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\d]+')));
      const line = new RegExp(`${id}\\s+[^\\n]*?\\s(\\d+)\\s*$`, 'm').exec(toc);
      const page = Number(line![1]);
      expect(pdfText(file, page)).toContain(id);
      expect(pdfText(file, page - 1)).not.toContain(`${id} `);
    }
    expect(toc).toMatch(/Glossaire\s+\d+/);
    expect(toc).toMatch(/Index des communes\s+\d+/);
  });

  it('makes the contents and the indexes real links (PDF link annotations) to each sheet\'s first page', async () => {
    const file = path.join(out, 'recueil.pdf');
    const marks = await bookmarks(file);
    const contents = marks.find((m) => m.title === 'Sommaire')!.page;
    const all = await links(file);
    expect(all.filter((l) => l.uri?.startsWith('capi:'))).toEqual([]);
    const fromContents = all.filter((l) => l.on === contents);
    for (const m of marks.filter((x) => /^RE-/.test(x.title))) {
      expect(fromContents.some((l) => l.to === m.page), `${m.title} (page ${m.page})`).toBe(true);
    }
    expect(fromContents.some((l) => l.to === marks.find((m) => m.title === 'Glossaire')!.page)).toBe(true);
    expect(fromContents.some((l) => l.to === marks.find((m) => m.title === 'Index des OSIM')!.page)).toBe(true);
    // every link of the contents goes somewhere in the booklet
    expect(fromContents.every((l) => l.to !== undefined)).toBe(true);
    const index = marks.find((m) => m.title === 'Index des communes')!.page;
    const fromIndex = all.filter((l) => l.on === index);
    const starts = new Set(marks.filter((x) => /^RE-/.test(x.title)).map((m) => m.page));
    expect(fromIndex.length).toBeGreaterThanOrEqual(CHOSEN.length);
    for (const l of fromIndex) expect(starts.has(l.to!), `index link to page ${l.to}`).toBe(true);
  });

  it('is a tagged PDF: one structure tree (a Part per printed part), every page\'s marked content reachable through the parent tree', async () => {
    const file = path.join(out, 'recueil.pdf');
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
    const doc = await loadPdf(file);
    const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    const top = root.lookup(PDFName.of('K'), PDFDict);
    expect(String(top.get(PDFName.of('S')))).toBe('/Document');
    const parts = top.lookup(PDFName.of('K'), PDFArray);
    expect(parts.size()).toBe(1 + CHOSEN.length + 1); // front, sheets, back
    const nums = root.lookup(PDFName.of('ParentTree'), PDFDict).lookup(PDFName.of('Nums'), PDFArray);
    const keys = new Set<number>();
    for (let i = 0; i < nums.size(); i += 2) keys.add(nums.lookup(i, PDFNumber).asNumber());
    expect(keys.size).toBe(nums.size() / 2); // no key twice
    const pageRefs = new Set(doc.getPages().map((p) => p.ref.toString()));
    const texts = pdfText(file).split('\f');
    let printed = 0;
    doc.getPages().forEach((page, i) => {
      const key = page.node.lookupMaybe(PDFName.of('StructParents'), PDFNumber);
      if (texts[i]!.trim() === '') return; // blank verso: nothing to tag
      printed += 1;
      expect(key, `page ${i + 1}`).toBeDefined();
      expect(keys.has(key!.asNumber()), `page ${i + 1}: key ${key!.asNumber()}`).toBe(true);
      // the elements of the page point back at this very page (most of them: Chromium gives an element
      // that goes on from the page before that page, in the single sheets too)
      const elems = nums.lookup([...keys].indexOf(key!.asNumber()) * 2 + 1, PDFArray);
      const pgs = elems.asArray().map((_, k) => String(elems.lookupMaybe(k, PDFDict)?.get(PDFName.of('Pg'))));
      expect(pgs.every((pg) => pageRefs.has(pg)), `page ${i + 1}`).toBe(true);
      expect(pgs.filter((pg) => pg === page.ref.toString()).length, `page ${i + 1}`).toBeGreaterThan(pgs.length / 2);
    });
    expect(printed).toBeGreaterThan(CHOSEN.length * 5);
    // headings of the sheets are in the structure
    const tree = execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect((tree.match(/^\s+H1\b/gm) ?? []).length).toBeGreaterThanOrEqual(CHOSEN.length + 4);
  });

  it('prints page p\'s number « p » in the footer of every page but the covers, the colophon and the blank versos', async () => {
    const file = path.join(out, 'recueil.pdf');
    const n = pageCount(file);
    const pages = pdfText(file).split('\f').slice(0, n);
    const footer = (p: number) => pages[p - 1]!.split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? '';
    const marks = await bookmarks(file);
    const sheetStarts = marks.filter((m) => /^RE-/.test(m.title)).map((m) => m.page);
    let blanks = 0;
    for (let p = 1; p <= n; p++) {
      if (pages[p - 1]!.trim() === '') {
        // a blank page, nothing printed on it, not even its number: a left-hand page before a part, or
        // the page that puts the back cover last, on a left-hand page
        blanks += 1;
        expect(p % 2 === 0 || p === n - 1, `blank page ${p}`).toBe(true);
        continue;
      }
      if (p === 1 || p === 2 || p === n) expect(footer(p), `page ${p}`).not.toMatch(/(^|\s)\d+$/);
      else expect(footer(p), `page ${p}`).toMatch(new RegExp(`(^|\\s)${p}$`));
    }
    expect(blanks).toBeGreaterThan(0);
    expect(sheetStarts.length).toBe(CHOSEN.length);
  });

  it('stamps the sheets\' page numbers where Chromium prints the front matter\'s: same right edge, same baseline, same size', async () => {
    const file = path.join(out, 'recueil.pdf');
    /** The box (points) of the word « p » at the foot of page p, from poppler's word boxes. */
    const numberBox = (p: number) => {
      const html = execFileSync('pdftotext', ['-bbox', '-f', String(p), '-l', String(p), file, '-'], { encoding: 'utf8' });
      const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)];
      const w = words.filter((m) => m[5] === String(p)).at(-1)!;
      expect(w, `page ${p}`).toBeDefined();
      return { xMax: Number(w[3]), yMin: Number(w[2]), yMax: Number(w[4]) };
    };
    const marks = await bookmarks(file);
    const first = marks.find((m) => /^RE-/.test(m.title))!.page;
    const printed = numberBox(3); // the introduction: numbered by Chromium
    for (const p of [first, first + 1, first + 9]) {
      const stamped = numberBox(p);
      expect(Math.abs(stamped.xMax - printed.xMax), `page ${p} right edge`).toBeLessThan(0.3);
      expect(Math.abs(stamped.yMax - printed.yMax), `page ${p} foot`).toBeLessThan(0.3);
      expect(Math.abs(stamped.yMax - stamped.yMin - (printed.yMax - printed.yMin)), `page ${p} size`).toBeLessThan(0.3);
    }
  });

  it('marks the stamped page numbers as artifacts, outside the structure tree', async () => {
    const doc = await loadPdf(path.join(out, 'recueil.pdf'));
    const marks = await bookmarks(path.join(out, 'recueil.pdf'));
    const at = marks.find((m) => /^RE-/.test(m.title))!.page + 1;
    const contents = doc.getPage(at - 1).node.Contents()!;
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    const text = Buffer.from(decodePDFRawStream(streams.at(-1) as never).decode()).toString('latin1');
    // one artifact sequence drawing the digits' form XObjects, one per digit of the page number
    expect(text).toMatch(/^\/Artifact BMC\n(?:q\n(?:1 0 0 1 -?[\d.]+ -?[\d.]+ cm\n)+\/EmbeddedPdfPage-\d+ Do\nQ\n)+EMC\n?$/);
    expect(text.match(/ Do\n/g)).toHaveLength(String(at).length);
  });

  it('ends with the glossary of glossaire.yaml, then the indexes of communes (Arabic names) and OSIM, with pages', async () => {
    const file = path.join(out, 'recueil.pdf');
    const marks = await bookmarks(file);
    const g = marks.find((m) => m.title === 'Glossaire')!.page;
    const glossary = pdfText(file, g, g + 1);
    for (const term of ['INDH', 'Initiative nationale pour le développement humain', 'ONEE', 'douar', 'séguia', 'tiwizi']) expect(glossary).toContain(term);
    expect(glossary).toContain('ⵜⵉⵡⵉⵣⵉ');
    expect(glossary.indexOf('ANDZOA')).toBeLessThan(glossary.indexOf('AUEA'));
    const i = marks.find((m) => m.title === 'Index des communes')!.page;
    const index = pdfText(file, i, i + 1);
    expect(index).toContain('Index des communes');
    expect(index).toMatch(/RE-AGA-02 p\. \d+/);
    expect(index).toContain('Index des OSIM');
  });

  it('writes title, author and language in the PDF', async () => {
    const info = execFileSync('pdfinfo', [path.join(out, 'recueil.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+Regards croisés sur la diaspora du Souss-Massa/);
    expect(info).toMatch(/Author:\s+Migrations & Développement/);
    const doc = await loadPdf(path.join(out, 'recueil.pdf'));
    expect(String(doc.catalog.get(PDFName.of('Lang')))).toContain('fr');
  });

  it('builds the DOCX for print: right-hand sections (oddPage), contents of hyperlinks to bookmarks holding PAGEREF fields, the glossary, a back cover', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'recueil.docx')));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).not.toMatch(/TOC [^<]*\\o/);
    const types = [...xml.matchAll(/<w:sectPr\b[\s\S]*?<\/w:sectPr>/g)].map((m) => /<w:type w:val="(\w+)"/.exec(m[0])?.[1] ?? 'nextPage');
    // cover, its verso (the booklet's colophon), introduction, contents, 3 sheets, glossary, indexes, back cover
    expect(types).toEqual(['nextPage', 'nextPage', 'oddPage', 'oddPage', 'oddPage', 'oddPage', 'oddPage', 'oddPage', 'oddPage', 'evenPage']);
    for (const id of CHOSEN) {
      const anchor = `fiche_${id.replace(/-/g, '_')}`;
      expect(xml).toContain(`w:name="${anchor}"`);
      // a hyperlink to the bookmark, with the PAGEREF field inside it
      expect(xml).toMatch(new RegExp(`<w:hyperlink[^>]*w:anchor="${anchor}"[^>]*>(?:(?!</w:hyperlink>)[\\s\\S])*PAGEREF ${anchor}`));
    }
    for (const anchor of ['glossaire', 'index_communes', 'index_osim']) {
      expect(xml).toContain(`w:name="${anchor}"`);
      expect(xml).toMatch(new RegExp(`<w:hyperlink[^>]*w:anchor="${anchor}"`));
    }
    for (const term of ['INDH', 'séguia', 'tiwizi', 'ⵜⵉⵡⵉⵣⵉ', 'Office national de l']) expect(xml).toContain(term);
    expect(xml).toMatch(/Édition du[\s\u00a0\u202f]\d{1,2}[\s\u00a0\u202f][a-zéû]+[\s\u00a0\u202f]\d{4}/);
    expect(xml).not.toContain('…');
    const footers = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/footer\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    expect(footers.some((f) => /<w:instrText[^>]*>\s*PAGE\s*</.test(f))).toBe(true);
    const settings = await zip.file('word/settings.xml')!.async('string');
    expect(settings).toContain('w:updateFields');
  });

  it('converts with LibreOffice: each sheet on a right-hand page, the page numbers filled in', async () => {
    const pdf = result.libreOfficePdf;
    const text = pdfText(pdf);
    expect(text).toContain('Sommaire');
    expect(text).toMatch(/RE-AGA-02 p\.\s*\d+/); // LibreOffice computes the PAGEREF fields
    expect(text).not.toMatch(/TOC \\/);
    expect(text).toMatch(/RE-AGA-02 — [^.]*\.{3,}\s*\d+/);
    // LibreOffice's PDF leaves out the blank versos it inserts, but numbers pages as printed:
    // the footer of each sheet's first page shows an odd number, as does the glossary's
    const n = pageCount(pdf);
    const firstPages = new Map<string, number>();
    for (let p = 1; p <= n; p++) {
      const page = pdfText(pdf, p);
      for (const id of CHOSEN) if (!firstPages.has(id) && page.includes(`${id} · `)) firstPages.set(id, p);
    }
    expect([...firstPages.keys()]).toEqual(CHOSEN);
    for (const [id, p] of firstPages) {
      const lines = pdfText(pdf, p).split('\n').map((l) => l.trim()).filter(Boolean);
      const number = Number(/(\d+)$/.exec(lines[lines.length - 1]!)?.[1]);
      expect(number % 2, `${id}: printed page ${number}`).toBe(1);
    }
  });
});

describe('capi booklet: selection and exit codes', () => {
  it('exits 2 with a French message naming the filter that matched nothing', async () => {
    const r = await runCli(['booklet', 'examples', '--out', path.join(tmpdir(), 'capi-never'), '--secteur', 'assainissement', '--format', 'docx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Aucune fiche pour le recueil/);
    expect(r.stderr).toMatch(/secteur assainissement/);
    const unknownSector = await runCli(['booklet', 'examples', '--out', path.join(tmpdir(), 'capi-never'), '--secteur', 'peche-hauturiere', '--format', 'docx']);
    expect(unknownSector.code).toBe(2);
    expect(unknownSector.stderr).toMatch(/Secteur inconnu « peche-hauturiere »/);
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
