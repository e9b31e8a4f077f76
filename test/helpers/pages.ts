/**
 * Reading printed pages back, for layout checks of the PDF and of the DOCX converted by LibreOffice.
 *
 * `readPages(pdf)` runs poppler's `pdftotext -bbox-layout` and returns, page by page, the text lines with
 * their boxes (PDF points, origin at the top left, y downwards). The checks below take those pages and
 * return the faults they find as sentences (an empty list when the pages are right), so a test can say
 * `expect(strandedHeadings(pages, texts)).toEqual([])` and print every fault at once:
 *
 * - `strandedHeadings`: a page whose text ends with a heading or a label (known by its text, from the
 *   view model: section titles, column titles, « Preuves et éléments probants : »…), or with a heading
 *   followed by a single line of what it introduces;
 * - `overflowing`: a word whose box lies outside the text area (the page minus its margins);
 * - `bodyTextHeight`: the most common height of a word box, to compare with the body font's (Chromium
 *   shrinks a whole document printed with something wider than the page).
 *
 * `docxToPdf(files, outDir)` converts many DOCX files with one LibreOffice call, in a profile of its own
 * (so it runs beside a LibreOffice the developer has open, and beside other tests).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Block, SectionView, SheetView } from '../../src/view/model.js';
import { PAGE_MARGINS_MM } from '../../src/render/design.js';
import { runDir } from './run-cache.js';

/** A word as poppler boxes it (points). */
export interface PageWord { text: string; xMin: number; yMin: number; xMax: number; yMax: number }
/** A line of text: its words, its text (words joined by spaces) and its box (points). */
export interface PageLine extends PageWord { words: PageWord[] }
/** One printed page: number (1-based), size in points, lines in reading order as poppler gives them. */
export interface Page { number: number; width: number; height: number; lines: PageLine[] }
/** The area body text may use on a page, as margins in points (A4 sheets: 22/18/20/18 mm). */
export interface Margins { top: number; right: number; bottom: number; left: number }

/** Millimetres to PDF points. */
export const mm = (x: number): number => (x * 72) / 25.4;
/** The page margins of capi's PDF and DOCX: one design (src/render/design.ts, PAGE_MARGINS_MM). */
export const SHEET_MARGINS: Margins = { top: mm(PAGE_MARGINS_MM.top), right: mm(PAGE_MARGINS_MM.right), bottom: mm(PAGE_MARGINS_MM.bottom), left: mm(PAGE_MARGINS_MM.left) };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string): string => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!);
const num = (attrs: string, name: string): number => Number(new RegExp(`${name}="([\\d.-]+)"`).exec(attrs)?.[1]);

/**
 * The text lines of every page of a PDF, with their boxes.
 * @param pdf path of a PDF file
 * @throws Error when `pdftotext` (poppler-utils) is missing or the file is not a PDF
 */
export function readPages(pdf: string): Page[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const pages: Page[] = [];
  let line: PageLine | undefined;
  for (const raw of xml.split('\n')) {
    const tag = raw.trim();
    if (tag.startsWith('<page ')) pages.push({ number: pages.length + 1, width: num(tag, 'width'), height: num(tag, 'height'), lines: [] });
    else if (tag.startsWith('<line ')) line = { text: '', xMin: num(tag, 'xMin'), yMin: num(tag, 'yMin'), xMax: num(tag, 'xMax'), yMax: num(tag, 'yMax'), words: [] };
    else if (tag.startsWith('<word ') && line) {
      const text = decode(/>(.*)<\/word>/.exec(tag)?.[1] ?? '');
      line.words.push({ text, xMin: num(tag, 'xMin'), yMin: num(tag, 'yMin'), xMax: num(tag, 'xMax'), yMax: num(tag, 'yMax') });
    } else if (tag === '</line>' && line) {
      line.text = line.words.map((w) => w.text).join(' ');
      pages.at(-1)?.lines.push(line);
      line = undefined;
    }
  }
  return pages;
}

/**
 * The lines of the text area of a page (running header and footer left out), top to bottom: lines
 * whose middle lies between the top and bottom margins, sorted by their top then left edge.
 */
export function bodyLines(page: Page, margins: Margins = SHEET_MARGINS): PageLine[] {
  return page.lines
    .filter((l) => (l.yMin + l.yMax) / 2 > margins.top && (l.yMin + l.yMax) / 2 < page.height - margins.bottom)
    .sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
}

/**
 * Lines of a page as the eye reads rows: lines whose boxes overlap vertically (two columns, a table row)
 * are one row. Returns the rows top to bottom, each with the text of its lines joined left to right.
 */
export function bodyRows(page: Page, margins: Margins = SHEET_MARGINS): PageLine[][] {
  const rows: PageLine[][] = [];
  for (const l of bodyLines(page, margins)) {
    const row = rows.at(-1);
    const last = row?.reduce((a, b) => (a.yMax > b.yMax ? a : b));
    if (row && last && l.yMin < last.yMax - 0.5 * (last.yMax - last.yMin)) row.push(l);
    else rows.push([l]);
  }
  return rows;
}

