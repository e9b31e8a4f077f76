/**
 * Review edition (`capi render --relecture`): the open review comments attached to sections become
 * real Word comments in the DOCX (anchored on the section heading) and margin notes in the HTML/PDF.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/render/browser.js';
import { renderDocx } from '../../src/render/docx.js';
import { renderHtml } from '../../src/render/html.js';
import { PdfRenderer } from '../../src/render/pdf.js';
import type { ReviewCommentView, SheetView } from '../../src/view/model.js';
import { CROSS, crossView } from './cross-view.js';
import { docxToPdf } from '../helpers/pages.js';

const run = promisify(execFile);

const LEVEL1: ReviewCommentView = {
  number: 2,
  author: 'Karima El Moudden',
  date: '2022-09-12',
  // set by typesetView in a built view: the renderers print the date in words, never the ISO date
  dateText: '12\u00a0septembre 2022',
  field: 'contexte',
  text: 'Préciser la date de la pénurie <b>estivale</b> & citer la source (« enquête 2021 »).',
};
const LEVEL2: ReviewCommentView = {
  number: 5,
  author: 'Karima El Moudden',
  date: '2022-09-12',
  // set by typesetView in a built view: the renderers print the date in words, never the ISO date
  dateText: '12\u00a0septembre 2022',
  field: 'perceptions.0.citations',
  text: 'Ajouter une citation de l’élue, avec son consentement.',
};
const LEVEL3: ReviewCommentView = {
  number: 1,
  author: 'Hicham Bouzid',
  field: 'osim',
  text: 'Comité de l’eau : combien de femmes élues ?',
};

/** The cross view (levels 1 to 3) with a comment on a level-1 section, a level-2 section and a level-3 section. */
function reviewView(): SheetView {
  const view = crossView();
  const contexte = view.sections.find((s) => s.title === 'Contexte')!;
  contexte.comments = [LEVEL1];
  const perceptions = view.sections.find((s) => s.children.length > 0 && s.level === 1)!;
  perceptions.children[0]!.comments = [LEVEL2];
  const cross = view.sections.find((s) => s.id === 'regard-croise')!;
  cross.children[0]!.children[0]!.comments = [LEVEL3];
  return view;
}

const paragraphs = (xml: string): string[] => xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
const plain = (xml: string): string => xml.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

let dir: string;
let view: SheetView;
let commentsXml: string;
let documentXml: string;
let docx: Buffer;

beforeAll(async () => {
  // set CAPI_TEST_KEEP=/some/folder to keep the DOCX, the PDFs and the LibreOffice conversion and look at them
  dir = process.env.CAPI_TEST_KEEP ?? (await mkdtemp(join(tmpdir(), 'capi-review-')));
  view = reviewView();
  docx = await renderDocx(view);
  const zip = await JSZip.loadAsync(docx);
  commentsXml = await zip.file('word/comments.xml')!.async('string');
  documentXml = await zip.file('word/document.xml')!.async('string');
});

afterAll(async () => {
  if (dir && !process.env.CAPI_TEST_KEEP) await rm(dir, { recursive: true, force: true });
});

