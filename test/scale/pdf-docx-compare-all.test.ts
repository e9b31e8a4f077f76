import { describe, expect, it } from 'vitest';
import { EXAMPLE_IDS } from '../helpers/examples.js';
import { compareExamples } from '../render/pdf-docx-compare.js';

/**
 * The comparison of test/render/pdf-docx-compare.test.ts (same headings in the same order, page counts
 * within 15 %) on all twenty examples, their DOCX read by LibreOffice: a LibreOffice conversion of every
 * example, hence the scale tier (`npm run test:scale`); `npm test` compares four representative ones.
 */
describe('all the examples', () => {
  it('are twenty at least', () => {
    expect(EXAMPLE_IDS.length).toBeGreaterThanOrEqual(20);
  });
});

compareExamples(EXAMPLE_IDS);
