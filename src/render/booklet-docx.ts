/**
 * The booklet as one Word document (`capi booklet`), laid out for print like the PDF: cover, then the
 * introduction, the contents, each sheet (its own running header: title and place), the glossary and
 * the indexes each in a section that starts on a right-hand page (section type `oddPage`: Word and
 * LibreOffice insert the blank verso), and the back cover on a left-hand page (`evenPage`). Page numbers
 * are Word's: the footer has a PAGE field (numbering runs on through the sections); each line of the
 * contents and each index reference is a hyperlink to the bookmark on the sheet's title (`w:hyperlink
 * w:anchor`) holding a PAGEREF field to it, which Word fills when the file opens (`w:updateFields`).
 * The sheets are drawn by the code of `./docx.js` (same styles, tables, quotes, photos).
 */
import { writeAtomic } from '../util/atomic-write.js';
import {
  Bookmark,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  InternalHyperlink,
  PageNumber,
  PageReference,
  Paragraph,
  TabStopType,
  SectionType,
  TextRun,
  VerticalAlignSection,
  type FileChild,
  type ISectionOptions,
} from 'docx';
import type { SheetView } from '../view/model.js';
import type { BookletEntry, BookletIndexEntry, BookletView } from '../view/booklet.js';
import { demote } from '../view/sections.js';
import { shortenTitle } from '../view/text.js';
import {
  DocxContext,
  GREY,
  MARGIN,
  OCHRE,
  PAGE,
  RULE,
  TEAL,
  TEXT_WIDTH,
  docxStyles,
  keyFactsBox,
  packDocx,
  sectionChildren,
  sheetHeader,
  spacer,
  textParagraph,
} from './docx.js';
import { halfPoints, twips } from './design.js';
import { richParagraphs } from './docx/paragraphs.js';
import { colophon } from './docx/page.js';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { imageSize } from 'image-size';
import { cleanXmlText, textRuns } from './docx/text.js';

const pageSetup = { page: { size: { width: PAGE.width, height: PAGE.height }, margin: MARGIN } };
/** A section that starts on the next right-hand (odd) page. */
const rightHand = { ...pageSetup, type: SectionType.ODD_PAGE };
/** Bookmarks of the parts after the sheets (the contents link to them, as the PDF's do). */
const GLOSSARY_ANCHOR = 'glossaire';
const COMMUNES_ANCHOR = 'index_communes';
const OSIM_ANCHOR = 'index_osim';

/** Footer: a left text, and the booklet's page number (PAGE field) flush right. */
/** The booklet's page footer: `left` (after « Document interne — ne pas diffuser » in an internal edition), the page number. */
function footer(left: string, internalMark?: string): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: 'Footer',
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
        border: { top: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 4 } },
        children: [...(internalMark ? textRuns(`${internalMark} · `, { bold: true, color: OCHRE }) : []), ...textRuns(left), new TextRun({ children: ['\t', PageNumber.CURRENT], bold: true, color: TEAL })],
      }),
    ],
  });
}

function bookHeader(book: BookletView): Header {
  return new Header({
    children: [
      textParagraph(shortenTitle(book.config.title, 90), { style: 'Header' }, { bold: true, color: TEAL }),
      textParagraph(book.config.organisation, { style: 'Header', border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: OCHRE, space: 4 } } }),
    ],
  });
}

function cover(book: BookletView): FileChild[] {
  const c = book.config;
  const out: FileChild[] = [
    textParagraph(c.organisation.toUpperCase(), { spacing: { after: 480 }, border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: OCHRE, space: 6 } } }, { bold: true, color: TEAL, size: halfPoints('coverOrg'), characterSpacing: 30 }),
    textParagraph(book.labels.count.toUpperCase(), { spacing: { after: 200 } }, { bold: true, color: OCHRE, size: halfPoints('coverKicker'), characterSpacing: 20 }),
    textParagraph(c.title, { style: 'Title', spacing: { after: 240 } }, { size: halfPoints('coverTitle') }),
  ];
  if (c.subtitle) out.push(textParagraph(c.subtitle, { style: 'Subtitle', spacing: { after: 960 } }, { size: halfPoints('coverSubtitle') }));
  out.push(textParagraph(c.date, { spacing: { before: 480 } }, { bold: true, color: OCHRE, size: halfPoints('coverDate') }));
  out.push(textParagraph('Souss-Massa · سوس ماسة · France', {}, { color: GREY, size: halfPoints('coverPlace') }));
  return out;
}