/** Text compared without spaces of any kind, soft hyphens, hyphens, case or apostrophe style. */
export function squeeze(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/[\s\u00ad\u2010\u2011-]+/gu, '').replace(/[’ʼ]/g, "'");
}

/**
 * The texts that introduce what follows them in a sheet's view: section titles, column titles, and the
 * labels the view writes as `lead` notes followed by what they announce (« Preuves et éléments
 * probants : »). Any other note is a remark on what is above it (« Les montants en euros et en MAD sont
 * totalisés séparément… » under a financing table), which may end a page, as print.css lets it: left out.
 */
export function leadTexts(view: SheetView): string[] {
  const out = new Set<string>();
  const blocks = (list: Block[]) => {
    list.forEach((b, i) => {
      if (b.type === 'note' && b.lead && i < list.length - 1) out.add(b.text);
      if (b.type === 'columns') for (const c of b.columns) { out.add(c.title); blocks(c.blocks); }
      if (b.type === 'chart') out.add(b.title);
    });
  };
  const walk = (s: SectionView) => {
    out.add(s.title);
    blocks(s.blocks);
    s.children.forEach(walk);
  };
  view.sections.forEach(walk);
  return [...out].filter((t) => t.trim().length > 0);
}

/**
 * The texts that end what a heading or label introduces, when they are one block of a few words: the
 * block after a label, the last block of a section (a one-paragraph text, a one-item list, a one-row
 * field table as « label value », a note, a rating). A heading followed on its page by one such line
 * only has nothing more to keep with it.
 */
export function endingTexts(view: SheetView): string[] {
  const out = new Set<string>();
  const whole = (b: Block | undefined): string | undefined => {
    if (!b) return undefined;
    if (b.type === 'rich' && b.blocks.length === 1 && b.blocks[0]!.type === 'paragraph') {
      return b.blocks[0]!.children.map((c) => (c.type === 'text' ? c.value : c.type === 'break' ? ' ' : '')).join('');
    }
    if (b.type === 'list' && b.items.length === 1) return b.items[0];
    if (b.type === 'fields' && b.rows.length === 1) return `${b.rows[0]!.label} ${b.rows[0]!.value}`;
    if (b.type === 'note') return b.text;
    if (b.type === 'rating') return `${b.label} ${b.value}`;
    return undefined;
  };
  const blocks = (list: Block[]) => {
    const add = (t: string | undefined) => t && out.add(t);
    add(whole(list.at(-1)));
    list.forEach((b, i) => {
      if (b.type === 'note' && b.lead) add(whole(list[i + 1]));
      if (b.type === 'columns') for (const c of b.columns) blocks(c.blocks);
    });
  };
  const walk = (s: SectionView) => {
    blocks(s.blocks);
    s.children.forEach(walk);
  };
  view.sections.forEach(walk);
  return [...out];
}

/**
 * Pages that end with a heading or a label: the last rows of the text area, joined, are one of `leads`
 * (a heading wrapped over two or three lines too), or a lead is followed on its page by a single line
 * while the next page goes on with the same text (not a new heading), unless that line is all there
 * was to introduce (one of `endings`). The last page is never at fault.
 * @param leads texts of the headings and labels (see `leadTexts`)
 * @param endings texts that may follow a lead alone (see `endingTexts`)
 * @returns one sentence per fault, e.g. « page 3 ends with “Méthodologie de la collecte” »
 */
export function strandedHeadings(pages: Page[], leads: readonly string[], margins: Margins = SHEET_MARGINS, endings: readonly string[] = []): string[] {
  const known = new Set(leads.map(squeeze).filter((t) => t.length > 2));
  const complete = new Set(endings.map(squeeze));
  const rowText = (row: PageLine[]) => row.map((l) => l.text).join(' ');
  const isLead = (rows: PageLine[][]) => known.has(squeeze(rows.map((r) => r.map((l) => l.text).join(' ')).join(' ')));
  const endsWithLead = (rows: PageLine[][]) => [1, 2, 3].some((k) => rows.length >= k && isLead(rows.slice(-k)));
  const faults: string[] = [];
  for (const page of pages.slice(0, -1)) {
    const rows = bodyRows(page, margins);
    const next = bodyRows(pages[page.number]!, margins);
    const say = (r: PageLine[][]) => r.map((x) => x.map((l) => l.text).join(' ')).join(' ');
    if (endsWithLead(rows)) faults.push(`page ${page.number} ends with « ${say(rows.slice(-1))} »`);
    else if (endsWithLead(rows.slice(0, -1)) && next.length > 0 && !complete.has(squeeze(rowText(rows.at(-1)!))) && ![1, 2, 3].some((k) => isLead(next.slice(0, k)))) {
      faults.push(`page ${page.number}: « ${say(rows.slice(-2, -1))} » keeps one line only (« ${say(rows.slice(-1))} »)`);
    }
  }
  return faults;
}

/**
 * Words lying outside the text area of their page (beyond the left or right margin, with `tolerance`
 * points of slack; header and footer lines are left out by their position).
 * @returns one sentence per fault, e.g. « page 2: “https://…” reaches x = 571 (text area ends at 544) »
 */
