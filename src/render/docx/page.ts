/**
 * Page furniture and the opening and closing blocks of a sheet: header, footer, title block,
 * colophon, and the keywords of the document properties.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  AlignmentType,
  BorderStyle,
  Footer,
  Header,
  HeadingLevel,
  HorizontalPositionAlign,
  HorizontalPositionRelativeFrom,
  ImageRun,
  LineRuleType,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  TextWrappingSide,
  TextWrappingType,
  VerticalPositionRelativeFrom,
  WidthType,
  type FileChild,
} from 'docx';
import { imageSize } from 'image-size';
import type { SheetView } from '../../view/model.js';
import { documentText } from '../../view/locale.js';
import { LOGO_WIDTH_MM, docxColour, halfPoints, spacingTwips, twips } from '../design.js';
import { marginTexts } from '../margins.js';
import { textRuns } from './text.js';
import { TEXT_WIDTH, TEAL, TEAL_LIGHT, OCHRE, INK, RULE, NO_BORDER } from './layout.js';
import { textParagraph } from './paragraphs.js';

/** The page label « Page X / Y » of the document's language, with Word's PAGE and NUMPAGES fields. */
function pageLabel(view: SheetView): Array<string | (typeof PageNumber)[keyof typeof PageNumber]> {
  const parts = documentText(view.lang).t('sheet.page', { page: '\u0000P', pages: '\u0000T' }).split(/(\u0000[PT])/);
  return parts
    .filter((p) => p !== '')
    .map((p) => (p === '\u0000P' ? PageNumber.CURRENT : p === '\u0000T' ? PageNumber.TOTAL_PAGES : p));
}

/** Running header, as the PDF's: the shortened title (teal) on the left, the place on the right, a thin rule under. */
export function header(view: SheetView): Header {
  const m = marginTexts(view);
  return new Header({
    children: [
      // a draft: « BROUILLON » on a tinted band at the top of every page
      ...(view.frame.draftMark
        ? [textParagraph(view.frame.draftMark, { style: 'Header', alignment: AlignmentType.CENTER, shading: { type: ShadingType.CLEAR, fill: docxColour('ochreTint'), color: 'auto' }, spacing: { after: 60 } }, { bold: true, color: OCHRE, size: halfPoints('h2'), characterSpacing: 60 })]
        : []),
      new Paragraph({
        style: 'Header',
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
        border: { bottom: { style: BorderStyle.SINGLE, size: 3, color: RULE, space: 4 } },
        children: [...textRuns(m.title, { color: TEAL }), ...(m.place ? [new TextRun({ children: ['\t'] }), ...textRuns(m.place)] : [])],
      }),
    ],
  });
}

/** Running footer, as the PDF's: « organisation · kind » on the left, the id (ochre) in the middle, « Page X / Y » on the right. */
export function footer(view: SheetView): Footer {
  const m = marginTexts(view);
  return new Footer({
    children: [
      new Paragraph({
        style: 'Footer',
        tabStops: [
          { type: TabStopType.CENTER, position: Math.round(TEXT_WIDTH / 2) },
          { type: TabStopType.RIGHT, position: TEXT_WIDTH },
        ],
        border: { top: { style: BorderStyle.SINGLE, size: 3, color: RULE, space: 4 } },
        children: [
          // « Document interne — ne pas diffuser » (and « BROUILLON ») on every page of an internal edition
          ...(m.mark ? textRuns(m.mark, { bold: true, color: OCHRE }) : textRuns(m.org)),
          new TextRun({ children: ['\t'] }),
          ...textRuns(m.reference, { color: OCHRE }),
          new TextRun({ children: ['\t', ...pageLabel(view)] }),
        ],
      }),
    ],
  });
}

/**
 * The masthead, as the PDF's: a 5 pt teal rule, then « ORGANISATION · KIND » (heading font, capitals,
 * the organisation teal and the kind ochre) with the organisation's logo floating on the right, the
 * title, the subtitle, the place line and the authors.
 */
async function masthead(view: SheetView): Promise<FileChild[]> {
  const doc = documentText(view.lang);
  const logo = view.logo ? await logoRun(view.logo, view.organisation) : undefined;
  const kind = new Paragraph({
    style: 'CapiLabel',
    spacing: { before: 0, after: twips(6) },
    border: { top: { style: BorderStyle.SINGLE, size: 40, color: TEAL, space: 8 } },
    children: [
      ...(logo ? [logo] : []),
      ...textRuns(view.organisation, { bold: true, color: TEAL, allCaps: true, characterSpacing: 10 }),
      ...textRuns(' · ', { color: OCHRE }),
      ...textRuns(view.kindLabel, { bold: true, color: OCHRE, allCaps: true, characterSpacing: 10 }),
    ],
  });
  const out: FileChild[] = [kind, textParagraph(view.title, { heading: HeadingLevel.TITLE })];
  if (view.subtitle) out.push(textParagraph(view.subtitle, { style: 'Subtitle' }));
  const p = view.place;
  if (p) {
    const named = (fr: string, ar?: string): string => (ar ? `${fr} ${ar}` : fr);
    const province = p.provincePhrase ?? `${doc.t('sheet.province')} ${p.province}`;
    const parts = [named(p.commune, p.communeAr), named(province, p.provinceAr)];
    if (p.douars.length) parts.push(`${doc.t('sheet.douars')} ${p.douars.join(', ')}`);
    out.push(textParagraph(parts.join(' · '), { style: 'Caption', spacing: { before: twips(6), after: 0 } }, { color: INK }));
  }
  if (view.authors.length) {
    out.push(textParagraph(`${doc.t('sheet.authors')} ${view.authors.join(', ')}`, { style: 'Caption', spacing: { before: twips(6), after: twips(12) } }, { color: INK }));
  }
  return out;
}

