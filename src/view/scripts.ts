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

/** The script of one character, or `null` for neutral characters (spaces, digits, punctuation). */
export function scriptOf(char: string): Script | null {
  if (ARABIC.test(char)) return 'arabic';
  if (TIFINAGH.test(char)) return 'tifinagh';
  if (LETTER.test(char)) return 'latin';
  return null;
}

/**
 * Splits a string into runs of one script each, so renderers can isolate right-to-left text
 * (`<bdi dir="rtl">` in HTML, `w:rtl` runs in DOCX) and choose a font that covers it.
 *
 * Neutral characters (spaces, digits, punctuation) stay in the run they follow; whitespace at the
 * end of an Arabic or Tifinagh run followed by Latin text is moved to the Latin run, so isolation
 * does not swallow the space between words. Returns `[]` for the empty string.
 *
 * @example splitScripts('Il a dit « شكرا » hier') →
 *   [{text:'Il a dit « ', script:'latin'}, {text:'شكرا', script:'arabic'}, {text:' » hier', script:'latin'}]
 */
export function splitScripts(text: string): ScriptRun[] {
  const runs: ScriptRun[] = [];
  let current: ScriptRun | null = null;
  for (const char of text) {
    const script = scriptOf(char);
    if (current === null) {
      current = { text: char, script: script ?? 'latin' };
      continue;
    }
    if (script === null || script === current.script) {
      current.text += char;
      continue;
    }
    if (current.script === 'latin' && current.text.trim() === '' && runs.length === 0) {
      // leading neutrals before the first letter take the script of that letter
      current = { text: current.text + char, script };
      continue;
    }
    let carry = '';
    if (current.script !== 'latin') {
      const m = /[\s\p{P}\p{S}]+$/u.exec(current.text);
      if (m && script === 'latin') {
        carry = m[0];
        current.text = current.text.slice(0, -carry.length);
      }
    }
    if (current.text !== '') runs.push(current);
    current = { text: carry + char, script };
  }
  if (current && current.text !== '') {
    // In mixed text, closing punctuation after a final Arabic run belongs to the French sentence:
    // « (آيت ومنوس) » keeps its `)` outside the right-to-left run, or it would be mirrored.
    const m = current.script !== 'latin' && runs.some((r) => r.script === 'latin') ? /[\s\p{P}\p{S}]+$/u.exec(current.text) : null;
    if (m && m[0].length < current.text.length) {
      runs.push({ text: current.text.slice(0, -m[0].length), script: current.script });
      runs.push({ text: m[0], script: 'latin' });
    } else runs.push(current);
  }
  return runs;
}

/** The dominant script of a string: the script of most of its letters (Latin when it has none). */
export function mainScript(text: string): Script {
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
