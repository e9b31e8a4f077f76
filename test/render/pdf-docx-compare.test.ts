import { describe, expect, it } from 'vitest';
import { EXAMPLE_IDS, RENDERED_IDS, REPRESENTATIVE_IDS as REPRESENTATIVE } from '../helpers/examples.js';
import { compareExamples, firstOutOfOrder, flat, pdfHeadingFaults } from './pdf-docx-compare.js';

/**
 * One design for PDF and DOCX (see ./pdf-docx-compare.ts), in `npm test`: every rendered example's PDF
 * (`RENDERED_IDS`: six here, all in the scale tier) has the headings of its HTML in order (cheap: the
 * examples are rendered once per run), and four
 * representative examples are compared with their DOCX read by LibreOffice — the longest sheet with
 * photos, Arabic and Tifinagh (RE-TIZ-01), the one with two OSIM sides in its regard croisé (RE-TAR-01),
 * a draft with photos (RE-CHT-03) and an OSIM sheet with its logo (OSIM-FR-01). All twenty through
 * LibreOffice: test/scale/pdf-docx-compare-all.test.ts.
 */

describe('the examples compared', () => {
  it('has the twenty examples, and the representative ones among them', () => {
    expect(EXAMPLE_IDS.length).toBeGreaterThanOrEqual(20);
    for (const id of REPRESENTATIVE) expect(RENDERED_IDS).toContain(id);
  });

  it('prints every rendered example to PDF with the headings of its HTML, in order (six here, all twenty in the scale tier)', async () => {
    expect(RENDERED_IDS.length).toBeGreaterThanOrEqual(6);
    expect(await pdfHeadingFaults(RENDERED_IDS)).toEqual([]);
  }, 300_000);
});

compareExamples(REPRESENTATIVE);

describe('the comparison can fail', () => {
  it('finds a heading out of order, and one missing', () => {
    expect(firstOutOfOrder('Le projet Le contexte', ['Le projet', 'Le contexte'])).toBe(-1);
    expect(firstOutOfOrder('Le contexte Le projet', ['Le projet', 'Le contexte'])).toBe(1);
    expect(firstOutOfOrder('Le projet', ['Le projet', 'Les enseignements'])).toBe(1);
    // a heading broken over two lines, or hyphenated at the break, is still found
    expect(firstOutOfOrder(flat('Contributions au déve-\nloppement local'), ['Contributions au développement local'])).toBe(-1);
  });
});