/** The title of a sheet in the booklet: Heading 1 (in the contents), a bookmark for the index's PAGEREF. */
function sheetTitle(entry: BookletEntry): Paragraph {
  return new Paragraph({
    heading: HeadingLevel.HEADING_1,
    children: [new Bookmark({ id: entry.anchor, children: textRuns(`${entry.id} — ${entry.title}`) })],
  });
}

async function sheetBody(entry: BookletEntry, view: SheetView, ctx: DocxContext): Promise<FileChild[]> {
  const out: FileChild[] = [sheetTitle(entry)];
  if (view.subtitle) out.push(textParagraph(view.subtitle, { style: 'Subtitle' }));
  // the same opening as a single sheet's first page (./docx/page.ts): place, authors, lead, key facts
  out.push(textParagraph(entry.placeLine, { style: 'Caption', spacing: { before: twips(6), after: 0 } }, { color: TEAL, bold: true }));
  if (view.authors.length) out.push(textParagraph(view.authors.join(' · '), { style: 'Caption', spacing: { before: twips(6), after: twips(12) } }));
  if (view.lead) out.push(textParagraph(view.lead, { style: 'CapiLead' }));
  if (view.summary.length) out.push(keyFactsBox(view), spacer());
  for (const section of demote(view.sections, entry.anchor)) out.push(...(await sectionChildren(section, ctx)));
  // the sheet's own colophon and « Pour citer », as in the PDF booklet and the sheet's DOCX
  out.push(...colophon(view));
  return out;
}

function indexParagraphs(list: BookletIndexEntry[], byId: Map<string, BookletEntry>, pageLabel: string): Paragraph[] {
  return list.map((e) => {
    const children = [...textRuns(e.name, { bold: true, color: TEAL })];
    if (e.nameAr) children.push(...textRuns(` ${e.nameAr}`));
    if (e.detail) children.push(...textRuns(` (${e.detail})`, { color: GREY }));
    const refs = e.sheets.flatMap((id, i) => {
      const anchor = byId.get(id)?.anchor ?? id;
      return [
        new TextRun({ text: i === 0 ? '' : ', ', size: halfPoints('caption') }),
        new InternalHyperlink({ anchor, children: [...textRuns(`${id} ${pageLabel}\u00a0`, { size: halfPoints('caption') }), new PageReference(anchor)] }),
      ];
    });
    return new Paragraph({
      keepLines: true,
      spacing: { after: 100 },
      children: [...children, new TextRun({ break: 1 }), ...refs],
    });
  });
}

/** A part's title (Heading 1, so it is in Word's navigation) with a bookmark the contents link to. */
function partTitle(title: string, anchor: string, pageBreakBefore = false): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore, children: [new Bookmark({ id: anchor, children: textRuns(title) })] });
}

/** A line of the contents: a hyperlink to `anchor` holding the text, a dot leader and the PAGEREF field. */
function contentsLine(text: string, anchor: string, style: { bold?: boolean; color?: string } = {}): Paragraph {
  return new Paragraph({
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: 'dot' }],
    spacing: { after: 80 },
    keepLines: true,
    children: [
      new InternalHyperlink({
        anchor,
        children: [...textRuns(text, { size: halfPoints('table'), ...style }), new TextRun({ text: '\t', size: halfPoints('table') }), new PageReference(anchor)],
      }),
    ],
  });
}

/**
 * The contents: the sheets grouped by province (full titles, wrapped by Word), then the glossary and the
 * indexes. Paragraphs with hyperlinks and PAGEREF fields rather than a TOC field: Word and LibreOffice
 * both fill the page numbers (a TOC field shows its raw code in LibreOffice until updated by hand).
 */
