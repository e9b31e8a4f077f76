import type { Script } from './model.js';

/** A run of text in one script. */
export interface ScriptRun {
  text: string;
  script: Script;
}

// Unicode blocks: Arabic, Arabic Supplement, Arabic Extended-A/B, Arabic Presentation Forms-A/B.
const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/u;
// Unicode block Tifinagh (U+2D30–U+2D7F).
const TIFINAGH = /[\u2D30-\u2D7F]/u;
// Letters of any script: anything that is neither of the two above counts as Latin.
const LETTER = /\p{L}|\p{M}/u;

/**
 * Any character of the Arabic or Tifinagh blocks (`ARABIC`, `TIFINAGH`): a text without one is Latin
 * and neutrals only, which every function below answers in one look at the text instead of one test per
 * character (most texts of a sheet: a tenth of a DOCX's time went to testing their characters one by one).
 */
const NOT_LATIN = /[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF\u2D30-\u2D7F]/;

/** The script of one character, or `null` for neutral characters (spaces, digits, punctuation). */
export function scriptOf(char: string): Script | null {
  if (ARABIC.test(char)) return 'arabic';
  if (TIFINAGH.test(char)) return 'tifinagh';
  if (LETTER.test(char)) return 'latin';
  return null;
}

/**
 * The script that sets the direction of `text` as a whole: Arabic (or Tifinagh) only when its letters
 * are more than twice all the others — an Arabic quote with a place name in Latin letters —, Latin
 * otherwise, so a French sentence with Arabic names or an Arabic quote inside stays a French
 * (left-to-right) sentence. Latin for a text without letters.
 *
 * @example baseScript('Entre أكادير et تيزنيت : 90 km.') → 'latin'
 * @example baseScript('قال رئيس الجمعية Tiznit 2018 هنا') → 'arabic'
 */
export function baseScript(text: string): Script {
  if (!NOT_LATIN.test(text)) return 'latin';
  const count: Record<Script, number> = { latin: 0, arabic: 0, tifinagh: 0 };
  for (const char of text) {
    const s = scriptOf(char);
    if (s) count[s] += 1;
  }
  if (count.arabic > 2 * (count.latin + count.tifinagh)) return 'arabic';
  if (count.tifinagh > 2 * (count.latin + count.arabic)) return 'tifinagh';
  return 'latin';
}

/** A gap that stays inside a run of another script than the sentence's: spaces and digits, or one joiner. */
const INNER_GAP = /^(?:[\s\p{N}\p{Cf}]*|[.\-'’])$/u;

/**
 * Splits a string into runs of one script each, so renderers can isolate right-to-left text
 * (`<bdi dir="rtl">` in HTML, `w:rtl` runs in DOCX) and choose a font that covers it.
 *
 * Neutral characters (spaces, digits, punctuation, symbols) between two letters of the same script
 * stay in that script's run (« الماء هو الحياة », « عام 2018 في », « أ.م »), unless, inside a sentence
 * of another script, they hold punctuation: « آيت ومنوس 85 %, أدار » is two Arabic names in a French
 * list, not one Arabic phrase. Neutrals at a boundary between two
 * scripts, at the start or at the end go to the run of the sentence's own script `base` (default
 * {@link baseScript}): in a French sentence, « تيزنيت 2018, (12 %) » keeps « 2018, (12 %) » in the
 * French run, so digits, brackets and guillemets after an Arabic word stay in French order and are
 * never mirrored. Returns `[]` for the empty string.
 *
 * @example splitScripts('Il a dit « شكرا » hier') →
 *   [{text:'Il a dit « ', script:'latin'}, {text:'شكرا', script:'arabic'}, {text:' » hier', script:'latin'}]
 */
export function splitScripts(text: string, base: Script = baseScript(text)): ScriptRun[] {
  // Latin letters and neutrals in a Latin sentence: one run
  if (base === 'latin' && !NOT_LATIN.test(text)) return text === '' ? [] : [{ text, script: 'latin' }];
  const chars = [...text];
  const scripts = chars.map(scriptOf);
  // the script of each neutral: the script of the letters on both sides when they agree, else `base`
  const assigned: Script[] = new Array<Script>(chars.length);
  let before: Script | null = null;
  let i = 0;
  while (i < chars.length) {
    const s = scripts[i];
    if (s !== null && s !== undefined) {
      assigned[i] = s;
      before = s;
      i += 1;
      continue;
    }
    let j = i;
    while (j < chars.length && scripts[j] === null) j += 1;
    const after = j < chars.length ? scripts[j]! : null;
    const inner = before !== null && before === after && (before === base || INNER_GAP.test(chars.slice(i, j).join('')));
    const gap: Script = inner && before !== null ? before : base;
    for (let k = i; k < j; k += 1) assigned[k] = gap;
    i = j;
  }
  const runs: ScriptRun[] = [];
  chars.forEach((char, k) => {
    const last = runs[runs.length - 1];
    if (last && last.script === assigned[k]) last.text += char;
    else runs.push({ text: char, script: assigned[k]! });
  });
  return runs;
}

/** The dominant script of a string: the script of most of its letters (Latin when it has none). */
export function mainScript(text: string): Script {
  if (!NOT_LATIN.test(text)) return 'latin';
  const count: Record<Script, number> = { latin: 0, arabic: 0, tifinagh: 0 };
  for (const char of text) {
    const s = scriptOf(char);
    if (s) count[s] += 1;
  }
  if (count.arabic >= count.latin && count.arabic >= count.tifinagh && count.arabic > 0) return 'arabic';
  if (count.tifinagh >= count.latin && count.tifinagh > 0) return 'tifinagh';
  return 'latin';
}

/** BCP 47 language tag used for a run of a script inside French text. */
export const SCRIPT_LANG: Record<Script, string> = { latin: 'fr', arabic: 'ar', tifinagh: 'zgh' };
