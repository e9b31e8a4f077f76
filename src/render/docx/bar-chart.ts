/** Bar charts of the DOCX, drawn natively as tables (editable in Word). */
import { visibleLength } from '../../view/text.js';
import { AlignmentType, BorderStyle, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, VerticalAlignTable, WidthType } from 'docx';
import type { Block } from '../../view/model.js';
import { barFractions, barValue } from '../chart.js';
import { type RunStyle } from './text.js';
import { TEXT_WIDTH, TEAL, GREY, NO_BORDER } from './layout.js';
import { textParagraph } from './paragraphs.js';

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
export function chartChildren(block: Extract<Block, { type: 'chart' }>, total = TEXT_WIDTH): Array<Paragraph | Table> {
  const title = textParagraph(block.title, { keepNext: true, keepLines: true, spacing: { before: 80, after: 60 } }, { bold: true, color: TEAL, size: 17 });
  if (block.bars.length === 0) return [title];
  const CHAR = 110; // twips per character at 9 pt, Noto Sans (generous: a wrapped label doubles its bar)
  const PAD = 2 * 85 + 60;
  const longest = Math.max(...block.bars.map((b) => visibleLength(b.label)));
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
