/**
 * DOCX renderer: draws a {@link SheetView} as a Word document with the `docx` package.
 *
 * The document uses Word's built-in style ids (Title, Heading1–3, Subtitle, Quote, Caption)
 * restyled in a sober teal/ochre palette, so a Word table of contents and the navigation pane work;
 * lists use real Word numbering; Arabic is right-to-left with a complex-script font; Tifinagh names
 * Noto Sans Tifinagh in every font slot; both fonts are embedded (subsets) so Word shows them where
 * they are not installed. The renderer only formats: labels and order come from the view model.
 */
import { readFile } from 'node:fs/promises';
import { writeAtomic } from '../util/atomic-write.js';
import { basename } from 'node:path';
import {
  AlignmentType,
  AnnotationReference,
  BorderStyle,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type FileChild,
  type IBorderOptions,
  type ICommentOptions,
  type ILevelsOptions,
  type INumberingOptions,
  type IParagraphOptions,
  type IStylesOptions,
  type ParagraphChild,
} from 'docx';
import JSZip from 'jszip';
import type { Block, QuoteView, ReviewCommentView, RichBlock, SectionView, SheetView } from '../view/model.js';
import { t } from '../i18n/index.js';
import { documentText } from '../view/locale.js';
import { shortenTitle } from '../view/text.js';
import { UserError } from '../util/errors.js';
import { ARABIC_FONT, BODY_FONT, embeddedFonts } from './docx/fonts.js';
import { barFractions, barValue } from './chart.js';
import { BODY_SIZE, WORD_LANG, cleanXmlText, inlineRuns, inlineText, isRtl, textRuns, type RunStyle } from './docx/text.js';

// ── Page geometry (twips: 1/1440 inch; 567 twips = 1 cm) ─────────────────────────────────────────
const PAGE = { width: 11906, height: 16838 }; // A4
const MARGIN = { top: 1418, bottom: 1304, left: 1247, right: 1247, header: 624, footer: 567 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right; // 9412 twips ≈ 16.6 cm
const TEXT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;
/** ImageRun sizes are CSS pixels (96 per inch). */
const TWIPS_PER_PX = 15;

// ── Palette ───────────────────────────────────────────────────────────────────────────────────────
const TEAL = '1F6F6B';
const TEAL_LIGHT = 'E5EFEE';
const OCHRE = 'B7791F';
const OCHRE_LIGHT = 'FAF3E7';
const INK = '262626';
const GREY = '6B6B6B';
const RULE = 'C9D6D4';
/** Darker ochre for small text on the ochre tint (the accent ochre is too light for 9 pt). */
const OCHRE_DARK = '8A5914';

const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const BULLETS = 'capi-bullet';

/**
 * Word styles: built-in ids, restyled; document defaults carry fonts, size and languages (`lang`: the
 * document's language, e.g. `en` → `en-GB` for Latin text; Arabic is always `ar-MA`).
 */
function styles(lang: SheetView['lang'] = 'fr'): IStylesOptions {
  // Every style names the fonts: LibreOffice gives its own heading styles Liberation Sans otherwise.
  const font = { ascii: BODY_FONT, hAnsi: BODY_FONT, eastAsia: BODY_FONT, cs: ARABIC_FONT };
  const heading = { font, bold: true };
  return {
    default: {
      document: {
        run: {
          font,
          size: BODY_SIZE,
          sizeComplexScript: BODY_SIZE + 4,
          color: INK,
          language: { value: documentText(lang).tag, bidirectional: WORD_LANG.arabic, eastAsia: documentText(lang).tag },
        },
        paragraph: { spacing: { after: 120, line: 259, lineRule: LineRuleType.AUTO } },
      },
      title: {
        run: { ...heading, size: 40, color: TEAL },
        paragraph: { spacing: { before: 0, after: 80, line: 240, lineRule: LineRuleType.AUTO }, keepNext: true },
      },
      heading1: {
        run: { ...heading, size: 30, color: TEAL },
        paragraph: {
          spacing: { before: 360, after: 120, line: 240, lineRule: LineRuleType.AUTO },
          keepNext: true,
          keepLines: true,
          outlineLevel: 0,
          border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: OCHRE, space: 2 } },
        },
      },
      heading2: {
        run: { ...heading, size: 24, color: OCHRE },
        paragraph: { spacing: { before: 240, after: 80, line: 240, lineRule: LineRuleType.AUTO }, keepNext: true, keepLines: true, outlineLevel: 1 },
      },
      heading3: {
        run: { ...heading, size: 21, color: TEAL },
        paragraph: { spacing: { before: 200, after: 60, line: 240, lineRule: LineRuleType.AUTO }, keepNext: true, keepLines: true, outlineLevel: 2 },
      },
      listParagraph: { paragraph: { spacing: { after: 60 } } },
    },
    paragraphStyles: [
      {
        id: 'Subtitle',
        name: 'Subtitle',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font, size: 24, color: GREY },
        paragraph: { spacing: { after: 120 }, keepNext: true },
      },
      {
        id: 'Quote',
        name: 'Quote',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font, size: 22 },
        paragraph: { spacing: { before: 40, after: 80 }, keepNext: true, keepLines: true },
      },
      {
        id: 'Caption',
        name: 'caption',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font, size: 17, italics: true, color: GREY },
        paragraph: { spacing: { before: 60, after: 200 } },
      },
      {
        id: 'CapiTableText',
        name: 'Table Text (capi)',
        basedOn: 'Normal',
        run: { font, size: 18 },
        paragraph: { spacing: { before: 40, after: 40, line: 252, lineRule: LineRuleType.AUTO } },
      },
      {
        id: 'Header',
        name: 'header',
        basedOn: 'Normal',
        run: { font, size: 16, color: GREY },
        paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO } },
      },
      {
        id: 'Footer',
        name: 'footer',
        basedOn: 'Normal',
        // the size lives in the style so that PAGE / NUMPAGES results (which have no run of their own) take it
        run: { font, size: 16, color: GREY },
        paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO } },
      },
      {
        id: 'CapiSmall',
        name: 'Small Print (capi)',
        basedOn: 'Normal',
        run: { font, size: 15, color: GREY },
        paragraph: { spacing: { after: 40, line: 240, lineRule: LineRuleType.AUTO } },
      },
    ],
  };
}

