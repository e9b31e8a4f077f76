import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { firstOfEither } from '../../src/util/chars.js';

/** The reference: every position in order, the first holding `a` or `b` that `accept` takes. */
function reference(text: string, a: string, b: string, from: number, accept: (i: number) => boolean): number {
  for (let i = Math.max(0, from); i < text.length; i++) if ((text[i] === a || text[i] === b) && accept(i)) return i;
  return -1;
}

describe('firstOfEither', () => {
  it('visits the candidates of both characters in order, from `from`', () => {
    const seen: number[] = [];
    expect(firstOfEither('a|b>c|>', '|', '>', 2, (i) => (seen.push(i), false))).toBe(-1);
    expect(seen).toEqual([3, 5, 6]);
    expect(firstOfEither('x: >\n  y | z', '|', '>', 0, (i) => i > 3)).toBe(9);
    expect(firstOfEither('', '&', '*', 0, () => true)).toBe(-1);
  });

  it('finds what a position-by-position scan finds, for any text, start and predicate', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ab&*|>\n :-]{0,40}$/), fc.nat(45), fc.func(fc.boolean()), (text, from, pick) => {
        const accept = (i: number) => pick(i) as boolean;
        expect(firstOfEither(text, '&', '*', from, accept)).toBe(reference(text, '&', '*', from, accept));
        expect(firstOfEither(text, '|', '>', from, accept)).toBe(reference(text, '|', '>', from, accept));
      }),
      { numRuns: 500 },
    );
  });
});
