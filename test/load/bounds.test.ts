import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_DEPTH, MAX_KEYS, MAX_LINE_CHARS, MAX_LINES, MAX_VALUES, textBoundsError } from '../../src/load/bounds.js';
import { setLang, t } from '../../src/i18n/index.js';

/**
 * `textBoundsError` as it was written first, one character at a time: the specification the faster
 * scan (brackets and commas found by `indexOf`) must answer exactly as, line, column and message.
 */
function reference(text: string, file: string) {
  const at = (line: number, column: number, key: string, params: Record<string, number>) => ({
    file, line, column, severity: 'error' as const, code: 'file.too-complex', message: t(key, params), hint: t(`${key}Hint`, params),
  });
  let line = 1;
  let start = 0;
  let commas = 0;
  const indents: number[] = [];
  const keys: number[] = [];
  let brackets = 0;
  const breaks = /\r\n?|\n/g;
  while (start <= text.length) {
    breaks.lastIndex = start;
    const found = breaks.exec(text);
    const end = found ? found.index : text.length;
    const next = found ? end + found[0].length : text.length + 1;
    if (end - start > MAX_LINE_CHARS) return at(line, MAX_LINE_CHARS + 1, 'file.lineTooLong', { chars: end - start, max: MAX_LINE_CHARS });
    let i = start;
    while (i < end && text[i] === ' ') i++;
    const indent = i - start;
    if (i < end && text[i] !== '#' && text[i] !== '\r') {
      while (indents.length > 0 && indents[indents.length - 1]! > indent) {
        indents.pop();
        keys.pop();
      }
      if (indents.length === 0 || indents[indents.length - 1]! < indent) {
        indents.push(indent);
        keys.push(0);
      }
      if (text[i] !== '-' && ++keys[keys.length - 1]! > MAX_KEYS) return at(line, indent + 1, 'file.tooManyKeys', { max: MAX_KEYS });
      let dashes = 0;
      for (; i + 1 < end && text[i] === '-' && text[i + 1] === ' '; i += 2) {
        dashes++;
        while (i + 2 < end && text[i + 2] === ' ') i++;
      }
      let deepest = brackets;
      for (let j = i; j < end; j++) {
        const c = text[j];
        if (c === '[' || c === '{') deepest = Math.max(deepest, ++brackets);
        else if ((c === ']' || c === '}') && brackets > 0) brackets--;
        else if (c === ',') commas++;
      }
      const depth = indents.length + dashes + deepest;
      if (depth > MAX_DEPTH) return at(line, indent + 1, 'file.tooDeep', { depth, max: MAX_DEPTH });
    }
    if (line > MAX_LINES) return at(line, 1, 'file.tooManyLines', { max: MAX_LINES });
    if (line + commas > MAX_VALUES) return at(line, 1, 'file.tooManyValues', { max: MAX_VALUES });
    line++;
    start = next;
  }
  return undefined;
}

/** Lines of YAML-ish text rich in what the scan counts: brackets, commas, comments, dashes, CRs. */
const line = fc
  .tuple(
    fc.integer({ min: 0, max: 8 }),
    fc.array(fc.constantFrom('[', '{', ']', '}', ',', ', ', '#', ' ', '- ', 'a', 'clé: ', 'é', '\r'), { maxLength: 40 }),
  )
  .map(([indent, parts]) => ' '.repeat(indent) + parts.join(''));

describe('textBoundsError', () => {
  it('answers as the character-by-character scan on texts full of brackets, commas and comments', () => {
    setLang('fr');
    fc.assert(
      fc.property(
        // an opening run, then commas just short of the values limit (lines of 9,000), so that what the
        // random lines add decides whether a text passes either limit, and where
        fc.integer({ min: 0, max: MAX_DEPTH + 2 }),
        fc.option(fc.integer({ min: -150, max: 50 })),
        fc.array(line, { maxLength: 60 }),
        fc.integer({ min: MAX_DEPTH - 30, max: MAX_DEPTH + 2 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        (open, short, lines, last, eol) => {
          const commas = short === null ? 0 : MAX_VALUES - 100 + short;
          const commaLines = Array.from({ length: Math.ceil(commas / 9000) }, (_, i) => `v${i}: ${','.repeat(Math.min(9000, commas - i * 9000))}`);
          const text = [`k: ${'['.repeat(open)}`, ...commaLines, ...lines, `z: ${'['.repeat(last)}`].join(eol);
          expect(textBoundsError(text, 'x.yaml')).toEqual(reference(text, 'x.yaml'));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('counts the commas of every line for the values limit, not those of comments', () => {
    setLang('fr');
    // (each line's first comma right after its dash: the scan starts there)
    const row = `- ${',a'.repeat(999)}\n`;
    const comment = `# ${','.repeat(5000)}\n`;
    // 100 lines of 999 commas: 100 + 99,900 values at line 100 — one past the limit there, not before
    const text = comment + row.repeat(100);
    const error = textBoundsError(text, 'x.yaml');
    expect(error).toEqual(reference(text, 'x.yaml'));
    expect(error).toMatchObject({ line: 101, column: 1, message: t('file.tooManyValues', { max: MAX_VALUES }) });
    expect(textBoundsError(comment + row.repeat(99), 'x.yaml')).toBeUndefined();
  });

  it('follows brackets across lines for the nesting limit', () => {
    setLang('fr');
    const text = `a: ${'['.repeat(40)}\n${'  '.repeat(3)}${'{'.repeat(30)}x${'}'.repeat(30)}\n${']'.repeat(40)}\n`;
    expect(textBoundsError(text, 'x.yaml')).toEqual(reference(text, 'x.yaml'));
    expect(textBoundsError(text, 'x.yaml')).toMatchObject({ line: 2, column: 7, code: 'file.too-complex' });
  });
});