/** Bullet levels: •, –, ▪ in ochre, indented 0.5 cm per level with a 0.5 cm hanging indent. */
function bulletLevels(): ILevelsOptions[] {
  const chars = ['•', '–', '▪'];
  return Array.from({ length: 9 }, (_, level) => ({
    level,
    format: LevelFormat.BULLET,
    text: chars[level % chars.length],
    alignment: AlignmentType.LEFT,
    style: {
      run: { color: OCHRE, font: BODY_FONT },
      paragraph: { indent: { left: 397 + level * 397, hanging: 283 } },
    },
  }));
}

/** Numbered levels of one ordered list: 1. 2. 3. at every level, starting at `start`. */
function orderedLevels(start: number): ILevelsOptions[] {
  return Array.from({ length: 9 }, (_, level) => ({
    level,
    format: LevelFormat.DECIMAL,
    text: `%${level + 1}.`,
    start,
    alignment: AlignmentType.LEFT,
    style: {
      run: { color: TEAL, bold: true },
      paragraph: { indent: { left: 397 + level * 397, hanging: 340 } },
    },
  }));
}

/** Collects what the document needs besides its body: numbering definitions, review comments. */
class Context {
  readonly numbering: Array<INumberingOptions['config'][number]> = [{ reference: BULLETS, levels: bulletLevels() }];
  /** Word comments (`word/comments.xml`), ids 0, 1, 2… in document order (unique in combined documents). */
  readonly comments: ICommentOptions[] = [];
  private ordered = 0;

  /** @param lang the document's language (labels written in the document). */
  constructor(readonly lang: SheetView['lang'] = 'fr') {}

  /** Registers a review comment as a Word comment and returns its id (for the range and reference marks). */
  comment(comment: ReviewCommentView): number {
    const id = this.comments.length;
    this.comments.push(reviewComment(id, comment, this.lang));
    return id;
  }

  /** A fresh numbering reference for one ordered list (each list restarts at its own `start`). */
  orderedList(start: number): string {
    const reference = `capi-ordered-${++this.ordered}`;
    this.numbering.push({ reference, levels: orderedLevels(Number.isInteger(start) && start >= 0 ? start : 1) });
    return reference;
  }
}

/** Initials of a reviewer for Word's comment balloon: « Karima El Moudden » → « KEM » (at most 4 letters). */
function initials(name: string): string {
  return name
    .split(/[\s\-–]+/u)
    .map((word) => [...word].find((c) => /\p{L}/u.test(c)) ?? '')
    .join('')
    .toUpperCase()
    .slice(0, 4);
}

/**
 * A review comment as a Word comment: author = the reviewer, date = the review date (`YYYY-MM-DD`,
 * written as noon UTC so that every reader from UTC−11 to UTC+11 shows that same day — midnight UTC is
 * the day before in Word west of Greenwich; Word's current time when the review has none), one
 * paragraph « [n° N · champ] texte »
 * so the researcher knows which `capi review --resoudre N` closes it.
 */
function reviewComment(id: number, comment: ReviewCommentView, lang: SheetView['lang']): ICommentOptions {
  const author = cleanXmlText(comment.author).trim();
  const day = comment.date && /^\d{4}-\d{2}-\d{2}$/.test(comment.date) ? new Date(`${comment.date}T12:00:00Z`) : undefined;
  const label = documentText(lang).t('docx.reviewComment', { number: comment.number, field: comment.field });
  return {
    id,
    ...(author ? { author, initials: initials(author) } : {}),
    ...(day && !Number.isNaN(day.getTime()) ? { date: day } : {}),
    children: [
      new Paragraph({
        children: [
          new TextRun({ children: [new AnnotationReference()] }),
          ...textRuns(`${label} `, { bold: true, color: OCHRE_DARK }),
          ...textRuns(comment.text),
        ],
      }),
    ],
  };
}

