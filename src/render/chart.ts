/**
 * Geometry of the horizontal bar charts (`chart` blocks of the view model), computed here so that the
 * templates only draw: the SVG of the PDF (`templates/partials/chart.hbs`, through the `chartBars`
 * helper) and the table-cell bars of the DOCX use the same proportions.
 */
import { visibleLength } from '../view/text.js';
import type { Block } from '../view/model.js';

type Chart = Extract<Block, { type: 'chart' }>;

/** A bar of the SVG chart: its label, value and positions in the SVG's user units. */
export interface SvgBar {
  label: string;
  /** The value as printed (French number format). */
  valueText: string;
  /** Right edge of the label (text-anchor end). */
  labelX: number;
  /** Baseline of the label and value texts. */
  textY: number;
  barX: number;
  barY: number;
  /** Bar length: `value / max` of the bar area (0 for 0). */
  barWidth: number;
  barHeight: number;
  /** Start of the value text, just after the bar. */
  valueX: number;
}

/** The SVG chart: `viewBox` size (user units ≈ CSS px at 100 % of a 640 px wide column) and its bars. */
export interface SvgChart {
  width: number;
  height: number;
  /** Font size of labels and values, in user units. */
  fontSize: number;
  /** x of the baseline (the axis line at the left of the bars) and its length. */
  axisX: number;
  axisHeight: number;
  bars: SvgBar[];
}

const fmt = new Intl.NumberFormat('fr-FR');

/** The value of a bar as a finite number ≥ 0 (negative, NaN or infinite values count as 0). */
export function barValue(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** Each bar's share of the longest bar (0…1); all 0 when every value is 0. */
export function barFractions(chart: Chart): number[] {
  const values = chart.bars.map((b) => barValue(b.value));
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 ? v / max : 0));
}

/** Width of `text` in user units at `size`, estimated (Noto Sans averages about 0.56 em a character). */
function textWidth(text: string, size: number): number {
  return visibleLength(text) * size * 0.56;
}

/**
 * Layout of a horizontal bar chart drawn in SVG: labels right-aligned in a left column sized to the
 * longest label (between 90 and 250 units), bars proportional to the largest value in the remaining
 * width, minus room for the value printed after the longest bar.
 */
export function svgChart(chart: Chart, width = 640): SvgChart {
  const fontSize = 11;
  const rowHeight = 22;
  const barHeight = 14;
  const gap = 8;
  const labelWidth = Math.round(Math.min(250, Math.max(90, ...chart.bars.map((b) => textWidth(b.label, fontSize)))));
  const valueRoom = Math.round(Math.max(28, ...chart.bars.map((b) => textWidth(fmt.format(barValue(b.value)), fontSize) + gap)));
  const axisX = labelWidth + gap;
  const area = width - axisX - valueRoom;
  const fractions = barFractions(chart);
  const bars = chart.bars.map((b, i) => {
    const top = i * rowHeight + (rowHeight - barHeight) / 2;
    const barWidth = Math.round(fractions[i]! * area * 10) / 10;
    return {
      label: b.label,
      valueText: fmt.format(barValue(b.value)),
      labelX: labelWidth,
      textY: Math.round((top + barHeight / 2 + fontSize * 0.36) * 10) / 10,
      barX: axisX,
      barY: top,
      barWidth,
      barHeight,
      valueX: Math.round((axisX + barWidth + 5) * 10) / 10,
    };
  });
  return { width, height: Math.max(rowHeight, chart.bars.length * rowHeight), fontSize, axisX, axisHeight: Math.max(rowHeight, chart.bars.length * rowHeight), bars };
}
