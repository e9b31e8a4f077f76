/**
 * The view model's blocks and sections as DOCX paragraphs and tables, « regard croisé » columns
 * included (blocks nest inside column cells).
 */
import { BorderStyle, CommentRangeEnd, CommentRangeStart, CommentReference, HeadingLevel, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlignTable, WidthType, type FileChild, type IParagraphOptions, type ParagraphChild } from 'docx';
import type { Block, SectionView } from '../../view/model.js';
import { isRtl, textRuns } from './text.js';
import { meterGlyphHalfPoints } from '../design.js';
import { TEXT_WIDTH, TEAL, TEAL_LIGHT, OCHRE, OCHRE_LIGHT, GREY, RULE, OCHRE_DARK, NO_BORDER, BULLETS } from './layout.js';
import { Context } from './context.js';
import { textParagraph, rtlOptions, richParagraphs, spacer } from './paragraphs.js';
import { fieldsTable, dataTable } from './tables.js';
import { quoteBox } from './quote.js';
import { chartChildren } from './bar-chart.js';
import { photo } from './photo.js';

/**
 * Where a block stands in the flow of its section or column: `keepFirst` when it follows a heading, a
 * column head, a label (`note` with `lead`) or a rating (its first lines are kept with them), `hasNext`
 * when another block follows it.
 */
interface Flow { keepFirst: boolean; hasNext: boolean }

/**
 * The paragraphs and tables of one block. `width` is the width available, in twips: the text width,
 * or the inner width of a column cell (nested tables and photos are sized to it). Page flow: a label
 * and a rating are kept with what follows (`keepNext`, `keepLines`), and the first lines of what
 * follows a heading or a label are kept together (see `Flow`), so that no heading or label ends a page.
 */
/**
 * « Label : » before a value on the same line: French puts a no-break space before the colon, English
 * none (the PDF separates them by layout).
 */
function labelColon(label: string, lang: string): string {
  return `${label}${lang === 'fr' ? '\u00a0:' : ':'} `;
}

async function blockChildren(block: Block, ctx: Context, width = TEXT_WIDTH, flow: Flow = { keepFirst: false, hasNext: false }): Promise<Array<Paragraph | Table>> {
  switch (block.type) {
    case 'rich':
      return richParagraphs(block.blocks, ctx, 0, flow.keepFirst);
    case 'fields':
      if (block.rows.length === 1 && flow.keepFirst && flow.hasNext) {
        // one field between a heading and more (« Période d'enquête » before the interviews): a line
        // kept with what follows — LibreOffice keeps no table with the next one, a paragraph it does
        const [row] = block.rows;
        return [new Paragraph({ spacing: { before: 60, after: 120 }, keepNext: true, keepLines: true, children: [...textRuns(labelColon(row!.label, ctx.lang), { bold: true, color: TEAL }), ...textRuns(row!.value)] })];
      }
      return block.rows.length ? [fieldsTable(block.rows, width, { keepFirst: flow.keepFirst && block.rows.length > 1 }), spacer()] : [];
    case 'list':
      return block.items.map((item, i) =>
        textParagraph(item, {
          style: 'ListParagraph',
          numbering: { reference: BULLETS, level: 0 },
          widowControl: true,
          ...(i === 0 && flow.keepFirst && block.items.length > 1 ? { keepNext: true, keepLines: true } : {}),
        }),
      );
    case 'table':
      return [dataTable(block.head, block.rows, width, { keepFirst: flow.keepFirst }), spacer()];
    case 'quote':
      return [quoteBox(block.quote, width), spacer()];
    case 'photo':
      return photo(block, width);
    case 'rating': {
      const max = Math.max(0, Math.round(block.max));
      const level = Math.min(max, Math.max(0, Math.round(block.level)));
      const children: ParagraphChild[] = [
        ...textRuns(labelColon(block.label, ctx.lang), { bold: true, color: TEAL }),
        ...textRuns(block.value),
      ];
      if (max > 0) {
        children.push(new TextRun({ text: '   ' }));
        children.push(new TextRun({ text: '●'.repeat(level), color: TEAL, size: meterGlyphHalfPoints() }));
        children.push(new TextRun({ text: '○'.repeat(max - level), color: TEAL, size: meterGlyphHalfPoints() }));
      }
      return [new Paragraph({ spacing: { before: 60, after: 120 }, ...(flow.hasNext ? { keepNext: true, keepLines: true } : {}), children })];
    }
    case 'note':
      return [textParagraph(block.text, block.lead ? { keepNext: true, keepLines: true } : {}, { italics: true, color: GREY })];
    case 'columns':
      return block.columns.length ? [await columnsTable(block.columns, ctx, width), spacer()] : [];
    case 'chart':
      return [...chartChildren(block, width), spacer()];
  }
}

/** The blocks of a section or a column, right after its heading, with their place in the flow. */
async function flowChildren(blocks: Block[], ctx: Context, width = TEXT_WIDTH): Promise<Array<Paragraph | Table>> {
  const out: Array<Paragraph | Table> = [];
  let keepFirst = true;
  for (const [i, block] of blocks.entries()) {
    out.push(...(await blockChildren(block, ctx, width, { keepFirst, hasNext: i < blocks.length - 1 })));
    keepFirst = (block.type === 'note' && block.lead === true) || block.type === 'rating';
  }
  return out;
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
      textParagraph(column.title, { style: 'CapiLabel', keepNext: true, keepLines: true, spacing: { before: 0, after: column.subtitle ? 0 : 20 } }, { bold: true, color: text, allCaps: true }),
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
    children.push(...(await flowChildren(column.blocks, ctx, inner)));
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

/** A section as DOCX: its heading, its blocks (see `flowChildren`), then its sub-sections. */
export async function sectionChildren(section: SectionView, ctx: Context): Promise<FileChild[]> {
  const out: FileChild[] = [sectionHeading(section, ctx)];
  out.push(...(await flowChildren(section.blocks, ctx)));
  for (const child of section.children) out.push(...(await sectionChildren(child, ctx)));
  return out;
}