/** A paragraph of one string: split by script, `w:bidi` when its main script is Arabic. */
function textParagraph(text: string, options: Omit<IParagraphOptions, 'children'> = {}, run: RunStyle = {}): Paragraph {
  const rtl = isRtl(text);
  return new Paragraph({ ...options, ...(rtl ? rtlOptions(options) : {}), children: textRuns(text, run) });
}

/**
 * Paragraph options for a right-to-left paragraph: `w:bidi`, and no `w:jc` — in a bidi paragraph
 * Word reads `left`/`right` as start/end, so leaving alignment unset puts the text flush right.
 */
function rtlOptions(options: Omit<IParagraphOptions, 'children'>): Omit<IParagraphOptions, 'children'> {
  const align = options.alignment;
  return {
    bidirectional: true,
    alignment: align === AlignmentType.CENTER || align === AlignmentType.BOTH ? align : undefined,
  };
}

// ── Rich text ────────────────────────────────────────────────────────────────────────────────────

function richParagraphs(blocks: RichBlock[], ctx: Context, depth = 0): Paragraph[] {
  const out: Paragraph[] = [];
  for (const block of blocks) {
    if (block.type === 'paragraph') {
      const rtl = isRtl(inlineText(block.children));
      out.push(new Paragraph({ ...(rtl ? rtlOptions({}) : {}), children: inlineRuns(block.children) }));
      continue;
    }
    const reference = block.ordered ? ctx.orderedList(block.start) : BULLETS;
    for (const item of block.items) {
      let first = true;
      for (const sub of item) {
        if (sub.type === 'list') {
          out.push(...richParagraphs([sub], ctx, depth + 1));
          continue;
        }
        const rtl = isRtl(inlineText(sub.children));
        const base: Omit<IParagraphOptions, 'children'> = first
          ? { style: 'ListParagraph', numbering: { reference, level: Math.min(depth, 8) } }
          : { style: 'ListParagraph', indent: { left: 397 + Math.min(depth, 8) * 397 } };
        out.push(new Paragraph({ ...base, ...(rtl ? { bidirectional: true } : {}), children: inlineRuns(sub.children) }));
        first = false;
      }
    }
  }
  return out;
}

// ── Tables ───────────────────────────────────────────────────────────────────────────────────────

const TABLE_BORDERS = {
  top: { style: BorderStyle.SINGLE, size: 8, color: TEAL },
  bottom: { style: BorderStyle.SINGLE, size: 8, color: TEAL },
  left: NO_BORDER,
  right: NO_BORDER,
  insideHorizontal: { style: BorderStyle.SINGLE, size: 4, color: RULE },
  insideVertical: NO_BORDER,
};
const CELL_MARGINS = { top: 57, bottom: 57, left: 113, right: 113 };

function cell(text: string, width: number, options: { head?: boolean; label?: boolean; fill?: string } = {}): TableCell {
  const run: RunStyle = options.head
    ? { bold: true, color: 'FFFFFF' }
    : options.label
      ? { bold: true, color: TEAL }
      : {};
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: CELL_MARGINS,
    verticalAlign: VerticalAlignTable.TOP,
    ...(options.fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: options.fill } } : {}),
    children: [textParagraph(text, { style: 'CapiTableText', keepLines: true }, run)],
  });
}

/**
 * A label/value table (summary box, `fields` blocks): labels on a light teal ground, 30 % wide
 * (38 % in a narrow column). `total` is the table width in twips (the text width by default).
 */
function fieldsTable(rows: Array<{ label: string; value: string }>, total = TEXT_WIDTH): Table {
  const labelWidth = Math.round(total * (total < TEXT_WIDTH * 0.75 ? 0.38 : 0.3));
  const widths = [labelWidth, total - labelWidth];
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    rows: rows.map(
      (row) =>
        new TableRow({
          cantSplit: true,
          children: [cell(row.label, widths[0], { label: true, fill: TEAL_LIGHT }), cell(row.value, widths[1])],
        }),
    ),
  });
}

/**
 * Column widths (twips, summing to the text width) from the content: each column gets at least the
 * width of its longest word (so « alphabétisation » is not cut), and the rest is shared in proportion
 * to the column's typical text length (header or mean cell length, capped at 60 characters).
 */
function columnWidths(head: string[], rows: string[][], total = TEXT_WIDTH): number[] {
  const n = Math.max(1, head.length);
  const CHAR = 95; // twips per character at 9 pt, Noto Sans (average)
  const PAD = CELL_MARGINS.left + CELL_MARGINS.right + 20;
  const cols = Array.from({ length: n }, (_, i) => [head[i] ?? '', ...rows.map((r) => r[i] ?? '')]);
  const BOLD = 1.2; // header words are bold, hence wider
  const words = (t: string): number[] => t.split(/\s+/).map((w) => [...w].length);
  const longestWord = cols.map((texts) =>
    Math.max(1, ...words(texts[0]!).map((n) => n * BOLD), ...texts.slice(1).flatMap(words)),
  );
  const want = cols.map((texts) => {
    const cells = texts.slice(1);
    const mean = cells.length ? cells.reduce((sum, t) => sum + [...t].length, 0) / cells.length : 0;
    return Math.min(60, Math.max([...texts[0]!].length, mean, 4));
  });
  let min = longestWord.map((w) => Math.min(w * CHAR + PAD, total / 2));
  const minSum = min.reduce((a, b) => a + b, 0);
  if (minSum > total) min = min.map((w) => (w * total) / minSum);
  const rest = total - min.reduce((a, b) => a + b, 0);
  const wantSum = want.reduce((a, b) => a + b, 0);
  const widths = min.map((w, i) => Math.floor(w + (rest * want[i]!) / wantSum));
  widths[n - 1]! += total - widths.reduce((a, b) => a + b, 0);
  return widths;
}

