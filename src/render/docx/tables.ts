/**
 * Tables of the DOCX: label/value tables (summary box, `fields` blocks) and data tables with widths
 * from their content.
 */
import { BorderStyle, ShadingType, Table, TableCell, TableLayoutType, TableRow, VerticalAlignTable, WidthType } from 'docx';
import { type RunStyle } from './text.js';
import { TEXT_WIDTH, TEAL, TEAL_LIGHT, RULE, NO_BORDER } from './layout.js';
import { textParagraph } from './paragraphs.js';

const TABLE_BORDERS = {
  top: { style: BorderStyle.SINGLE, size: 8, color: TEAL },
  bottom: { style: BorderStyle.SINGLE, size: 8, color: TEAL },
  left: NO_BORDER,
  right: NO_BORDER,
  insideHorizontal: { style: BorderStyle.SINGLE, size: 4, color: RULE },
  insideVertical: NO_BORDER,
};
const CELL_MARGINS = { top: 57, bottom: 57, left: 113, right: 113 };

export function cell(text: string, width: number, options: { head?: boolean; label?: boolean; fill?: string } = {}): TableCell {
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
export function fieldsTable(rows: Array<{ label: string; value: string }>, total = TEXT_WIDTH): Table {
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
export function columnWidths(head: string[], rows: string[][], total = TEXT_WIDTH): number[] {
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
export function dataTable(head: string[], rows: string[][], total = TEXT_WIDTH): Table {
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

