/**
 * Page geometry and palette of the DOCX renderer (twips, hex colours), shared by its modules.
 */
import { BorderStyle, type IBorderOptions } from 'docx';

export const PAGE = { width: 11906, height: 16838 }; // A4
export const MARGIN = { top: 1418, bottom: 1304, left: 1247, right: 1247, header: 624, footer: 567 };
export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right; // 9412 twips ≈ 16.6 cm
export const TEXT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;
/** ImageRun sizes are CSS pixels (96 per inch). */
export const TWIPS_PER_PX = 15;

export const TEAL = '1F6F6B';
export const TEAL_LIGHT = 'E5EFEE';
export const OCHRE = 'B7791F';
export const OCHRE_LIGHT = 'FAF3E7';
export const INK = '262626';
export const GREY = '6B6B6B';
export const RULE = 'C9D6D4';
/** Darker ochre for small text on the ochre tint (the accent ochre is too light for 9 pt). */
export const OCHRE_DARK = '8A5914';

export const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
export const BULLETS = 'capi-bullet';