/** A data table: teal header row repeated on each page, zebra rows, widths from {@link columnWidths}. */
function dataTable(head: string[], rows: string[][], total = TEXT_WIDTH): Table {
  const widths = columnWidths(head, rows, total);
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: widths.map((w, i) => cell(head[i] ?? '', w, { head: true, fill: TEAL })),
      }),
      ...rows.map(
        (row, r) =>
          new TableRow({
            cantSplit: true,
            children: widths.map((w, i) => cell(row[i] ?? '', w, r % 2 === 1 ? { fill: 'F4F7F7' } : {})),
          }),
      ),
    ],
  });
}

/** Space after a table (Word glues the next paragraph to it otherwise). */
function spacer(): Paragraph {
  return new Paragraph({ spacing: { before: 0, after: 0, line: 200, lineRule: LineRuleType.AUTO }, children: [] });
}

// ── Quotes ───────────────────────────────────────────────────────────────────────────────────────

/**
 * A quote in a one-cell box with an ochre bar on the left: the language label, the original text in
 * its own paragraph (Arabic: `w:bidi`, flush right, runs `w:rtl` in Noto Naskh Arabic; Tifinagh:
 * Noto Sans Tifinagh), the French translation in italics, then the attribution.
 */
function quoteBox(quote: QuoteView, total = TEXT_WIDTH): Table {
  const children: Paragraph[] = [];
  if (quote.translation) {
    children.push(
      textParagraph(quote.langLabel, { style: 'CapiSmall', keepNext: true }, { smallCaps: true, color: OCHRE, bold: true }),
    );
  }
  const latin = quote.script === 'latin';
  const original = latin ? `« ${quote.text.trim()} »` : quote.text;
  const latinLang = quote.lang === 'fr' ? undefined : quote.lang;
  const run: RunStyle = { size: quote.script === 'arabic' ? 24 : 22, arabicBoost: 6, ...(latinLang ? { latinLang } : {}), ...(latin && !quote.translation ? { italics: true } : {}) };
  const base: Omit<IParagraphOptions, 'children'> = { style: 'Quote', keepNext: true, keepLines: true };
  if (quote.dir === 'rtl') {
    children.push(new Paragraph({ ...base, ...rtlOptions({}), children: textRuns(original, run) }));
  } else {
    children.push(new Paragraph({ ...base, children: textRuns(original, run) }));
  }
  if (quote.translation) {
    children.push(textParagraph(`« ${quote.translation.trim()} »`, { keepNext: true, spacing: { after: 60 } }, { italics: true }));
  }
  const attribution = quote.publishable ? `— ${quote.attribution}` : `— ${quote.attribution} · usage interne (non publiable)`;
  children.push(textParagraph(attribution, { style: 'CapiSmall', alignment: AlignmentType.RIGHT, spacing: { after: 0 } }));
  const narrow = total < TEXT_WIDTH * 0.75;
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: [total],
    layout: TableLayoutType.FIXED,
    borders: {
      top: NO_BORDER,
      bottom: NO_BORDER,
      right: NO_BORDER,
      left: { style: BorderStyle.SINGLE, size: 24, color: OCHRE },
      insideHorizontal: NO_BORDER,
      insideVertical: NO_BORDER,
    },
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({
            width: { size: total, type: WidthType.DXA },
            margins: narrow ? { top: 85, bottom: 85, left: 142, right: 142 } : { top: 113, bottom: 113, left: 227, right: 227 },
            shading: { type: ShadingType.CLEAR, color: 'auto', fill: OCHRE_LIGHT },
            children,
          }),
        ],
      }),
    ],
  });
}

// ── Charts ───────────────────────────────────────────────────────────────────────────────────────

/** Grid columns of the bar area of a chart: a bar is drawn as a shaded cell spanning some of them. */
const CHART_UNITS = 40;
/** Columns the longest bar spans; the rest stays free for its value. */
const CHART_MAX_BAR = 33;

/**
 * A horizontal bar chart drawn natively as a table (editable in Word, no image): the title above, then
 * one row per bar — the label (right-aligned, next to the axis), a teal shaded cell whose width is
 * proportional to the value (spanning up to {@link CHART_MAX_BAR} of {@link CHART_UNITS} grid columns),
 * and the value printed just after the bar. Thick white rules between rows separate the bars.
 */
