/**
 * Page furniture and the opening and closing blocks of a sheet: header, footer, title block,
 * colophon, and the keywords of the document properties.
 */
import { AlignmentType, BorderStyle, Footer, Header, HeadingLevel, PageNumber, Paragraph, ShadingType, TabStopType, TextRun, type FileChild } from 'docx';
import type { SheetView } from '../../view/model.js';
import { shortenTitle } from '../../view/text.js';
import { textRuns } from './text.js';
import { TEXT_WIDTH, TEAL, OCHRE, OCHRE_LIGHT, GREY, RULE } from './layout.js';
import { textParagraph, spacer } from './paragraphs.js';
import { fieldsTable } from './tables.js';

/**
 * The place of the running header, named as the PDF names it: « Afella Ighir (أفلا إغير) · province de
 * Tiznit (تيزنيت) », « … · préfecture d’Agadir-Ida-Ou-Tanane » (the type from the reference list, see
 * `placeView`), shortened to one line.
 */
export function placeLine(view: SheetView): string {
  const p = view.place;
  if (!p) return '';
  const named = (fr: string, ar?: string): string => (ar ? `${fr} (${ar})` : fr);
  return shortenTitle(`${named(p.commune, p.communeAr)} · ${named(p.provincePhrase ?? p.province, p.provinceAr)}`, DOCX_HEADER_MAX);
}

/** Longest header line: the DOCX header spans the whole text width (174 mm) at 8 pt, bold for the title. */
const DOCX_HEADER_MAX = 90;

/**
 * The page header: « BROUILLON » on a tinted band for a draft, the title (shortened to one line, Word
 * cannot ellipsise), the place. Text at 8 pt at least (style `Header`).
 */
export function header(view: SheetView): Header {
  const place = placeLine(view);
  const children = [
    ...(view.frame.draftMark
      ? [textParagraph(view.frame.draftMark, { style: 'Header', alignment: AlignmentType.CENTER, shading: { type: ShadingType.CLEAR, fill: OCHRE_LIGHT, color: 'auto' }, spacing: { after: 60 } }, { bold: true, color: OCHRE, size: 28, characterSpacing: 60 })]
      : []),
    textParagraph(shortenTitle(view.title, DOCX_HEADER_MAX), { style: 'Header' }, { bold: true, color: TEAL }),
    textParagraph(place || view.kindLabel, {
      style: 'Header',
      border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: OCHRE, space: 4 } },
    }),
  ];
  return new Header({ children });
}

/**
 * The page footer, as in the PDF: « Document interne — ne pas diffuser » (bold, ochre) in an internal
 * edition, with « BROUILLON » for a draft, else the organisation and the kind of document; the reference (a sheet id, never a file
 * name); « Page X / Y ». Text at 8 pt (style `Footer`).
 */
export function footer(view: SheetView): Footer {
  const mark = [view.frame.internalMark, view.frame.draftMark].filter(Boolean).join(' · ');
  const lead = mark ? textRuns(mark, { bold: true, color: OCHRE }) : textRuns(`${view.organisation} · ${view.kindLabel}`);
  return new Footer({
    children: [
      new Paragraph({
        style: 'Footer',
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
        border: { top: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 4 } },
        children: [
          ...lead,
          ...(view.frame.reference ? textRuns(` · ${view.frame.reference}`) : []),
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

/**
 * The colophon (organisation, edition, version, credits, licence, citation, credit of the place names;
 * the source file in the review edition only), at 8 pt, its lines kept together and with each other
 * (`keepNext`, `keepLines`): it never splits over two pages.
 */
export function colophon(view: SheetView): Paragraph[] {
  const c = view.colophon;
  const lines = [...c.lines, c.citation, view.dataCredit, c.provenance ?? ''].filter((s) => s.trim() !== '');
  return lines.map((line, i) =>
    textParagraph(
      line,
      {
        style: 'CapiSmall',
        keepLines: true,
        ...(i < lines.length - 1 ? { keepNext: true } : {}),
        ...(i === 0
          ? { spacing: { before: 320, after: 40 }, border: { top: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 6 } } }
          : line === c.citation ? { spacing: { before: 80, after: 40 } } : {}),
      },
      { size: 16, ...(i === 0 ? { bold: true } : {}), ...(line === c.provenance ? { italics: true } : {}) },
    ),
  );
}

export function keywords(view: SheetView): string {
  const parts = [view.id, view.kindLabel, view.statusLabel, view.place?.province, view.place?.commune, ...(view.place?.douars ?? [])];
  return parts.filter((s): s is string => !!s && s.trim() !== '').join('; ');
}
