/**
 * Page geometry and palette of the DOCX renderer (twips, hex colours), shared by its modules. The
 * colours are the design tokens of `../design.ts`, the same as the PDF's.
 */
import { BorderStyle, type IBorderOptions } from 'docx';
import { MARGIN_BOX_MM, PAGE_MARGINS_MM, docxColour, mmTwips } from '../design.js';

export const PAGE = { width: 11906, height: 16838 }; // A4
/** Page margins: the design's (../design.ts), the same as the PDF's @page rule. */
export const MARGIN = {
  top: mmTwips(PAGE_MARGINS_MM.top),
  bottom: mmTwips(PAGE_MARGINS_MM.bottom),
  left: mmTwips(PAGE_MARGINS_MM.left),
  right: mmTwips(PAGE_MARGINS_MM.right),
  header: mmTwips(MARGIN_BOX_MM.header),
  footer: mmTwips(MARGIN_BOX_MM.footer),
};
export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right; // 9865 twips ≈ 17.4 cm
export const TEXT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;
/** ImageRun sizes are CSS pixels (96 per inch). */
export const TWIPS_PER_PX = 15;

// Palette: the design tokens of ../design.ts (the PDF's CSS custom properties), as Word hex colours.
export const TEAL = docxColour('teal');
export const TEAL_2 = docxColour('teal2');
export const TEAL_LIGHT = docxColour('tealTint');
export const OCHRE = docxColour('ochre');
export const OCHRE_LIGHT = docxColour('ochreTint');
export const INK = docxColour('ink');
export const GREY = docxColour('muted');
export const RULE = docxColour('rule');
/** Darker ochre for small text on the ochre tint (the accent ochre is too light for 9 pt). */
export const OCHRE_DARK = docxColour('ochreDark');
/** White: text on teal, the thick rules between chart bars. */
export const PAPER = docxColour('paper');
/** Every other row of a data table. */
export const ZEBRA = docxColour('zebra');
/** Mark of what must not be published. */
export const ALERT = docxColour('alert');

export const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: PAPER };
export const BULLETS = 'capi-bullet';
