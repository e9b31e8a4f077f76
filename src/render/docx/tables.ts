/**
 * Tables of the DOCX: label/value tables (summary box, `fields` blocks) and data tables with widths
 * from their content.
 */
import { AlignmentType, BorderStyle, ShadingType, Table, TableCell, TableLayoutType, TableRow, VerticalAlignTable, WidthType } from 'docx';
import { tableColumns, type TableColumn } from '../table-layout.js';
import { type RunStyle } from './text.js';
import { twips } from '../design.js';
import { TEXT_WIDTH, TEAL, RULE, NO_BORDER, PAPER, ZEBRA } from './layout.js';
import { textParagraph } from './paragraphs.js';

const TABLE_BORDERS = {
  top: { style: BorderStyle.SINGLE, size: 8, color: TEAL },
  bottom: { style: BorderStyle.SINGLE, size: 8, color: TEAL },
  left: NO_BORDER,
  right: NO_BORDER,
  insideHorizontal: { style: BorderStyle.SINGLE, size: 4, color: RULE },
  insideVertical: NO_BORDER,
};
// 2 pt above and below (+ the paragraph's 2 pt): the 4 pt padding of the PDF's table cells
const CELL_MARGINS = { top: twips(2), bottom: twips(2), left: 113, right: 113 };

/**
 * One table cell of one paragraph. `keepNext` keeps its row on the page of the next row (a header row,
 * or the first row after a heading); `right` sets the text flush right (amounts).
 */
export function cell(text: string, width: number, options: { head?: boolean; label?: boolean; fill?: string; keepNext?: boolean; right?: boolean } = {}): TableCell {
  const run: RunStyle = options.head
    ? { bold: true, color: PAPER }
    : options.label
      ? { bold: true, color: TEAL }
      : {};
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: CELL_MARGINS,
    verticalAlign: VerticalAlignTable.TOP,
    ...(options.fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: options.fill } } : {}),
    // header and label cells are in the heading font, like the PDF's th (style CapiLabel)
    children: [textParagraph(text, { style: options.head || options.label ? 'CapiLabel' : 'CapiTableText', keepLines: true, ...(options.keepNext ? { keepNext: true } : {}), ...(options.right ? { alignment: AlignmentType.RIGHT } : {}) }, run)],
  });
}

/**
 * A label/value table (summary box, `fields` blocks): labels in the heading font and teal, 32 % wide (as the PDF's table.fields)
 * (38 % in a narrow column). `total` is the table width in twips (the text width by default).
 */
export function fieldsTable(rows: Array<{ label: string; value: string }>, total = TEXT_WIDTH, options: { keepFirst?: boolean } = {}): Table {
  const labelWidth = Math.round(total * (total < TEXT_WIDTH * 0.75 ? 0.38 : 0.32));
  const widths = [labelWidth, total - labelWidth];
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    rows: rows.map(
      (row, r) =>
        new TableRow({
          cantSplit: true,
          // after a heading, the first row stays with the second (the heading is carried with both)
          children: [cell(row.label, widths[0], { label: true, keepNext: r === 0 && options.keepFirst }), cell(row.value, widths[1], { keepNext: r === 0 && options.keepFirst })],
        }),
    ),
  });
}

/**
 * Column widths (twips, summing to `total`) from the content, shared with the PDF: see `tableColumns()`
 * in ../table-layout.js (codes, dates and amounts on one line; a long word or link does not widen its
 * column, Word and LibreOffice break it inside the cell of a fixed-layout table).
 */
export function columnWidths(head: string[], rows: string[][], total = TEXT_WIDTH): number[] {
  return widthsOf(tableColumns(head, rows, total / 20), total);
}

/** The twip widths of `columns` (shares of `total`), the rounding left to the last column. */
function widthsOf(columns: readonly TableColumn[], total: number): number[] {
  const widths = columns.map((c) => Math.floor(c.share * total));
  widths[widths.length - 1]! += total - widths.reduce((a, b) => a + b, 0);
  return widths;
}

/**
 * A data table: teal header row repeated on each page and kept with the first row, zebra rows, widths
 * from {@link columnWidths}, amounts flush right. With `keepFirst` (after a heading), the first row
 * stays with the second too.
 */
export function dataTable(head: string[], rows: string[][], total = TEXT_WIDTH, options: { keepFirst?: boolean } = {}): Table {
  // the columns are laid out once: widths and alignment come from the same measure
  const columns = tableColumns(head, rows, total / 20);
  const widths = widthsOf(columns, total);
  const right = columns.map((c) => c.kind === 'amount');
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: widths.map((w, i) => cell(head[i] ?? '', w, { head: true, fill: TEAL, keepNext: rows.length > 0, right: right[i] })),
      }),
      ...rows.map(
        (row, r) =>
          new TableRow({
            cantSplit: true,
            children: widths.map((w, i) => cell(row[i] ?? '', w, { ...(r % 2 === 1 ? { fill: ZEBRA } : {}), keepNext: r === 0 && rows.length > 1 && options.keepFirst, right: right[i] })),
          }),
      ),
    ],
  });
}