function chartChildren(block: Extract<Block, { type: 'chart' }>, total = TEXT_WIDTH): Array<Paragraph | Table> {
  const title = textParagraph(block.title, { keepNext: true, keepLines: true, spacing: { before: 80, after: 60 } }, { bold: true, color: TEAL, size: 17 });
  if (block.bars.length === 0) return [title];
  const CHAR = 110; // twips per character at 9 pt, Noto Sans (generous: a wrapped label doubles its bar)
  const PAD = 2 * 85 + 60;
  const longest = Math.max(...block.bars.map((b) => [...b.label].length));
  const labelWidth = Math.round(Math.min(total * 0.42, Math.max(total * 0.2, longest * CHAR + PAD)));
  const unit = Math.floor((total - labelWidth) / CHART_UNITS);
  const widths = [total - unit * CHART_UNITS, ...Array.from({ length: CHART_UNITS }, () => unit)];
  const fractions = barFractions(block);
  const fmt = new Intl.NumberFormat('fr-FR');
  const axis = { style: BorderStyle.SINGLE, size: 6, color: GREY } as const;
  const tight = { top: 20, bottom: 20, left: 85, right: 85 };
  const rows = block.bars.map((bar, i) => {
    const value = barValue(bar.value);
    const span = value > 0 ? Math.max(1, Math.round(fractions[i]! * CHART_MAX_BAR)) : 0;
    const last = i === block.bars.length - 1;
    const para = (text: string, run: RunStyle, align?: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
      textParagraph(text, { style: 'CapiTableText', keepNext: !last, keepLines: true, spacing: { before: 10, after: 10 }, ...(align ? { alignment: align } : {}) }, run);
    const cells = [
      new TableCell({
        width: { size: widths[0]!, type: WidthType.DXA },
        margins: tight,
        verticalAlign: VerticalAlignTable.CENTER,
        children: [para(bar.label, {}, AlignmentType.RIGHT)],
      }),
    ];
    if (span > 0) {
      cells.push(
        new TableCell({
          width: { size: unit * span, type: WidthType.DXA },
          columnSpan: span,
          margins: tight,
          verticalAlign: VerticalAlignTable.CENTER,
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: TEAL },
          borders: { left: axis },
          children: [para('', {})],
        }),
      );
    }
    cells.push(
      new TableCell({
        width: { size: unit * (CHART_UNITS - span), type: WidthType.DXA },
        columnSpan: CHART_UNITS - span,
        margins: tight,
        verticalAlign: VerticalAlignTable.CENTER,
        ...(span === 0 ? { borders: { left: axis } } : {}),
        children: [para(fmt.format(value), { bold: true, color: TEAL })],
      }),
    );
    return new TableRow({ cantSplit: true, children: cells });
  });
  const white = { style: BorderStyle.SINGLE, size: 24, color: 'FFFFFF' } as const;
  const table = new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: white, insideVertical: NO_BORDER },
    rows,
  });
  return [title, table];
}

// ── Photos ───────────────────────────────────────────────────────────────────────────────────────

function imageType(data: Buffer): 'png' | 'jpg' | undefined {
  if (data.length > 8 && data.readUInt32BE(0) === 0x89504e47) return 'png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
  return undefined;
}

async function photo(block: Extract<Block, { type: 'photo' }>, total = TEXT_WIDTH): Promise<Paragraph[]> {
  let data: Buffer;
  try {
    data = await readFile(block.file);
  } catch (error) {
    throw new UserError(t('docx.photoUnreadable', { file: block.file, reason: (error as NodeJS.ErrnoException).code ?? String(error) }));
  }
  const type = imageType(data);
  if (!type) throw new UserError(t('docx.photoType', { file: block.file }));
  const ratio = block.width > 0 && block.height > 0 ? block.height / block.width : 0.75;
  let width = total / TWIPS_PER_PX;
  let height = width * ratio;
  const maxHeight = (TEXT_HEIGHT * 0.55) / TWIPS_PER_PX; // a portrait photo leaves room for its caption
  if (height > maxHeight) {
    height = maxHeight;
    width = height / ratio;
  }
  const caption = cleanXmlText(block.caption);
  const out = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      spacing: { before: 120, after: 0 },
      children: [
        new ImageRun({
          type,
          data,
          transformation: { width: Math.round(width), height: Math.round(height) },
          altText: { name: basename(block.file), title: caption, description: caption },
        }),
      ],
    }),
  ];
  const lines = [block.caption, block.credit].filter((s) => s.trim() !== '');
  lines.forEach((line, i) => {
    out.push(
      textParagraph(
        line,
        { style: 'Caption', alignment: AlignmentType.CENTER, keepNext: i < lines.length - 1, spacing: i < lines.length - 1 ? { after: 0 } : undefined },
        i === 0 ? { italics: false, color: INK } : {},
      ),
    );
  });
  return out;
}

// ── Blocks and sections ──────────────────────────────────────────────────────────────────────────

/**
 * The paragraphs and tables of one block. `width` is the width available, in twips: the text width,
 * or the inner width of a column cell (nested tables and photos are sized to it).
 */