function contents(book: BookletView): FileChild[] {
  const byId = new Map(book.entries.map((e) => [e.id, e]));
  const out: FileChild[] = [textParagraph(book.labels.contents, { style: 'Title', spacing: { after: 240 } })];
  for (const group of book.groups) {
    out.push(textParagraph(group.title, { keepNext: true, spacing: { before: 200, after: 80 }, border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: OCHRE, space: 2 } } }, { bold: true, color: OCHRE, size: halfPoints('h2') }));
    for (const id of group.ids) {
      const e = byId.get(id);
      if (e) out.push(contentsLine(`${e.id} — ${e.title}`, e.anchor));
    }
  }
  if (book.glossary.length) out.push(contentsLine(book.labels.glossary, GLOSSARY_ANCHOR, { bold: true, color: TEAL }));
  out.push(contentsLine(book.labels.communeIndex, COMMUNES_ANCHOR, { bold: true, color: TEAL }));
  out.push(contentsLine(book.labels.osimIndex, OSIM_ANCHOR, { bold: true, color: TEAL }));
  return out;
}

/** The glossary: each term (bold), its Arabic or Tifinagh form, the expansion of an acronym, then its definition. */
function glossary(book: BookletView, ctx: DocxContext): FileChild[] {
  const out: FileChild[] = [partTitle(book.labels.glossary, GLOSSARY_ANCHOR)];
  for (const entry of book.glossary) {
    const head = [...textRuns(entry.term, { bold: true, color: TEAL })];
    if (entry.script) head.push(...textRuns(` ${entry.script}`));
    if (entry.expansion) head.push(new TextRun({ break: 1 }), ...textRuns(entry.expansion, { italics: true, color: OCHRE, size: halfPoints('caption') }));
    out.push(new Paragraph({ keepNext: true, keepLines: true, spacing: { before: 160, after: 20 }, children: head }));
    out.push(...richParagraphs(entry.definition, ctx));
  }
  return out;
}

/** The back cover: logo (PNG or JPEG; an SVG logo is left out of the DOCX), organisation, title, edition, licence, credit. */
async function backCover(book: BookletView): Promise<FileChild[]> {
  const b = book.back;
  const out: FileChild[] = [];
  if (b.logo) {
    const data = await readFile(b.logo).catch(() => undefined);
    const info = data ? (() => { try { return imageSize(data); } catch { return undefined; } })() : undefined;
    if (data && info?.width && info.height && (info.type === 'png' || info.type === 'jpg')) {
      const width = Math.min(180, info.width);
      out.push(new Paragraph({ spacing: { after: 240 }, children: [new ImageRun({ type: info.type, data, transformation: { width, height: Math.round((width * info.height) / info.width) }, altText: { name: basename(b.logo), title: b.organisation, description: b.organisation } })] }));
    }
  }
  out.push(textParagraph(b.organisation.toUpperCase(), { spacing: { after: 160 } }, { bold: true, color: TEAL, size: halfPoints('subtitle'), characterSpacing: 30 }));
  out.push(textParagraph(book.config.title, { spacing: { after: 80 } }, { bold: true, size: halfPoints('h1') }));
  if (book.config.subtitle) out.push(textParagraph(book.config.subtitle, { spacing: { after: 480 } }, { color: GREY, size: halfPoints('coverPlace') }));
  out.push(textParagraph(b.edition, { spacing: { before: 240, after: 60 }, border: { top: { style: BorderStyle.SINGLE, size: 4, color: OCHRE, space: 6 } } }, { bold: true, color: OCHRE, size: halfPoints('h2') }));
  if (b.licence) out.push(textParagraph(b.licence, { style: 'CapiSmall', spacing: { after: 40 } }));
  out.push(textParagraph(book.colophon.citation, { style: 'CapiSmall', spacing: { before: 80, after: 40 } }));
  out.push(textParagraph(b.credit, { style: 'CapiSmall' }));
  return out;
}

/**
 * The back of the cover: the booklet's colophon (organisation, edition and date, credits, licence, how
 * to cite the booklet, credit of the place names) at the foot of the page, kept together.
 */
function coverVerso(book: BookletView): Paragraph[] {
  const lines = [...book.colophon.lines, book.colophon.citation, book.back.credit].filter((s) => s.trim() !== '');
  return lines.map((line, i) =>
    textParagraph(
      line,
      { style: 'CapiSmall', keepLines: true, ...(i < lines.length - 1 ? { keepNext: true } : {}), ...(line === book.colophon.citation ? { spacing: { before: 80, after: 40 } } : {}) },
      { size: halfPoints('colophon'), ...(i === 0 ? { bold: true } : {}) },
    ),
  );
}

