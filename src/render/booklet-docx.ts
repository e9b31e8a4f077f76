/**
 * The booklet as one Word document (`capi booklet`): cover, introduction, a table of contents field,
 * each sheet in its own section (new page, its own running header: title and place), then the indexes
 * of communes and OSIM. Page numbers are Word's: the footer has a PAGE field (numbering runs on through
 * the sections), the contents a TOC field (`TOC \o "1-1" \h`) that Word fills when the file opens
 * (`w:updateFields`), and each index entry a PAGEREF field pointing at the bookmark on the sheet's title.
 * The sheets are drawn by the code of `./docx.js` (same styles, tables, quotes, photos).
 */
import { writeAtomic } from '../util/atomic-write.js';
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  PageNumber,
  PageReference,
  Paragraph,
  TabStopType,
  TextRun,
  VerticalAlignSection,
  type FileChild,
  type ISectionOptions,
} from 'docx';
import type { SheetView } from '../view/model.js';
import type { BookletEntry, BookletIndexEntry, BookletView } from '../view/booklet.js';
import { documentText } from '../view/locale.js';
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
import { embeddedFonts } from './docx/fonts.js';
import { halfPoints, twips } from './design.js';
import { cleanXmlText, textRuns } from './docx/text.js';

const pageSetup = { page: { size: { width: PAGE.width, height: PAGE.height }, margin: MARGIN } };

/** Footer: a left text, and the booklet's page number (PAGE field) flush right. */
function footer(left: string): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: 'Footer',
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
        border: { top: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 4 } },
        children: [...textRuns(left), new TextRun({ children: ['\t', PageNumber.CURRENT], bold: true, color: TEAL })],
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

async function sheetBody(entry: BookletEntry, ctx: DocxContext): Promise<FileChild[]> {
  const view: SheetView = entry.view;
  const out: FileChild[] = [sheetTitle(entry)];
  if (view.subtitle) out.push(textParagraph(view.subtitle, { style: 'Subtitle' }));
  // the same opening as a single sheet's first page (./docx/page.ts): place, authors, lead, key facts
  out.push(textParagraph(entry.placeLine, { style: 'Caption', spacing: { before: twips(6), after: 0 } }, { color: TEAL, bold: true }));
  if (view.authors.length) out.push(textParagraph(view.authors.join(' · '), { style: 'Caption', spacing: { before: twips(6), after: twips(12) } }));
  if (view.lead) out.push(textParagraph(view.lead, { style: 'CapiLead' }));
  if (view.summary.length) out.push(keyFactsBox(view), spacer());
  for (const section of demote(view.sections, entry.anchor)) out.push(...(await sectionChildren(section, ctx)));
  return out;
}

function indexParagraphs(list: BookletIndexEntry[], byId: Map<string, BookletEntry>, pageLabel: string): Paragraph[] {
  return list.map((e) => {
    const children = [...textRuns(e.name, { bold: true, color: TEAL })];
    if (e.nameAr) children.push(...textRuns(` ${e.nameAr}`));
    if (e.detail) children.push(...textRuns(` (${e.detail})`, { color: GREY }));
    const refs = e.sheets.flatMap((id, i) => [
      new TextRun({ text: i === 0 ? '' : ', ', size: halfPoints('caption') }),
      ...textRuns(`${id} ${pageLabel}\u00a0`, { size: halfPoints('caption') }),
      new PageReference(byId.get(id)?.anchor ?? id),
    ]);
    return new Paragraph({
      keepLines: true,
      spacing: { after: 100 },
      children: [...children, new TextRun({ break: 1 }), ...refs],
    });
  });
}

/**
 * Builds the booklet's Word document.
 * @throws UserError when a photo of a sheet cannot be read or is neither PNG nor JPEG
 */
export async function buildBookletDocument(book: BookletView, options: { embedFonts?: boolean } = {}): Promise<Document> {
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
  const front: FileChild[] = [];
  if (book.config.introduction.length) {
    front.push(...(await sectionChildren({ id: 'introduction', title: book.labels.introduction, level: 1, blocks: [{ type: 'rich', blocks: book.config.introduction }], children: [] }, ctx)));
  }
  front.push(
    textParagraph(book.labels.contents, { style: 'Title', pageBreakBefore: front.length > 0, spacing: { after: 240 } }),
    // The contents as paragraphs with PAGEREF fields to each sheet's bookmark: Word and LibreOffice both
    // fill the page numbers (a TOC field shows its raw code in LibreOffice until updated by hand).
    ...book.entries.map(
      (e) =>
        new Paragraph({
          tabStops: [{ type: TabStopType.RIGHT, position: 9000, leader: 'dot' }],
          spacing: { after: 80 },
          children: [...textRuns(`${e.id} — ${e.title}`, { size: halfPoints('table') }), new TextRun({ text: '\t', size: halfPoints('table') }), new PageReference(e.anchor)],
        }),
    ),
    textParagraph(documentText(book.lang).t('booklet.tocHint'), { style: 'CapiSmall', spacing: { before: 240 } }, { italics: true }),
  );
  sections.push({ properties: pageSetup, headers: { default: bookHeader(book) }, footers: { default: footer(book.config.organisation) }, children: front });
  for (const entry of book.entries) {
    sections.push({
      properties: pageSetup,
      headers: { default: sheetHeader(entry.view) },
      footers: { default: footer(`${entry.id} · ${entry.view.kindLabel}`) },
      children: await sheetBody(entry, ctx),
    });
  }
  const back: FileChild[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: textRuns(book.labels.communeIndex) }),
    ...indexParagraphs(book.communes, byId, book.labels.page),
    new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: textRuns(book.labels.osimIndex) }),
    ...indexParagraphs(book.osim, byId, book.labels.page),
    textParagraph(book.labels.colophon, { style: 'CapiSmall', alignment: AlignmentType.LEFT, spacing: { before: 480 }, border: { top: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 6 } } }),
  ];
  sections.push({ properties: pageSetup, headers: { default: bookHeader(book) }, footers: { default: footer(book.config.organisation) }, children: back });

  const meta = (s: string) => cleanXmlText(s);
  return new Document({
    title: meta(book.config.title),
    subject: meta(book.config.subtitle ?? book.labels.count),
    creator: meta(book.config.organisation),
    lastModifiedBy: 'capi',
    description: meta(book.labels.colophon),
    keywords: meta([book.labels.count, ...new Set(book.entries.map((e) => e.province))].join('; ')),
    features: { updateFields: true },
    styles: docxStyles(book.lang),
    numbering: { config: ctx.numbering },
    comments: { children: ctx.comments },
    ...(options.embedFonts === false ? {} : { fonts: embeddedFonts() }),
    sections,
  });
}

/** The booklet's DOCX bytes (fonts embedded and kept on save, like a sheet's DOCX). */
export async function renderBookletDocx(book: BookletView, options: { embedFonts?: boolean } = {}): Promise<Buffer> {
  return packDocx(await buildBookletDocument(book, options), options.embedFonts !== false);
}

/** Writes the booklet's DOCX atomically (temporary file in the same folder, then rename). */
export async function writeBookletDocx(book: BookletView, outFile: string): Promise<void> {
  const data = await renderBookletDocx(book);
  await writeAtomic(outFile, data);
}
