import { describe, it } from 'vitest';
import { interruptRender, interruptReview } from '../cli/interrupt-cases.js';

/**
 * The interrupt variants left out of `npm test` (test/cli/interrupt.test.ts keeps one of each kind):
 * Ctrl+C (SIGINT) during a render, and a review interrupted at every moment from 0 to 500 ms.
 */
describe('interrupt variants', () => {
  it('render, SIGINT midway: exit 130, no browser left, no temporary or partial file', () => interruptRender('SIGINT'), 120_000);

  it('SIGTERM at any moment of a review: exit 130 with the sheet unchanged, or 0 with the review whole; never a temporary file', () => interruptReview('all'), 120_000);
});
