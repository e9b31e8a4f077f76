import { describe, it } from 'vitest';
import { interruptDocx, interruptRender, interruptReport, interruptReview } from './interrupt-cases.js';

/**
 * Interrupting a render (SIGTERM from CI, Ctrl+C at a terminal): capi closes the browser, removes its
 * temporary files and exits 130, says nothing after « Interrompu »; every file already in the output
 * folder is complete, none is half-written.
 *
 * The render and the report run here in the test's process, interrupted as capi's signal handler does
 * it (src/util/cleanup.ts, `interrupt`) and printing with the worker's shared browser: a Chromium and a
 * Node start fewer each. The DOCX render (worker threads) and the review run as subprocesses and get a
 * real signal: the handler, the exit code 130 and what is said after « Interrompu » checked end to end.
 * The booklet (a subprocess: in this process it left a tab open in the shared browser now and then when
 * it ran after test/render/pdf.test.ts in the same worker, not understood yet) waits for a Node, a
 * Chromium and twenty sheets checked before it can be interrupted: 9 s of the suite's 3 minutes (issue
 * 14), so it runs in the scale tier with SIGTERM and SIGINT, with each other kind as a subprocess and a
 * review interrupted at every moment (../scale/interrupt-variants.test.ts). The booklet's clean-up goes
 * through the same registry (src/util/cleanup.ts) as the render's checked here.
 */
describe('interrupted render and report (in this process, the shared browser)', () => {
  it('render midway: exit 130, no tab or browser left, no temporary or partial file', () => interruptRender('here'));

  it('report while the browser prints: exit 130, no temporary file, no partial report', () => interruptReport('here'));
});

describe('interrupted DOCX render (worker threads, a subprocess)', () => {
  it('SIGINT midway: exit 130, the files being written are finished or absent, never a temporary file', () => interruptDocx('SIGINT'), 120_000);
});

describe('interrupted review (a subprocess)', () => {
  it('SIGTERM during a review: exit 130 with the sheet unchanged, or 0 with the review whole; never a temporary file', () => interruptReview('first'), 120_000);
});