/**
 * Builds the booklet's Word document.
 * @throws UserError when a photo of a sheet cannot be read or is neither PNG nor JPEG
 */
export async function buildBookletDocument(book: BookletView): Promise<Document> {
  const ctx = new DocxContext(book.lang);
  const byId = new Map(book.entries.map((e) => [e.id, e]));
  const sections: ISectionOptions[] = [];
  const empty = { default: new Header({ children: [] }) };
  sections.push({
    properties: { ...pageSetup, verticalAlign: VerticalAlignSection.CENTER },
    headers: empty,
    footers: { default: new Footer({ children: [] }) },
    children: cover(book),
  });
  sections.push({
    properties: { ...pageSetup, type: SectionType.NEXT_PAGE, verticalAlign: VerticalAlignSection.BOTTOM },
    headers: empty,
    footers: { default: new Footer({ children: [] }) },
    children: coverVerso(book),
  });
  if (book.config.introduction.length) {
    sections.push({
      properties: rightHand,
      headers: { default: bookHeader(book) },
      footers: { default: footer(book.config.organisation, book.frame.internalMark) },
      children: await sectionChildren({ id: 'introduction', title: book.labels.introduction, level: 1, blocks: [{ type: 'rich', blocks: book.config.introduction }], children: [] }, ctx),
    });
  }
  sections.push({ properties: rightHand, headers: { default: bookHeader(book) }, footers: { default: footer(book.config.organisation, book.frame.internalMark) }, children: contents(book) });
  for (const entry of book.entries) {
    const view = await entry.view();
    sections.push({
      properties: rightHand,
      headers: { default: sheetHeader(view) },
      footers: { default: footer(`${entry.id} · ${view.kindLabel}`, book.frame.internalMark) },
      children: await sheetBody(entry, view, ctx),
    });
  }
  if (book.glossary.length) {
    sections.push({ properties: rightHand, headers: { default: bookHeader(book) }, footers: { default: footer(book.config.organisation, book.frame.internalMark) }, children: glossary(book, ctx) });
  }
  const back: FileChild[] = [
    partTitle(book.labels.communeIndex, COMMUNES_ANCHOR),
    ...indexParagraphs(book.communes, byId, book.labels.page),
    partTitle(book.labels.osimIndex, OSIM_ANCHOR, true),
    ...indexParagraphs(book.osim, byId, book.labels.page),
  ];
  sections.push({ properties: rightHand, headers: { default: bookHeader(book) }, footers: { default: footer(book.config.organisation, book.frame.internalMark) }, children: back });
  sections.push({
    properties: { ...pageSetup, type: SectionType.EVEN_PAGE, verticalAlign: VerticalAlignSection.BOTTOM },
    headers: empty,
    footers: { default: new Footer({ children: [] }) },
    children: await backCover(book),
  });

  const meta = (s: string) => cleanXmlText(s);
  return new Document({
    title: meta(book.config.title),
    subject: meta(book.config.subtitle ?? book.labels.count),
    creator: meta(book.config.organisation),
    lastModifiedBy: 'capi',
    description: meta(book.back.edition),
    keywords: meta([book.labels.count, ...new Set(book.entries.map((e) => e.province))].join('; ')),
    features: { updateFields: true },
    styles: docxStyles(book.lang),
    ...(book.lang === 'fr' ? { hyphenation: { autoHyphenation: true } } : {}),
    numbering: { config: ctx.numbering },
    comments: { children: ctx.comments },
    sections,
  });
}

/** The booklet's DOCX bytes (fonts embedded and kept on save, like a sheet's DOCX). */
export async function renderBookletDocx(book: BookletView, options: { embedFonts?: boolean } = {}): Promise<Buffer> {
  return packDocx(await buildBookletDocument(book), options.embedFonts !== false);
}

/** Writes the booklet's DOCX atomically (temporary file in the same folder, then rename). */
export async function writeBookletDocx(book: BookletView, outFile: string): Promise<void> {
  const data = await renderBookletDocx(book);
  await writeAtomic(outFile, data);
}