async function blockChildren(block: Block, ctx: Context, width = TEXT_WIDTH): Promise<Array<Paragraph | Table>> {
  switch (block.type) {
    case 'rich':
      return richParagraphs(block.blocks, ctx);
    case 'fields':
      return block.rows.length ? [fieldsTable(block.rows, width), spacer()] : [];
    case 'list':
      return block.items.map((item) =>
        textParagraph(item, { style: 'ListParagraph', numbering: { reference: BULLETS, level: 0 } }),
      );
    case 'table':
      return [dataTable(block.head, block.rows, width), spacer()];
    case 'quote':
      return [quoteBox(block.quote, width), spacer()];
    case 'photo':
      return photo(block, width);
    case 'rating': {
      const max = Math.max(0, Math.round(block.max));
      const level = Math.min(max, Math.max(0, Math.round(block.level)));
      const children: ParagraphChild[] = [
        ...textRuns(`${block.label} : `, { bold: true, color: TEAL }),
        ...textRuns(block.value),
      ];
      if (max > 0) {
        children.push(new TextRun({ text: '   ' }));
        children.push(new TextRun({ text: '●'.repeat(level), color: OCHRE, size: 24 }));
        children.push(new TextRun({ text: '○'.repeat(max - level), color: RULE, size: 24 }));
      }
      return [new Paragraph({ spacing: { before: 60, after: 120 }, children })];
    }
    case 'note':
      return [textParagraph(block.text, {}, { italics: true, color: GREY })];
    case 'columns':
      return block.columns.length ? [await columnsTable(block.columns, ctx, width), spacer()] : [];
    case 'chart':
      return [...chartChildren(block, width), spacer()];
  }
}

/** Heading colours of the columns: France side (teal), territory side (ochre), then alternating. */
const COLUMN_TINTS = [
  { fill: TEAL_LIGHT, bar: TEAL, text: TEAL },
  { fill: OCHRE_LIGHT, bar: OCHRE, text: OCHRE_DARK },
];
const COLUMN_MARGINS = { top: 85, bottom: 57, left: 142, right: 142 };

/**
 * Side-by-side columns (« regard croisé ») as a table of equal columns, no outer borders and a light
 * rule between them: a header row (repeated on a new page, kept with the content) with each column's
 * title and subtitle on a tint, then one row whose cells hold the columns' blocks (nested tables for
 * `fields`, `table` and `quote` blocks, sized to the cell). The content row may break across pages.
 */
async function columnsTable(
  columns: Extract<Block, { type: 'columns' }>['columns'],
  ctx: Context,
  total = TEXT_WIDTH,
): Promise<Table> {
  const n = columns.length;
  const widths = Array.from({ length: n }, () => Math.floor(total / n));
  widths[n - 1]! += total - widths.reduce((a, b) => a + b, 0);
  const tint = (i: number) => COLUMN_TINTS[i % COLUMN_TINTS.length]!;
  const head = columns.map((column, i) => {
    const { fill, bar, text } = tint(i);
    const children = [
      textParagraph(column.title, { style: 'CapiTableText', keepNext: true, keepLines: true, spacing: { before: 0, after: column.subtitle ? 0 : 20 } }, { bold: true, color: text, size: 19 }),
    ];
    if (column.subtitle) {
      children.push(textParagraph(column.subtitle, { style: 'CapiSmall', keepNext: true, keepLines: true, spacing: { after: 20 } }, { italics: true }));
    }
    return new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      margins: COLUMN_MARGINS,
      verticalAlign: VerticalAlignTable.TOP,
      shading: { type: ShadingType.CLEAR, color: 'auto', fill },
      borders: { top: { style: BorderStyle.SINGLE, size: 16, color: bar }, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
      children,
    });
  });
  const body: TableCell[] = [];
  for (const [i, column] of columns.entries()) {
    const inner = widths[i]! - COLUMN_MARGINS.left - COLUMN_MARGINS.right;
    const children: Array<Paragraph | Table> = [];
    for (const block of column.blocks) children.push(...(await blockChildren(block, ctx, inner)));
    // a trailing spacer after a nested table is only room the cell does not need
    if (children.length > 1 && children[children.length - 1] instanceof Paragraph && children[children.length - 2] instanceof Table) {
      children.pop();
    }
    body.push(
      new TableCell({
        width: { size: widths[i]!, type: WidthType.DXA },
        margins: { ...COLUMN_MARGINS, top: 113 },
        verticalAlign: VerticalAlignTable.TOP,
        children: children.length ? children : [new Paragraph({ children: [] })],
      }),
    );
  }
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: {
      top: NO_BORDER,
      bottom: NO_BORDER,
      left: NO_BORDER,
      right: NO_BORDER,
      insideHorizontal: NO_BORDER,
      insideVertical: { style: BorderStyle.SINGLE, size: 4, color: RULE },
    },
    rows: [new TableRow({ tableHeader: true, cantSplit: true, children: head }), new TableRow({ children: body })],
  });
}

/**
 * The heading of a section. With review comments (review edition), each comment is anchored on the
 * heading: `w:commentRangeStart` before its runs, `w:commentRangeEnd` after them, then a run holding
 * the `w:commentReference` (Word draws the balloon there).
 */
