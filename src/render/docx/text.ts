/**
 * Text to DOCX runs: every string the DOCX renderer prints goes through `textRuns()`, which cleans
 * it for XML, splits it by script and gives each run its direction, font and language.
 */
import { Tab, TextRun, type IRunOptions } from 'docx';
import type { Inline, Script } from '../../view/model.js';
import { mainScript, scriptOf, splitScripts } from '../../view/scripts.js';
import { ARABIC_FONT, BODY_FONT, TIFINAGH_FONT } from './fonts.js';
import { halfPoints } from '../design.js';

/** Word language tags for a run of each script (Moroccan Arabic; Standard Moroccan Tamazight). */
export const WORD_LANG = { latin: 'fr-FR', arabic: 'ar-MA', tifinagh: 'zgh-Tfng-MA' } as const;

// Characters XML 1.0 forbids (§2.2 Char): C0 controls except tab, LF, CR; U+FFFE/U+FFFF; lone surrogates.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/**
 * Removes the characters XML 1.0 does not allow (control characters other than tab, line feed and
 * carriage return; U+FFFE, U+FFFF; unpaired surrogates) and normalises line ends to `\n`.
 */
export function cleanXmlText(text: string): string {
  return text.replace(INVALID_XML, '').replace(/\r\n?/g, '\n');
}

/** Run formatting shared by the runs of one string (bold, size, colour…), minus script-specific parts. */
export type RunStyle = Omit<IRunOptions, 'text' | 'children' | 'break' | 'rightToLeft' | 'font' | 'language'> & {
  /** Language tag for Latin runs (default French). */
  latinLang?: string;
  /** Extra size for Arabic runs, in half-points, added to `size` (Naskh reads small next to Noto Sans). */
  arabicBoost?: number;
};

/** Base body size in half-points: the design's body size (10.5 pt → 21). */
export const BODY_SIZE = halfPoints('body');

/** The script-specific run properties: direction, fonts in each slot, language. */
function scriptProps(script: Script, style: RunStyle): Partial<IRunOptions> {
  const size = style.size;
  switch (script) {
    case 'arabic':
      return {
        rightToLeft: true,
        font: { ascii: BODY_FONT, hAnsi: BODY_FONT, cs: ARABIC_FONT },
        language: { bidirectional: WORD_LANG.arabic },
        sizeComplexScript: (typeof size === 'number' ? size : BODY_SIZE) + (style.arabicBoost ?? 4),
      };
    case 'tifinagh':
      return {
        font: { ascii: TIFINAGH_FONT, hAnsi: TIFINAGH_FONT, cs: TIFINAGH_FONT, eastAsia: TIFINAGH_FONT },
        language: { value: WORD_LANG.tifinagh },
      };
    default:
      return style.latinLang ? { language: { value: style.latinLang } } : {};
  }
}

/**
 * Turns one string into DOCX runs: cleans it ({@link cleanXmlText}), splits it with `splitScripts`,
 * and makes one run per script run — Arabic runs right-to-left with the Naskh complex-script font
 * and language `ar-MA`; Tifinagh runs with Noto Sans Tifinagh in every font slot; Latin runs in the
 * body font inherited from the document defaults. Line feeds become line breaks, tabs become tabs.
 *
 * @returns the runs (an empty array for an empty string).
 */
export function textRuns(text: string, style: RunStyle = {}): TextRun[] {
  const { latinLang: _l, arabicBoost: _a, ...base } = style;
  const runs: TextRun[] = [];
  for (const run of splitScripts(cleanXmlText(text))) {
    const props = { ...base, ...scriptProps(run.script, style) };
    run.text.split('\n').forEach((line, i) => {
      const children: Array<string | Tab> = [];
      line.split('\t').forEach((piece, j) => {
        if (j > 0) children.push(new Tab());
        if (piece !== '') children.push(piece);
      });
      if (i > 0 || children.length > 0) runs.push(new TextRun({ ...props, ...(i > 0 ? { break: 1 } : {}), children }));
    });
  }
  return runs;
}

/**
 * Turns inline content (text, emphasis, strong, break) into runs: emphasis is italic, strong is
 * bold (both also on the complex-script side, `w:iCs`/`w:bCs`), break is a line break.
 */
export function inlineRuns(inlines: Inline[], style: RunStyle = {}): TextRun[] {
  const runs: TextRun[] = [];
  for (const inline of inlines) {
    switch (inline.type) {
      case 'text':
        runs.push(...textRuns(inline.value, style));
        break;
      case 'emphasis':
        runs.push(...inlineRuns(inline.children, { ...style, italics: true }));
        break;
      case 'strong':
        runs.push(...inlineRuns(inline.children, { ...style, bold: true }));
        break;
      case 'break':
        runs.push(new TextRun({ break: 1 }));
        break;
    }
  }
  return runs;
}

/** The plain text of inline content (to find its main script). */
export function inlineText(inlines: Inline[]): string {
  return inlines
    .map((i) => (i.type === 'text' ? i.value : i.type === 'break' ? '\n' : inlineText(i.children)))
    .join('');
}

/**
 * True when a paragraph of `text` should be right-to-left (`w:bidi`): its main script is Arabic
 * (`mainScript`), with a tie between Arabic and Latin letters settled by the first strong letter, as
 * the Unicode bidirectional algorithm does (rules P2–P3) — so « Tiznit (تيزنيت) » stays
 * left-to-right and « تيزنيت (Tiznit) » is right-to-left.
 */
export function isRtl(text: string): boolean {
  if (mainScript(text) !== 'arabic') return false;
  let arabic = 0;
  let latin = 0;
  let first: Script | null = null;
  for (const char of text) {
    const s = scriptOf(char);
    if (s === null) continue;
    first ??= s;
    if (s === 'arabic') arabic += 1;
    else latin += 1;
  }
  return arabic > latin || first === 'arabic';
}