describe('DOCX: review comments are Word comments', () => {
  const comments = (): string[] => commentsXml.match(/<w:comment [\s\S]*?<\/w:comment>/g) ?? [];

  it('writes one w:comment per review comment, with author, initials, date and « [n° N · champ] texte »', () => {
    expect(comments()).toHaveLength(3);
    const byText = (n: number) => comments().find((c) => plain(c).includes(`[n° ${n} · `))!;
    const first = byText(2);
    expect(first).toMatch(/w:author="Karima El Moudden"/);
    expect(first).toMatch(/w:initials="KEM"/);
    expect(first).toMatch(/w:date="2022-09-12T12:00:00(\.000)?Z"/);
    expect(plain(first)).toBe(`[n° 2 · contexte] ${LEVEL1.text}`);
    // markup in the comment is text, escaped once
    expect(first).toContain('&lt;b&gt;estivale&lt;/b&gt; &amp; citer');
    expect(first).toContain('<w:annotationRef/>');
    expect(plain(byText(5))).toBe(`[n° 5 · perceptions.0.citations] ${LEVEL2.text}`);
    expect(byText(1)).toMatch(/w:author="Hicham Bouzid"/);
  });

  it('writes each review date so that every time zone from UTC−11 to UTC+11 reads the same day', () => {
    // midnight UTC was read as 11 September in Word west of Greenwich (Casablanca in winter is UTC+0/+1,
    // Montreal UTC−5): the day of the review must not depend on the reader's zone
    const written = /w:date="([^"]+)"/.exec(comments().find((c) => plain(c).includes('[n° 2 · '))!)![1]!;
    for (const hours of [-11, -5, 0, 1, 2, 11]) {
      const local = new Date(Date.parse(written) + hours * 3_600_000).toISOString().slice(0, 10);
      expect(local, `UTC${hours >= 0 ? '+' : ''}${hours}`).toBe('2022-09-12');
    }
  });

  it('anchors each comment on its section heading: range start, title runs, range end, reference (matching ids)', () => {
    const cases: Array<[ReviewCommentView, string, string]> = [
      [LEVEL1, 'Heading1', 'Contexte'],
      [LEVEL2, 'Heading2', view.sections.find((s) => s.children.length > 0 && s.level === 1)!.children[0]!.title],
      [LEVEL3, 'Heading3', CROSS.level3],
    ];
    const ids = new Set<string>();
    for (const [comment, style, title] of cases) {
      const id = /w:id="(\d+)"/.exec(comments().find((c) => plain(c).includes(`[n° ${comment.number} · `))!)![1]!;
      ids.add(id);
      const p = paragraphs(documentXml).find((x) => x.includes(`<w:commentRangeStart w:id="${id}"/>`));
      expect(p, `heading of comment ${comment.number}`).toBeDefined();
      expect(p).toContain(`<w:pStyle w:val="${style}"/>`);
      expect(plain(p!)).toBe(title);
      const start = p!.indexOf(`<w:commentRangeStart w:id="${id}"/>`);
      const text = p!.indexOf('<w:t');
      const end = p!.indexOf(`<w:commentRangeEnd w:id="${id}"/>`);
      const ref = p!.indexOf(`<w:commentReference w:id="${id}"/>`);
      expect(start).toBeLessThan(text);
      expect(text).toBeLessThan(end);
      expect(end).toBeLessThan(ref);
    }
    expect(ids.size).toBe(3);
    // nothing else is anchored
    expect(documentXml.match(/<w:commentRangeStart /g)).toHaveLength(3);
    expect(documentXml.match(/<w:commentReference /g)).toHaveLength(3);
  });

  it('writes no comment when the view has none', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(crossView()));
    const xml = (await zip.file('word/comments.xml')?.async('string')) ?? '';
    expect(xml).not.toContain('<w:comment ');
    expect(await zip.file('word/document.xml')!.async('string')).not.toMatch(/commentRange|commentReference/);
  });

  it(
    'converts with LibreOffice, which keeps the comments',
    async () => {
      const file = join(dir, 'review.docx');
      await writeFile(file, docx);
      // (that LibreOffice prints a review edition to PDF: test/render/docx-word.test.ts, the « review » kind)
      docxToPdf([file], dir, 'odt');
      // LibreOffice read the comments as annotations (office:annotation with the author and the text)
      const odt = await JSZip.loadAsync(await readFile(join(dir, 'review.odt')));
      const content = await odt.file('content.xml')!.async('string');
      const annotations = content.match(/<office:annotation[ >][\s\S]*?<\/office:annotation>/g) ?? [];
      expect(annotations).toHaveLength(3);
      expect(plain(annotations.join('\n'))).toContain('[n° 2 · contexte] Préciser la date');
      expect(annotations.join('\n')).toContain('Karima El Moudden');
      expect(plain(content)).toContain('Contexte');
    },
    250_000,
  );
});