export function overflowing(pages: Page[], margins: Margins = SHEET_MARGINS, tolerance = 2): string[] {
  const faults: string[] = [];
  for (const page of pages) {
    const right = page.width - margins.right;
    for (const line of bodyLines(page, margins)) {
      for (const w of line.words) {
        if (w.xMax > right + tolerance || w.xMin < margins.left - tolerance) {
          faults.push(`page ${page.number}: « ${w.text.slice(0, 40)} » spans x = ${w.xMin.toFixed(0)}–${w.xMax.toFixed(0)} (text area ${margins.left.toFixed(0)}–${right.toFixed(0)})`);
        }
      }
    }
  }
  return faults;
}

/**
 * The most common height of the word boxes of the text area (points, rounded to 0.1): the body text's,
 * since it is most of the words. Poppler boxes a word by its font's ascent and descent, so the height is
 * the font size times a constant of the font (Noto Serif: 1.362; 10.5 pt → 14.3).
 */
export function bodyTextHeight(pages: Page[], margins: Margins = SHEET_MARGINS): number {
  const counts = new Map<number, number>();
  for (const page of pages) {
    for (const line of bodyLines(page, margins)) {
      for (const w of line.words) {
        const h = Math.round((w.yMax - w.yMin) * 10) / 10;
        counts.set(h, (counts.get(h) ?? 0) + w.text.length);
      }
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/**
 * Converts DOCX files to PDF (or `to`: odt…) with one LibreOffice call (`soffice --headless
 * --convert-to`), in a LibreOffice profile of its own made in a temporary folder and removed afterwards.
 * (Not one LibreOffice kept running for the whole test run, tried 2026-11-30: it saves its start, about
 * 8 s of CPU a call, but documents converted after others printed Tifinagh as boxes — the fonts each
 * DOCX embeds, subsets under the same names, apparently met in the long-running process.) The profile
 * is a copy of the one the run's first call made (in the run folder, `./run-cache.ts`), without its
 * `user/temp` (where LibreOffice unpacks the fonts a document embeds): a made profile saves about 1 s
 * of CPU a start (6.8 s instead of 7.9 s, measured 2026-12-01). The first profile is seeded with
 * `SEEDED_REGISTRY` (see there): without it each start spent 5.5 of those 6.8 s on LibreOffice's
 * graphics self-tests.
 * @param files DOCX paths
 * @param outDir folder that receives `NAME.pdf` for each `NAME.docx`
 * @param to the format to convert to (LibreOffice's name: `pdf`, `odt`)
 * @returns the converted paths, in the order of `files`
 * @throws Error when `soffice` fails (its message names the cause)
 */
export function docxToPdf(files: readonly string[], outDir: string, to = 'pdf'): string[] {
  if (files.length === 0) return [];
  const template = join(runDir(), 'libreoffice-profile');
  const profile = mkdtempSync(join(tmpdir(), 'capi-lo-profile-'));
  const noTemp = (from: string) => (f: string) => !f.slice(from.length).startsWith(`${sep}user${sep}temp`);
  try {
    if (existsSync(template)) cpSync(template, profile, { recursive: true, filter: noTemp(template) });
    else seedProfile(profile);
    execFileSync('soffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outDir, ...files], {
      stdio: 'pipe',
      timeout: 600_000,
    });
    if (!existsSync(template)) keepProfile(profile, template, noTemp(profile));
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return files.map((f) => join(outDir, basename(f).replace(/\.docx$/i, `.${to}`)));
}

/**
 * The settings a new LibreOffice profile starts with (`user/registrymodifications.xcu`). LibreOffice
 * (7.x) runs its graphics self-tests (`GraphicsRenderTests`: drawing on bitmaps and reading them back)
 * at every start whose profile has not recorded a version at least its own in
 * `Setup/Product/ooSetupLastVersion` — which only the GUI's start records, so a profile made by
 * `--headless --convert-to` ran them at every start: 5.5 s of the 6.3 s of CPU of a start (perf,
 * `GraphicsRenderTests::run`; desktop/source/app/app.cxx, `runGraphicsRenderTests`). A last version
 * above any release (99.9) skips them; the conversion itself is unchanged (they only log their results).
 * Measured 2026-12-01 (LibreOffice 7.4, a one-line DOCX to PDF): 6.3 s of CPU a start before, 0.85 s after.
 */
export const SEEDED_REGISTRY = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>99.9</value></prop></item>
</oor:items>
`;

/** Writes `SEEDED_REGISTRY` into the new, empty LibreOffice profile `profile`. */
function seedProfile(profile: string): void {
  mkdirSync(join(profile, 'user'), { recursive: true });
  writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), SEEDED_REGISTRY);
}

/** Copies a profile LibreOffice made to `template`, whole or not at all (renamed into place; another worker may win). */
function keepProfile(profile: string, template: string, filter: (f: string) => boolean): void {
  const partial = `${template}-${process.pid}`;
  try {
    cpSync(profile, partial, { recursive: true, filter });
    renameSync(partial, template);
  } catch {
    // another worker's profile is there first: one is enough
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}