function sectionHeading(section: SectionView, ctx: Context): Paragraph {
  const heading = section.level === 1 ? HeadingLevel.HEADING_1 : section.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3;
  const options: Omit<IParagraphOptions, 'children'> = { heading, ...(section.pageBreakBefore ? { pageBreakBefore: true } : {}) };
  const ids = (section.comments ?? []).map((comment) => ctx.comment(comment));
  if (ids.length === 0) return textParagraph(section.title, options);
  return new Paragraph({
    ...options,
    ...(isRtl(section.title) ? rtlOptions(options) : {}),
    children: [
      ...ids.map((id) => new CommentRangeStart(id)),
      ...textRuns(section.title),
      ...ids.map((id) => new CommentRangeEnd(id)),
      ...ids.map((id) => new TextRun({ children: [new CommentReference(id)] })),
    ],
  });
}

async function sectionChildren(section: SectionView, ctx: Context): Promise<FileChild[]> {
  const out: FileChild[] = [sectionHeading(section, ctx)];
  for (const block of section.blocks) out.push(...(await blockChildren(block, ctx)));
  for (const child of section.children) out.push(...(await sectionChildren(child, ctx)));
  return out;
}

// ── Page furniture ───────────────────────────────────────────────────────────────────────────────

function placeLine(view: SheetView): string {
  const p = view.place;
  if (!p) return '';
  const named = (fr: string, ar?: string): string => (ar ? `${fr} (${ar})` : fr);
  return `Province : ${named(p.province, p.provinceAr)} · Commune : ${named(p.commune, p.communeAr)}`;
}

function header(view: SheetView): Header {
  const place = placeLine(view);
  const children = [
    // one line in the page header, like the PDF (Word cannot ellipsise): long titles are shortened
    textParagraph(shortenTitle(view.title, 90), { style: 'Header' }, { bold: true, color: TEAL }),
    textParagraph(place || view.kindLabel, {
      style: 'Header',
      border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: OCHRE, space: 4 } },
    }),
  ];
  return new Header({ children });
}

function footer(view: SheetView): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: 'Footer',
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
        border: { top: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 4 } },
        children: [
          ...textRuns(`${view.id} · ${view.kindLabel}`),
          new TextRun({ children: ['\t', 'Page ', PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES] }),
        ],
      }),
    ],
  });
}

/** The opening block: kind label, title, subtitle, authors, douars, then the summary table. */
function titleBlock(view: SheetView): FileChild[] {
  const out: FileChild[] = [
    textParagraph(view.kindLabel.toUpperCase(), { spacing: { after: 60 } }, { bold: true, color: OCHRE, size: 18, characterSpacing: 20 }),
    textParagraph(view.title, { heading: HeadingLevel.TITLE }),
  ];
  if (view.subtitle) out.push(textParagraph(view.subtitle, { style: 'Subtitle' }));
  if (view.authors.length) out.push(textParagraph(view.authors.join(' · '), { spacing: { after: 200 } }, { color: GREY, size: 18 }));
  if (view.summary.length) out.push(fieldsTable(view.summary), spacer());
  return out;
}

/** The closing lines: colophon, source file, reference-data credit (small print). */
function colophon(view: SheetView): Paragraph[] {
  const lines = [view.colophon, view.source, view.dataCredit].filter((s) => s && s.trim() !== '');
  return lines.map((line, i) =>
    textParagraph(line, {
      style: 'CapiSmall',
      ...(i === 0
        ? { spacing: { before: 480, after: 40 }, border: { top: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 6 } } }
        : {}),
    }),
  );
}

function keywords(view: SheetView): string {
  const parts = [view.id, view.kindLabel, view.statusLabel, view.place?.province, view.place?.commune, ...(view.place?.douars ?? [])];
  return parts.filter((s): s is string => !!s && s.trim() !== '').join('; ');
}

// ── Public API ───────────────────────────────────────────────────────────────────────────────────

/** Options of the DOCX renderer. */
export interface DocxOptions {
  /** Embed the Arabic and Tifinagh font subsets (default true; about 370 kB, 100 kB once zipped). */
  embedFonts?: boolean;
}

/**
 * Builds the `docx` Document of a sheet (exported for tests and for callers that pack it themselves).
 *
 * @param view the sheet's view model.
 * @returns the document: A4, margins ≈ 2.2 cm, header (title, province and commune with Arabic
 *   names), footer (« id · kind » and « Page X / Y » fields), core properties (title, creator =
 *   authors, subject, description, keywords), embedded Arabic and Tifinagh font subsets
 *   (`word/settings.xml` gets `w:embedTrueTypeFonts` in {@link renderDocx}, not here).
 * @throws UserError when a photo file cannot be read or is neither PNG nor JPEG.
 */
export async function buildDocument(view: SheetView, options: DocxOptions = {}): Promise<Document> {
  const ctx = new Context(view.lang);
  const body: FileChild[] = titleBlock(view);
  for (const section of view.sections) body.push(...(await sectionChildren(section, ctx)));
  body.push(...colophon(view));
  const meta = (s: string): string => cleanXmlText(s);
  return new Document({
    title: meta(view.title),
    subject: meta(view.subtitle ? `${view.kindLabel} — ${view.subtitle}` : view.kindLabel),
    creator: meta(view.authors.join('; ') || 'capi'),
    lastModifiedBy: 'capi',
    description: meta([view.subtitle, view.colophon].filter(Boolean).join(' — ')),
    keywords: meta(keywords(view)),
    styles: styles(view.lang),
    numbering: { config: ctx.numbering },
    // review edition: the open review comments anchored on their sections (empty otherwise)
    comments: { children: ctx.comments },
    ...(options.embedFonts === false ? {} : { fonts: embeddedFonts() }),
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: MARGIN,
          },
        },
        headers: { default: header(view) },
        footers: { default: footer(view) },
        children: body,
      },
    ],
  });
}