/** The organisation's logo as a floating image at the right margin, {@link LOGO_WIDTH_MM} wide (PNG or JPEG; an SVG logo is left to the PDF). */
async function logoRun(file: string, organisation: string): Promise<ImageRun | undefined> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    return undefined; // capi validate reports a missing logo (config.logoMissing)
  }
  const type = data.readUInt32BE(0) === 0x89504e47 ? 'png' : data[0] === 0xff && data[1] === 0xd8 ? 'jpg' : undefined;
  if (!type) return undefined;
  const size = imageSize(data);
  const widthPx = (LOGO_WIDTH_MM / 25.4) * 96;
  const heightPx = size.width && size.height ? (widthPx * size.height) / size.width : widthPx / 2;
  return new ImageRun({
    type,
    data,
    transformation: { width: Math.round(widthPx), height: Math.round(heightPx) },
    altText: { name: basename(file), title: organisation, description: organisation },
    floating: {
      horizontalPosition: { relative: HorizontalPositionRelativeFrom.MARGIN, align: HorizontalPositionAlign.RIGHT },
      verticalPosition: { relative: VerticalPositionRelativeFrom.PARAGRAPH, offset: 0 },
      wrap: { type: TextWrappingType.SQUARE, side: TextWrappingSide.LEFT },
      margins: { left: 114300, bottom: 76200 },
    },
  });
}

/**
 * The key-facts box, as the PDF's « En bref »: a light teal box with an ochre bar on the left, its title
 * in small capitals, then one fact a line (label in the heading font, teal; value in the body font).
 */
export function keyFactsBox(view: SheetView): Table {
  const doc = documentText(view.lang);
  // the PDF's label column is 24 % of the box's inner width; here the cell margins come out of it
  const label = Math.round(TEXT_WIDTH * 0.27);
  const widths = [label, TEXT_WIDTH - label];
  const fill = { type: ShadingType.CLEAR, color: 'auto', fill: TEAL_LIGHT } as const;
  const margins = { top: twips(1.5), bottom: twips(1.5), left: twips(10), right: twips(4) };
  const title = new TableRow({
    cantSplit: true,
    children: [
      new TableCell({
        columnSpan: 2,
        width: { size: TEXT_WIDTH, type: WidthType.DXA },
        shading: fill,
        margins: { ...margins, top: twips(6) },
        children: [textParagraph(doc.t('sheet.summary'), { style: 'CapiLabel', keepNext: true }, { bold: true, color: TEAL, allCaps: true, characterSpacing: 16 })],
      }),
    ],
  });
  const rows = view.summary.map(
    (row, i) =>
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({ width: { size: widths[0]!, type: WidthType.DXA }, shading: fill, margins: { ...margins, ...(i === view.summary.length - 1 ? { bottom: twips(7) } : {}) }, children: [textParagraph(row.label, { style: 'CapiLabel', keepNext: true }, { bold: true, color: TEAL })] }),
          new TableCell({ width: { size: widths[1]!, type: WidthType.DXA }, shading: fill, margins: { ...margins, ...(i === view.summary.length - 1 ? { bottom: twips(7) } : {}) }, children: [textParagraph(row.value, { style: 'CapiTableText', keepNext: i < view.summary.length - 1 })] }),
        ],
      }),
  );
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: NO_BORDER, bottom: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER, left: { style: BorderStyle.SINGLE, size: 32, color: OCHRE } },
    rows: [title, ...rows],
  });
}

/**
 * The space under the key-facts box: the PDF's margin (collapsing with the next heading's), i.e. an
 * empty paragraph of exactly that margin minus the space the level-1 heading adds before itself.
 */
function factsSpace(): Paragraph {
  const line = Math.max(20, spacingTwips('facts') - spacingTwips('h1Before') + spacingTwips('paragraph'));
  return new Paragraph({ spacing: { before: 0, after: 0, line, lineRule: LineRuleType.EXACT }, children: [] });
}

/** The first page's opening: masthead, lead paragraph, then the key-facts box (as the PDF's sheet.hbs). */
export async function titleBlock(view: SheetView): Promise<FileChild[]> {
  const out = await masthead(view);
  if (view.lead) out.push(textParagraph(view.lead, { style: 'CapiLead' }));
  if (view.summary.length) out.push(keyFactsBox(view), factsSpace());
  return out;
}

/**
 * The colophon (organisation, edition, version, credits, licence, citation, credit of the place names;
 * the source file in the review edition only), at 8 pt, its lines kept together (`keepNext`,
 * `keepLines`): it never splits over two pages.
 */
export function colophon(view: SheetView): Paragraph[] {
  const c = view.colophon;
  const lines = [...c.lines, c.citation, view.dataCredit, c.provenance ?? ''].filter((s) => s.trim() !== '');
  return lines.map((line, i) =>
    textParagraph(
      line,
      {
        style: 'CapiSmall',
        keepLines: true,
        ...(i < lines.length - 1 ? { keepNext: true } : {}),
        ...(i === 0
          ? { spacing: { before: 320, after: 40 }, border: { top: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 6 } } }
          : line === c.citation ? { spacing: { before: 80, after: 40 } } : {}),
      },
      { size: halfPoints('colophon'), ...(i === 0 ? { bold: true } : {}), ...(line === c.provenance ? { italics: true } : {}) },
    ),
  );
}

export function keywords(view: SheetView): string {
  const parts = [view.id, view.kindLabel, view.statusLabel, view.place?.province, view.place?.commune, ...(view.place?.douars ?? [])];
  return parts.filter((s): s is string => !!s && s.trim() !== '').join('; ');
}