describe('HTML: review comments are margin notes', () => {
  const notes = (html: string): string[] => html.match(/<aside class="review-note"[\s\S]*?<\/aside>/g) ?? [];

  it('draws each comment right after its section heading, numbered, with reviewer and date', () => {
    const html = renderHtml(view);
    expect(html).toMatch(/<body class="sheet sheet-re review">/);
    expect(notes(html)).toHaveLength(3);
    const contexte = /<section class="section level-1" id="[^"]*">\s*<div class="section-head">\s*<h2>Contexte<\/h2>\s*<aside class="review-note"[\s\S]*?<\/aside>/.exec(html);
    expect(contexte).not.toBeNull();
    expect(contexte![0]).toContain('Commentaire n° 2');
    expect(contexte![0]).toContain('Karima El Moudden');
    expect(contexte![0]).toContain('<time datetime="2022-09-12">12\u00a0septembre 2022</time>');
    expect(contexte![0]).toContain('contexte');
    // level 2 (h3) and level 3 (h4)
    expect(html).toMatch(/<h3>[^<]*<\/h3>\s*<aside class="review-note" role="note">\s*<p class="review-head"><span class="review-number">Commentaire n° 5<\/span>/);
    expect(html).toMatch(/<h4>[^<]*<\/h4>\s*<aside class="review-note" role="note">\s*<p class="review-head"><span class="review-number">Commentaire n° 1<\/span> — <span class="review-author">Hicham Bouzid<\/span><\/p>/);
  });

  it('escapes the comment text, the author and the field', () => {
    const v = reviewView();
    v.sections[0]!.comments = [{ number: 3, author: 'A <img src=x onerror=alert(1)>', date: '2022-09-12"><script>', field: 'x"><b>', text: '<script>alert("x")</script> & fin' }];
    const html = renderHtml(v);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; fin');
    expect(html).toContain('A &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('datetime="2022-09-12&quot;&gt;&lt;script&gt;"');
  });

  it('keeps the notes in a gutter inside the text area (float into the main padding), callouts on narrow screens', () => {
    const html = renderHtml(view);
    const css = /body\.review main \{\s*padding-right: (\d+)mm;/.exec(html);
    expect(css).not.toBeNull();
    const gutter = Number(css![1]);
    const note = /\.review-note \{([^}]*)\}/.exec(html)![1]!;
    expect(note).toMatch(/float: right;/);
    expect(note).toMatch(/clear: right;/); // a note never overlaps the one before it
    expect(note).toContain(`margin: 0 -${gutter}mm`); // right edge on the text area's right edge: within the page
    expect(Number(/width: (\d+)mm/.exec(note)![1])).toBeLessThan(gutter); // a gap between body text and note
    expect(html).toMatch(/@media screen and \(max-width: [\d.]+rem\) \{\s*body\.review main \{ padding-right: 0; \}\s*\.review-note \{\s*float: none;/);
  });

  it('changes nothing when the view has no comments', () => {
    const plainView = crossView();
    const html = renderHtml(plainView);
    expect(html).not.toContain('review');
    expect(html).toContain('<body class="sheet sheet-re">');
    // the same view with an empty comment list renders byte for byte the same
    const empty = crossView();
    empty.sections[0]!.comments = [];
    expect(renderHtml(empty)).toBe(html);
  });
});

describe('PDF (real browser): margin notes', () => {
  let renderer: PdfRenderer | undefined;
  let pdf = '';
  let text = '';

  beforeAll(async () => {
    renderer = new PdfRenderer({ browserPath: await findBrowser(process.env) });
    await renderer.open();
    pdf = join(dir, 'review.pdf-notes.pdf');
    await renderer.render(view, pdf);
    text = (await run('pdftotext', ['-enc', 'UTF-8', pdf, '-'])).stdout;
  }, 120_000);

  afterAll(async () => {
    await renderer?.close();
  });

  it('prints each comment with its number, reviewer and text', () => {
    const flat = text.replace(/\s+/g, ' ').replace(/\u00ad/g, '');
    for (const c of [LEVEL1, LEVEL2, LEVEL3]) {
      expect(flat).toContain(`Commentaire n° ${c.number}`);
      // a hyphenated word may be split across lines in the narrow note: compare without spaces and hyphens
      const squeeze = (s: string) => s.replace(/[\s\-‐]+/g, '');
      expect(squeeze(flat)).toContain(squeeze(c.text));
    }
    expect(flat).toContain('Karima El Moudden, 12 septembre 2022');
  });

  it('draws the notes in the right margin of the text, never over the body text, within the page', async () => {
    const { stdout } = await run('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', pdf, '-']);
    const pages = stdout.split('<page ').slice(1);
    let found = 0;
    for (const page of pages) {
      const width = Number(/width="([\d.]+)"/.exec(page)![1]);
      const blocks = [...page.matchAll(/<block xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/block>/g)].map((m) => ({
        x0: Number(m[1]),
        y0: Number(m[2]),
        x1: Number(m[3]),
        y1: Number(m[4]),
        words: [...m[5]!.matchAll(/>([^<]+)<\/word>/g)].map((w) => w[1]).join(' '),
      }));
      const noteBlocks = blocks.filter((b) => b.words.startsWith('Commentaire n°'));
      for (const note of noteBlocks) {
        found += 1;
        // beyond the middle of the page, inside the page's right margin of 18 mm (51 pt)
        expect(note.x0).toBeGreaterThan(width * 0.6);
        expect(note.x1).toBeLessThanOrEqual(width - 50);
        // no body text block overlaps the note's horizontal band at its height
        for (const b of blocks) {
          if (b === note || b.x0 >= width * 0.6) continue;
          const vertical = b.y0 < note.y1 && note.y0 < b.y1;
          if (vertical) expect(b.x1, `« ${b.words.slice(0, 40)} » beside « ${note.words.slice(0, 30)} »`).toBeLessThan(note.x0);
        }
      }
    }
    expect(found).toBe(3);
  });
});
