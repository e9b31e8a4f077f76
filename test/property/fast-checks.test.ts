import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findTextSlips, scanTextSlips } from '../../src/load/slips.js';
import { countWords } from '../../src/validate/quality.js';
import { hasAnchorLike, hasDirective, hasGluedComment } from '../../src/load/sheet.js';
import { SLIPS, slipBytes } from '../fixtures/slips/table.js';
import { ROOT } from '../helpers.js';

/**
 * The shortcuts `validate` takes on a thousand sheets give the answers of the slow ways they replace:
 * the slip scan skipped when its pre-test rules every line slip out (`findTextSlips` against the full
 * `scanTextSlips`), words counted in one pass over the characters (against splitting on `\s+`), and the
 * fast path's tests for anchors and glued comments found from each `&`, `*`, `#` (against the regular
 * expressions they replace).
 */
const examples = ['re', 'osim'].flatMap((k) => readdirSync(path.join(ROOT, 'examples', k)).map((f) => readFileSync(path.join(ROOT, 'examples', k, f), 'utf8')));

/** Lines (and pieces of lines) that make, or nearly make, each slip of the scan. */
const PIECES = [
  'fiche: retour-experience', 'titre: Eau', '  - a', '  -a', '  -b', '- [a, b]', 'langues: [ar, fr]', 'langues: [ar: fr]', 'langues: [ar', 'x: {a: 1, b}', 'x: { a: b: c }',
  'contexte: |', 'contexte: >', '  texte', 'texte hors bloc', '   - item', '  1. item', '---', '...', '<<: *a', '<<<<<<< HEAD', '=======', '>>>>>>> b',
  '  • Tazoult', '- • Tazoult', '  – tiret', 'titre: “Nous : eux”', 'titre: « x : y »', "titre: ‘a # b’", '\ttab: 1', '\u00a0 x: 1', '\u2003y: 2',
  'fichier: images\\a.png', '  - fichier: "images\\b.jpg"', 'texte: "????"', '  langue: ar', 'id RE-TIZ-01', 'lieu: Siège : commune', '# commentaire',
  '', '  ', 'a: b\r', 'x:\u2028y', '[', '{', 'note: #3', '  preuves: >-', '    - liste', '    suite',
];
const text = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 14 }).chain((lines) =>
  fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol)),
);

describe('shortcuts give the answers of the slow ways', () => {
  it('finds the slips of the full scan in every example and every row of the slips corpus', () => {
    for (const t of [...examples, ...SLIPS.map((s) => slipBytes(s).toString('utf8').replace(/^\uFEFF/, ''))]) expect(findTextSlips(t)).toEqual(scanTextSlips(t));
  });

  it('finds the slips of the full scan in generated texts', () => {
    fc.assert(fc.property(text, (t) => {
      expect(findTextSlips(t)).toEqual(scanTextSlips(t));
    }), { numRuns: 2000 });
  });

  it('finds the slips of the full scan in generated texts of blocks (the walk over line offsets)', () => {
    // what the pre-test lets through to the walk: headers, block text, keys back at their indentation,
    // text back there, lists under `>`, blank and white-space lines, a tab after the indentation
    const pieces = [
      'contexte: |', 'contexte: >', 'notes: |-', '  preuves: >+', '  sous: |2', 'a: | # c', 'titre: Eau', '  cle: valeur', '- item', '  - item', '# note',
      '  texte', '    texte', 'texte hors bloc', '   mot', '  1. point', '  - point', '  * point', '', '  ', '\u00a0', ' \u3000 ', '  \tx', 'x: y: |',
    ];
    const blocks = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.constantFrom(...pieces), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 16 }).map((l) => l.join('\n'));
    fc.assert(fc.property(blocks, (t) => {
      expect(findTextSlips(t)).toEqual(scanTextSlips(t));
    }), { numRuns: 5000 });
  });

  it('counts words as splitting on whitespace and keeping the tokens with a letter or a digit', () => {
    const wordish = /[0-9A-Za-z\u00C0-\u024F\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF\u2D30-\u2D7F]/;
    const slow = (s: string) => s.split(/\s+/).filter((w) => wordish.test(w)).length;
    const chars = fc.constantFrom('a', 'é', 'ⴰ', 'ب', '7', ' ', '\u00a0', '\u202f', '\ufeff', '\u2028', '\t', '\n', '—', "'", '«', '\u3000', '\u1680', 'ﻻ', '😀');
    fc.assert(fc.property(fc.array(chars, { maxLength: 30 }).map((a) => a.join('')), (s) => {
      expect(countWords(s)).toBe(slow(s));
    }), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      expect(countWords(s)).toBe(slow(s));
    }), { numRuns: 3000 });
    expect(countWords("L'eau — « potable » d’Imi\u00a0n’Tanout 2024")).toBe(5);
  });

  it('finds anchors, glued comments and directives where the regular expressions do', () => {
    const anchor = /(?:^|:\s+|^\s*-\s+|[[{,]\s*)[&*]\S/m;
    const glued = /[^\s#]\s+#\S/;
    const directive = /^%/m;
    const chars = fc.constantFrom(' ', ' ', '\n', '\r', '\u2028', '\u2029', '\t', '\u00a0', ':', '-', '[', '{', ',', '&', '*', '#', '%', 'a', 'é');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }).map((a) => a.join('')), (s) => {
        expect(hasAnchorLike(s)).toBe(anchor.test(s));
        expect(hasGluedComment(s)).toBe(glued.test(s));
        expect(hasDirective(s)).toBe(directive.test(s));
      }),
      { numRuns: 20000 },
    );
    for (const t of examples) {
      expect(hasAnchorLike(t)).toBe(anchor.test(t));
      expect(hasGluedComment(t)).toBe(glued.test(t));
      expect(hasDirective(t)).toBe(directive.test(t));
    }
  });
});
