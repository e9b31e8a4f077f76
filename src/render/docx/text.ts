/**
 * Text to DOCX runs: every string the DOCX renderer prints goes through `textRuns()`, which cleans
 * it for XML, splits it by script and gives each run its direction, font and language.
 */
import { Tab, TextRun, type IRunOptions } from 'docx';
import type { Inline, Script } from '../../view/model.js';
import { baseScript, scriptOf, splitScripts } from '../../view/scripts.js';
import { ARABIC_FONT, BODY_FONT, TIFINAGH_FONT } from './fonts.js';
import { halfPoints } from '../design.js';

/** Word language tags for a run of each script (Moroccan Arabic; Standard Moroccan Tamazight). */
export const WORD_LANG = { latin: 'fr-FR', arabic: 'ar-MA', tifinagh: 'zgh-Tfng-MA' } as const;

// Characters XML 1.0 forbids (§2.2 Char): C0 controls except tab, LF, CR; U+FFFE/U+FFFF; lone surrogates.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/**
 * Removes the characters XML 1.0 does not allow (control characters other than tab, line feed and
 * carriage return; U+FFFE, U+FFFF; unpaired surrogates) and normalises line ends to `\n`. Soft hyphens
 * (U+00AD, put in French body text for the PDF by `typesetView`) are removed too: the DOCX asks Word to
 * hyphenate by itself (`w:autoHyphenation` in its settings), which follows the page Word lays out.
 */
export function cleanXmlText(text: string): string {
  return text.replace(INVALID_XML, '').replace(/\u00ad/g, '').replace(/\r\n?/g, '\n');
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

/** LEFT-TO-RIGHT MARK (U+200E): a strong left-to-right character that prints nothing. */
const LRM = '\u200e';

/**
 * Turns one string into DOCX runs: cleans it ({@link cleanXmlText}), splits it with `splitScripts`
 * (neutrals at a boundary go to the paragraph's own script: Arabic when {@link isRtl}, else French),
 * and makes one run per script run — Arabic runs right-to-left with the Naskh complex-script font
 * and language `ar-MA`; Tifinagh runs with Noto Sans Tifinagh in every font slot; Latin runs in the
 * body font inherited from the document defaults. Line feeds become line breaks, tabs become tabs.
 *
 * In a left-to-right text, a French run that follows an Arabic run and starts with digits before any
 * letter begins with a LEFT-TO-RIGHT MARK: without it, the Unicode bidirectional algorithm (rule W2,
 * which Word and LibreOffice apply) reads « تيزنيت 2018 » as an Arabic number and prints « 2018 تيزنيت ».
 *
 * @returns the runs (an empty array for an empty string).
 */
export function textRuns(text: string, style: RunStyle = {}): TextRun[] {
  const { latinLang: _l, arabicBoost: _a, ...base } = style;
  const runs: TextRun[] = [];
  const clean = cleanXmlText(text);
  const rtl = isRtl(clean);
  let previous: Script | null = null;
  for (const run of splitScripts(clean, rtl ? 'arabic' : 'latin')) {
    const props = { ...base, ...scriptProps(run.script, style) };
    const marked = !rtl && previous === 'arabic' && run.script !== 'arabic' && /^[^\p{L}]*?\p{N}/u.test(run.text) ? LRM + run.text : run.text;
    previous = run.script;
    marked.split('\n').forEach((line, i) => {
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
export { inlineText } from '../../view/text.js';

/**
 * True when a paragraph of `text` should be right-to-left (`w:bidi`): an Arabic text
 * (`baseScript`: Arabic letters more than twice the others), or a text that starts with an Arabic
 * letter and has at least as many Arabic letters as others — the first strong letter, as the Unicode
 * bidirectional algorithm takes it (rules P2–P3). So « Tiznit (تيزنيت) » and « Entre أكادير et
 * تيزنيت : 90 km » stay left-to-right and « تيزنيت (Tiznit) » is right-to-left.
 */
export function isRtl(text: string): boolean {
  if (baseScript(text) === 'arabic') return true;
  let arabic = 0;
  let other = 0;
  let first: Script | null = null;
  for (const char of text) {
    const s = scriptOf(char);
    if (s === null) continue;
    first ??= s;
    if (s === 'arabic') arabic += 1;
    else other += 1;
  }
  return first === 'arabic' && arabic >= other;
}
