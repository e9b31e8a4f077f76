/** Quotes of the DOCX: the original and its translation in an ochre-barred box. */
import { AlignmentType, BorderStyle, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, WidthType, type IParagraphOptions } from 'docx';
import type { QuoteView } from '../../view/model.js';
import { textRuns, type RunStyle } from './text.js';
import { TEXT_WIDTH, OCHRE, OCHRE_LIGHT, NO_BORDER } from './layout.js';
import { textParagraph, rtlOptions } from './paragraphs.js';

/**
 * A quote in a one-cell box with an ochre bar on the left: the language label, the original text in
 * its own paragraph (Arabic: `w:bidi`, flush right, runs `w:rtl` in Noto Naskh Arabic; Tifinagh:
 * Noto Sans Tifinagh), the French translation in italics, then the attribution.
 */
export function quoteBox(quote: QuoteView, total = TEXT_WIDTH): Table {
  const children: Paragraph[] = [];
  if (quote.translation) {
    children.push(
      textParagraph(quote.langLabel, { style: 'CapiSmall', keepNext: true }, { smallCaps: true, color: OCHRE, bold: true }),
    );
  }
  const latin = quote.script === 'latin';
  // the view put Latin originals and translations in « » once (typesetView): printed as they are
  const original = quote.text;
  const latinLang = quote.lang === 'fr' ? undefined : quote.lang;
  const run: RunStyle = { size: quote.script === 'arabic' ? 24 : 22, arabicBoost: 6, ...(latinLang ? { latinLang } : {}), ...(latin && !quote.translation ? { italics: true } : {}) };
  const base: Omit<IParagraphOptions, 'children'> = { style: 'Quote', keepNext: true, keepLines: true };
  if (quote.dir === 'rtl') {
    children.push(new Paragraph({ ...base, ...rtlOptions({}), children: textRuns(original, run) }));
  } else {
    children.push(new Paragraph({ ...base, children: textRuns(original, run) }));
  }
  if (quote.translation) {
    children.push(textParagraph(quote.translation, { keepNext: true, spacing: { after: 60 } }, { italics: true }));
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