/**
 * Renders a sheet as a DOCX file in memory.
 *
 * @param view the sheet's view model (strings are plain text; any script).
 * @returns the bytes of the `.docx` (a ZIP/OOXML package).
 * @throws UserError when a photo file cannot be read or is neither PNG nor JPEG.
 */
export async function renderDocx(view: SheetView, options: DocxOptions = {}): Promise<Buffer> {
  return packDocx(await buildDocument(view, options), options.embedFonts !== false);
}

/** What `docx`'s Packer uses inside: its compiler gives the package as a JSZip before compression. */
type DocxCompiler = { compile(file: Document, prettify?: unknown, overrides?: unknown[]): JSZip };

/**
 * Packs a document into DOCX bytes in one compression pass: the package from `docx`'s compiler, with
 * `word/settings.xml` patched to keep embedded fonts (see `keepEmbeddedFonts`), deflated at level 1 —
 * the embedded fonts made level 6 the slowest step of a render (measured: npm run bench). Falls back to
 * `Packer.toBuffer` and a second pass if the compiler is not where docx 9.7 keeps it.
 *
 * Why the private `Packer.compiler`, and so why package.json pins `docx` to exactly 9.7.1: docx 9's
 * public API has no equivalent. `Packer.pack`/`toBuffer` always deflate at JSZip's default level 6 and
 * give no package before compression; their public `overrides` argument replaces a part only with a
 * whole file, so keeping fonts that way means writing all of `word/settings.xml` ourselves (docx's
 * compatibility, numbering and comment settings included) instead of adding two flags. The public
 * route (`toBuffer`, then unzip, patch and zip again) took 77–87 ms against 31 ms for a sheet with
 * embedded fonts (fastest of 15 runs each, test/fixtures/views/re-sample.json, 2026-11-30).
 * test/render/docx-pack.test.ts fails if an upgrade moves the compiler, so the pin is raised on purpose.
 */
export async function packDocx(doc: Document, keepFonts: boolean): Promise<Buffer> {
  const compiler = (Packer as unknown as { compiler?: DocxCompiler }).compiler;
  if (!compiler?.compile) {
    const packed = await Packer.toBuffer(doc);
    return keepFonts ? keepEmbeddedFonts(packed) : packed;
  }
  const zip = compiler.compile(doc, undefined, []);
  if (keepFonts) {
    const part = zip.file('word/settings.xml');
    if (part) zip.file('word/settings.xml', withFontFlags(await part.async('string')));
  }
  return zip.generateAsync({
    type: 'nodebuffer',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    compression: 'DEFLATE',
    compressionOptions: { level: 1 },
  });
}

/** `word/settings.xml` with `<w:embedTrueTypeFonts/><w:saveSubsetFonts/>` in schema order. */
function withFontFlags(xml: string): string {
  if (xml.includes('<w:embedTrueTypeFonts')) return xml;
  const flags = '<w:embedTrueTypeFonts/><w:saveSubsetFonts/>';
  // Schema order: …, displayBackgroundShape, printPostScriptOverText, …, embedTrueTypeFonts, …
  return xml.includes('<w:displayBackgroundShape/>') ? xml.replace('<w:displayBackgroundShape/>', `<w:displayBackgroundShape/>${flags}`) : xml.replace(/(<w:settings\b[^>]*>)/, `$1${flags}`);
}

/**
 * Adds `<w:embedTrueTypeFonts/><w:saveSubsetFonts/>` to `word/settings.xml` (ECMA-376 Part 1,
 * §17.15.1.42 and §17.15.1.76), which `docx` does not write: Word then keeps the embedded fonts when
 * the coordinator saves the commented file, instead of dropping them.
 */
async function keepEmbeddedFonts(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const part = zip.file('word/settings.xml');
  if (!part) return docx;
  zip.file('word/settings.xml', withFontFlags(await part.async('string')));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
}

/**
 * Renders a sheet and writes it to `outFile` atomically: the bytes go to a temporary file in the
 * same folder, which is then renamed over `outFile` (a reader never sees half a file; the folder
 * must exist).
 *
 * @throws UserError (photo) or the file system's error (folder missing, permission denied); the
 *   temporary file is removed on failure.
 */
export async function writeDocx(view: SheetView, outFile: string, options: DocxOptions = {}): Promise<void> {
  const data = await renderDocx(view, options);
  await writeAtomic(outFile, data);
}

// ── For the booklet (`./booklet-docx.js`, `capi booklet`): the same sheet-building code ─────────────
export {
  styles as docxStyles,
  Context as DocxContext,
  sectionChildren,
  header as sheetHeader,
  textParagraph,
  fieldsTable,
  spacer,
  keepEmbeddedFonts,
  PAGE,
  MARGIN,
  TEXT_WIDTH,
  TEAL,
  OCHRE,
  GREY,
  RULE,
};
