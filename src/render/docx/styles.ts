/**
 * Word styles and list numbering levels of capi's DOCX: built-in style ids restyled (Title,
 * Heading1–3, Subtitle, Quote, Caption, Header, Footer) plus capi's own table, label, lead and
 * small-print styles. Sizes, spacing, colours and fonts are the design tokens of `../design.ts`.
 */
import { AlignmentType, BorderStyle, LevelFormat, LineRuleType, type ILevelsOptions, type IStylesOptions } from 'docx';
import type { SheetView } from '../../view/model.js';
import { documentText } from '../../view/locale.js';
import { ARABIC_FONT, BODY_FONT, HEADING_FONT } from './fonts.js';
import { halfPoints, spacingTwips, twips, wordLine } from '../design.js';
import { BODY_SIZE, WORD_LANG } from './text.js';
import { TEAL, TEAL_2, OCHRE, INK, GREY } from './layout.js';

/**
 * Word styles: built-in ids, restyled; document defaults carry fonts, size and languages (`lang`: the
 * document's language, e.g. `en` → `en-GB` for Latin text; Arabic is always `ar-MA`).
 */
export function styles(lang: SheetView['lang'] = 'fr'): IStylesOptions {
  // Every style names the fonts: LibreOffice gives its own heading styles Liberation Sans otherwise.
  // Body text in the body font (Noto Serif), title, headings, labels and page furniture in the heading
  // font (Noto Sans), as the PDF's --serif and --sans; both are embedded (./fonts.ts).
  const font = { ascii: BODY_FONT, hAnsi: BODY_FONT, eastAsia: BODY_FONT, cs: ARABIC_FONT };
  const sans = { ascii: HEADING_FONT, hAnsi: HEADING_FONT, eastAsia: HEADING_FONT, cs: ARABIC_FONT };
  const heading = { font: sans, bold: true };
  const single = { line: 240, lineRule: LineRuleType.AUTO };
  // the line heights of print.css: headings 1.25, the title 1.2 (times the font size)
  const headingLine = { line: wordLine(1.25), lineRule: LineRuleType.AUTO };
  // CSS collapses a paragraph's bottom margin with the next heading's top margin; Word and LibreOffice
  // add them: the heading's space before is what the PDF shows minus the paragraph's space after.
  const collapsed = (token: 'h1Before' | 'h2Before' | 'h3Before'): number => Math.max(0, spacingTwips(token) - spacingTwips('paragraph'));
  return {
    default: {
      document: {
        run: {
          font,
          size: BODY_SIZE,
          sizeComplexScript: BODY_SIZE + 4,
          color: INK,
          language: { value: documentText(lang).tag, bidirectional: WORD_LANG.arabic, eastAsia: documentText(lang).tag },
        },
        paragraph: { spacing: { after: spacingTwips('paragraph'), line: wordLine(), lineRule: LineRuleType.AUTO } },
      },
      title: {
        run: { ...heading, size: halfPoints('title'), color: TEAL },
        paragraph: { spacing: { before: 0, after: twips(4), line: wordLine(1.2), lineRule: LineRuleType.AUTO }, keepNext: true },
      },
      heading1: {
        run: { ...heading, size: halfPoints('h1'), color: TEAL },
        paragraph: {
          spacing: { before: collapsed('h1Before'), after: spacingTwips('h1After'), ...headingLine },
          keepNext: true,
          keepLines: true,
          outlineLevel: 0,
          border: { bottom: { style: BorderStyle.SINGLE, size: 10, color: OCHRE, space: 3 } },
        },
      },
      heading2: {
        run: { ...heading, size: halfPoints('h2'), color: TEAL_2 },
        paragraph: { spacing: { before: collapsed('h2Before'), after: spacingTwips('h2After'), ...headingLine }, keepNext: true, keepLines: true, outlineLevel: 1 },
      },
      heading3: {
        run: { ...heading, size: halfPoints('h3'), color: TEAL_2 },
        paragraph: { spacing: { before: collapsed('h3Before'), after: spacingTwips('h3After'), ...headingLine }, keepNext: true, keepLines: true, outlineLevel: 2 },
      },
      listParagraph: { paragraph: { spacing: { after: twips(2) } } },
    },
    paragraphStyles: [
      {
        id: 'Subtitle',
        name: 'Subtitle',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font, size: halfPoints('subtitle'), italics: true, color: GREY },
        paragraph: { spacing: { before: twips(4), after: twips(6) }, keepNext: true },
      },
      {
        id: 'Quote',
        name: 'Quote',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font, size: halfPoints('quote') },
        paragraph: { spacing: { before: twips(2), after: twips(4) }, keepNext: true, keepLines: true },
      },
      {
        id: 'Caption',
        name: 'caption',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font: sans, size: halfPoints('caption'), color: GREY },
        paragraph: { spacing: { before: twips(4), after: twips(12) } },
      },
      {
        id: 'CapiTableText',
        name: 'Table Text (capi)',
        basedOn: 'Normal',
        run: { font, size: halfPoints('table') },
        paragraph: { spacing: { before: twips(2), after: twips(2), line: wordLine(1.35), lineRule: LineRuleType.AUTO } },
      },
      {
        id: 'CapiLabel',
        name: 'Label (capi)',
        basedOn: 'CapiTableText',
        run: { font: sans, size: halfPoints('label') },
      },
      {
        id: 'CapiLead',
        name: 'Lead (capi)',
        basedOn: 'Normal',
        next: 'Normal',
        run: { font, size: halfPoints('lead') },
        paragraph: { spacing: { before: twips(8), after: twips(10), line: wordLine(1.4), lineRule: LineRuleType.AUTO } },
      },
      {
        id: 'Header',
        name: 'header',
        basedOn: 'Normal',
        run: { font: sans, size: halfPoints('margin'), color: GREY },
        paragraph: { spacing: { after: 0, ...single } },
      },
      {
        id: 'Footer',
        name: 'footer',
        basedOn: 'Normal',
        // the size lives in the style so that PAGE / NUMPAGES results (which have no run of their own) take it
        run: { font: sans, size: halfPoints('margin'), color: GREY },
        paragraph: { spacing: { after: 0, ...single } },
      },
      {
        id: 'CapiSmall',
        name: 'Small Print (capi)',
        basedOn: 'Normal',
        run: { font: sans, size: halfPoints('attribution'), color: GREY },
        paragraph: { spacing: { after: twips(2), ...single } },
      },
      {
        id: 'CapiColophon',
        name: 'Colophon (capi)',
        basedOn: 'CapiSmall',
        run: { size: halfPoints('colophon') },
      },
    ],
  };
}

/** Bullet levels: •, –, ▪ in ochre, indented 0.5 cm per level with a 0.5 cm hanging indent. */
export function bulletLevels(): ILevelsOptions[] {
  const chars = ['•', '–', '▪'];
  return Array.from({ length: 9 }, (_, level) => ({
    level,
    format: LevelFormat.BULLET,
    text: chars[level % chars.length],
    alignment: AlignmentType.LEFT,
    style: {
      run: { color: OCHRE, font: BODY_FONT },
      paragraph: { indent: { left: 397 + level * 397, hanging: 283 } },
    },
  }));
}

/** Numbered levels of one ordered list: 1. 2. 3. at every level, starting at `start`. */
export function orderedLevels(start: number): ILevelsOptions[] {
  return Array.from({ length: 9 }, (_, level) => ({
    level,
    format: LevelFormat.DECIMAL,
    text: `%${level + 1}.`,
    start,
    alignment: AlignmentType.LEFT,
    style: {
      run: { color: TEAL, bold: true },
      paragraph: { indent: { left: 397 + level * 397, hanging: 340 } },
    },
  }));
}
