/**
 * Word styles and list numbering levels of capi's DOCX: built-in style ids restyled (Title,
 * Heading1–3, Subtitle, Quote, Caption, Header, Footer) plus capi's own table and small-print styles.
 */
import { AlignmentType, BorderStyle, LevelFormat, LineRuleType, type ILevelsOptions, type IStylesOptions } from 'docx';
import type { SheetView } from '../../view/model.js';
import { documentText } from '../../view/locale.js';
import { ARABIC_FONT, BODY_FONT } from './fonts.js';
import { BODY_SIZE, WORD_LANG } from './text.js';
import { TEAL, OCHRE, INK, GREY } from './layout.js';

/**
 * Word styles: built-in ids, restyled; document defaults carry fonts, size and languages (`lang`: the
 * document's language, e.g. `en` → `en-GB` for Latin text; Arabic is always `ar-MA`).
 */
export function styles(lang: SheetView['lang'] = 'fr'): IStylesOptions {
  // Every style names the fonts: LibreOffice gives its own heading styles Liberation Sans otherwise.
  const font = { ascii: BODY_FONT, hAnsi: BODY_FONT, eastAsia: BODY_FONT, cs: ARABIC_FONT };
  const heading = { font, bold: true };
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
        paragraph: { spacing: { after: 120, line: 259, lineRule: LineRuleType.AUTO } },
      },
      title: {
        run: { ...heading, size: 40, color: TEAL },
        paragraph: { spacing: { before: 0, after: 80, line: 240, lineRule: LineRuleType.AUTO }, keepNext: true },
      },
      heading1: {
        run: { ...heading, size: 30, color: TEAL },
        paragraph: {
          spacing: { before: 360, after: 120, line: 240, lineRule: LineRuleType.AUTO },
          keepNext: true,
          keepLines: true,
          outlineLevel: 0,
          border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: OCHRE, space: 2 } },
        },
      },
      heading2: {
        run: { ...heading, size: 24, color: OCHRE },
        paragraph: { spacing: { before: 240, after: 80, line: 240, lineRule: LineRuleType.AUTO }, keepNext: true, keepLines: true, outlineLevel: 1 },
      },
      heading3: {
        run: { ...heading, size: 21, color: TEAL },
        paragraph: { spacing: { before: 200, after: 60, line: 240, lineRule: LineRuleType.AUTO }, keepNext: true, keepLines: true, outlineLevel: 2 },
      },
      listParagraph: { paragraph: { spacing: { after: 60 } } },
    },
    paragraphStyles: [
      {
        id: 'Subtitle',
        name: 'Subtitle',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font, size: 24, color: GREY },
        paragraph: { spacing: { after: 120 }, keepNext: true },
      },
      {
        id: 'Quote',
        name: 'Quote',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font, size: 22 },
        paragraph: { spacing: { before: 40, after: 80 }, keepNext: true, keepLines: true },
      },
      {
        id: 'Caption',
        name: 'caption',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font, size: 17, italics: true, color: GREY },
        paragraph: { spacing: { before: 60, after: 200 } },
      },
      {
        id: 'CapiTableText',
        name: 'Table Text (capi)',
        basedOn: 'Normal',
        run: { font, size: 18 },
        paragraph: { spacing: { before: 40, after: 40, line: 252, lineRule: LineRuleType.AUTO } },
      },
      {
        id: 'Header',
        name: 'header',
        basedOn: 'Normal',
        run: { font, size: 16, color: GREY },
        paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO } },
      },
      {
        id: 'Footer',
        name: 'footer',
        basedOn: 'Normal',
        // the size lives in the style so that PAGE / NUMPAGES results (which have no run of their own) take it
        run: { font, size: 16, color: GREY },
        paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO } },
      },
      {
        id: 'CapiSmall',
        name: 'Small Print (capi)',
        basedOn: 'Normal',
        run: { font, size: 15, color: GREY },
        paragraph: { spacing: { after: 40, line: 240, lineRule: LineRuleType.AUTO } },
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
