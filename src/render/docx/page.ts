/**
 * Page furniture and the opening and closing blocks of a sheet: header, footer, title block,
 * colophon, and the keywords of the document properties.
 */
import { BorderStyle, Footer, Header, HeadingLevel, PageNumber, Paragraph, TabStopType, TextRun, type FileChild } from 'docx';
import type { SheetView } from '../../view/model.js';
import { shortenTitle } from '../../view/text.js';
import { textRuns } from './text.js';
import { TEXT_WIDTH, TEAL, OCHRE, GREY, RULE } from './layout.js';
import { textParagraph, spacer } from './paragraphs.js';
import { fieldsTable } from './tables.js';

function placeLine(view: SheetView): string {
  const p = view.place;
  if (!p) return '';
  const named = (fr: string, ar?: string): string => (ar ? `${fr} (${ar})` : fr);
  return `Province : ${named(p.province, p.provinceAr)} · Commune : ${named(p.commune, p.communeAr)}`;
}

export function header(view: SheetView): Header {
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

export function footer(view: SheetView): Footer {
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
export function titleBlock(view: SheetView): FileChild[] {
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
export function colophon(view: SheetView): Paragraph[] {
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

export function keywords(view: SheetView): string {
  const parts = [view.id, view.kindLabel, view.statusLabel, view.place?.province, view.place?.commune, ...(view.place?.douars ?? [])];
  return parts.filter((s): s is string => !!s && s.trim() !== '').join('; ');
}
