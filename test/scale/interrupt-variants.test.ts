import { describe, it } from 'vitest';
import { interruptBooklet, interruptDocx, interruptRender, interruptReport, interruptReview } from '../cli/interrupt-cases.js';

/**
 * The interrupt variants left out of `npm test` (test/cli/interrupt.test.ts runs the render and the report
 * in its own process, the DOCX render with SIGINT and one review as subprocesses): each
 * kind as a subprocess of the built capi with a real signal, and a review interrupted at every moment
 * from 0 to 500 ms.
 */
describe('interrupt variants', () => {
  it('render, SIGINT midway: exit 130, no browser left, no temporary or partial file', () => interruptRender('SIGINT'), 120_000);

  it('render, SIGTERM midway: exit 130, no browser left, no temporary or partial file', () => interruptRender('SIGTERM'), 120_000);

  it('booklet, SIGTERM while its pages are printed: exit 130, its temporary folder removed, no partial booklet', () => interruptBooklet('SIGTERM'), 120_000);

  it('booklet, SIGINT while its pages are printed: exit 130, its temporary folder removed, no partial booklet', () => interruptBooklet('SIGINT'), 120_000);

  it('report, SIGTERM while the browser prints: exit 130, no temporary file, no partial report', () => interruptReport('SIGTERM'), 120_000);

  it('DOCX render (worker threads), SIGTERM midway: exit 130, the files being written are finished or absent', () => interruptDocx('SIGTERM'), 120_000);

  it('SIGTERM at any moment of a review: exit 130 with the sheet unchanged, or 0 with the review whole; never a temporary file', () => interruptReview('all'), 120_000);
});
