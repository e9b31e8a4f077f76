/**
 * Page numbers stamped on pages printed without them: how the booklet (`./booklet-pdf.js`) prints each
 * sheet once. A sheet is printed with an empty footer number (its running footer's right box is kept,
 * rule included), merged at whatever page it lands on, then its number is drawn on every page here.
 *
 * The digits are not drawn by capi: Chromium prints them once, in a ten-page document whose only
 * content is the running footer's page number, « 0 » to « 9 » (the same `@page` margin box, font, size
 * and colour as every printed page: `templates/page-margins.css`). Each of those pages becomes a form
 * XObject (pdf-lib `embedPdf`), and a number is its digits' XObjects drawn side by side, the last one
 * where Chromium puts a one-digit number (the footer is right-aligned), each one before it moved left by
 * the advance width of the digits after it (Noto Sans, the footer's face, read with fontkit:
 * `./text-width.js`). So page 128 prints « 128 » in the same place, font and colour as if Chromium had
 * numbered it, and pdftotext reads « 128 ».
 *
 * Each number is marked content `/Artifact BMC … EMC` (ISO 32000-1 §14.8.2.2): running footers are
 * pagination artifacts, outside the structure tree, as Chromium marks its own.
 */
import {
  PDFDocument,
  ParseSpeeds,
  beginMarkedContent,
  endMarkedContent,
  type PDFEmbeddedPage,
  type PDFPage,
} from 'pdf-lib';
import { SIZES } from './design.js';
import { textWidth } from './text-width.js';

/**
 * HTML of the ten-page document of digits: page k (1-based) shows only its running footer's page
 * number, k − 1. `css` is the printed pages' own style (fonts, design tokens, `@page` size, margins and
 * margin boxes), so the digits fall where and how the footer's number falls on every page.
 */
export function digitsHtml(css: string): string {
  const pages = Array.from({ length: 10 }, () => '<div class="digit"></div>').join('');
  // every margin box but the page number is emptied; the number's rule is left to the page it goes on
  const own = `html { counter-reset: page -1; } .digit { break-after: page; height: 1px; } .digit:last-child { break-after: auto; }
@page { @top-left { content: none; } @top-center { content: none; } @top-right { content: none; } @bottom-left { content: none; } @bottom-center { content: none; }
  @bottom-right { content: counter(page); border-top-color: transparent; background: none; } }`;
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>0-9</title><style>${css.replace(/<\/(style)/gi, '<\\/$1')}</style><style>${own}</style></head><body>${pages}</body></html>`;
}

/** Draws page numbers in the running footer of printed pages (see the module's comment). */
export class PageNumbers {
  private constructor(private readonly digits: PDFEmbeddedPage[]) {}

  /**
   * Embeds the ten digits printed by Chromium from {@link digitsHtml} into `out`.
   * @param printed the PDF of `digitsHtml` (printed untagged, without backgrounds)
   * @throws Error when that PDF does not have exactly ten pages
   */
  static async embed(out: PDFDocument, printed: Uint8Array): Promise<PageNumbers> {
    const src = await PDFDocument.load(printed, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
    if (src.getPageCount() !== 10) throw new Error(`internal: the digits document has ${src.getPageCount()} pages, not 10`);
    const digits = await out.embedPages(src.getPages());
    // embedded now (pdf-lib would at save()): the booklet is written as it is merged (./pdf-stream.js)
    for (const digit of digits) await digit.embed();
    return new PageNumbers(digits);
  }

  /**
   * Draws `number` (a positive integer) in the footer of `page`, as an artifact.
   * The page's own content is left as it is (Chromium's content streams restore their graphics state).
   */
  stamp(page: PDFPage, number: number): void {
    const text = String(number);
    page.pushOperators(beginMarkedContent('Artifact'));
    for (let i = 0; i < text.length; i += 1) {
      const digit = this.digits[Number(text[i])]!;
      // the digit alone ends at the footer's right edge; here the digits after it follow it
      const dx = textWidth(text[i]!, 'sans', SIZES.margin) - textWidth(text.slice(i), 'sans', SIZES.margin);
      page.drawPage(digit, { x: dx, y: 0 });
    }
    page.pushOperators(endMarkedContent());
  }
}
