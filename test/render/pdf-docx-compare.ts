/**
 * One design for PDF and DOCX (issue 12): an example rendered by `capi render` (PDF through Chromium)
 * and its DOCX converted by LibreOffice must read as one publication — the same headings in the same
 * order, and the same number of pages within 15 %. The headings expected are those of the HTML the
 * PDF is printed from (h1–h4, in document order).
 *
 * `compareExamples(ids)` declares those tests for the examples `ids` — in `npm test` for a few
 * representative ones (./pdf-docx-compare.test.ts), for all twenty in the scale tier
 * (test/scale/pdf-docx-compare-all.test.ts). The examples are rendered once per run (../helpers/examples.ts).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { examplesThroughLibreOffice, renderedExamples } from '../helpers/examples.js';

const run = promisify(execFile);

/** Text as compared: spaces of any kind folded, apostrophes and hyphens made plain, soft hyphens dropped. */
export function flat(text: string): string {
  return text
    .replace(/\u00ad/g, '')
    .replace(/[’ʼ]/g, "'")
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/[\u2066-\u2069\u202a-\u202e\u200e\u200f]/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The headings of a rendered HTML sheet, in order (their text, entities decoded, tags removed). */
export function htmlHeadings(html: string): string[] {
  const decode = (s: string) =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return [...html.matchAll(/<h([1-4])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => flat(decode(m[2]!))).filter((h) => h !== '');
}

/**
 * Where each heading is found in `text`, searching each one after the previous: the index of the first
 * heading not found in order, or -1 when all are there in order. Headings are searched without their
 * spaces so that a line break inside a heading, or a hyphenated break, does not hide it.
 */
export function firstOutOfOrder(text: string, headings: string[]): number {
  const squeeze = (s: string) => s.replace(/[\s-]/g, '');
  const haystack = squeeze(text);
  let at = 0;
  for (const [i, h] of headings.entries()) {
    const found = haystack.indexOf(squeeze(h), at);
    if (found < 0) return i;
    at = found + squeeze(h).length;
  }
  return -1;
}

async function pageCount(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf]);
  return Number(/Pages:\s+(\d+)/.exec(stdout)?.[1]);
}

/** Says « » when the headings of the HTML `id` are all in `pdf`'s text, in order; else which one is not. */
async function headingFault(out: string, id: string, format: string, pdf: string): Promise<string> {
  const headings = htmlHeadings(readFileSync(path.join(out, `${id}.html`), 'utf8'));
  expect(headings.length).toBeGreaterThan(5);
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
  const missing = firstOutOfOrder(flat(stdout), headings);
  return missing === -1 ? '' : `${format}: « ${headings[missing]} » (heading ${missing + 1}) missing or out of order`;
}

/**
 * Declares the comparison of the examples `ids`: the headings of the HTML in the same order in the PDF
 * and in the DOCX read by LibreOffice, and page counts within 15 % (one page at least).
 */
export function compareExamples(ids: readonly string[]): void {
  let out = '';
  let lo = new Map<string, string>();
  beforeAll(async () => {
    const rendered = await renderedExamples();
    expect(rendered.code, rendered.stderr).toBe(0);
    out = rendered.out;
    lo = await examplesThroughLibreOffice(ids);
  }, 300_000);

  describe('PDF and DOCX (read by LibreOffice) are one publication', () => {
    it.each(ids)('%s: the same headings in the same order in the PDF and in the DOCX', async (id) => {
      expect(await headingFault(out, id, 'PDF', path.join(out, `${id}.pdf`))).toBe('');
      expect(await headingFault(out, id, 'DOCX', lo.get(id)!)).toBe('');
    });

    it.each(ids)('%s: the same number of pages within 15 %%', async (id) => {
      const pdf = await pageCount(path.join(out, `${id}.pdf`));
      const docx = await pageCount(lo.get(id)!);
      expect(pdf).toBeGreaterThan(0);
      // within 15 %, and at worst one page: on a 3- or 4-page sheet 15 % is less than a page, and one block
      // kept whole (a table, the regard croisé) moves a page break in one format and not the other
      expect(Math.abs(docx - pdf), `PDF ${pdf} pages, DOCX ${docx} pages`).toBeLessThanOrEqual(Math.max(1, Math.floor(0.15 * pdf)));
    });
  });
}

/** Says « » when the PDF printed from each HTML of `ids` has its headings in order (no LibreOffice). */
export async function pdfHeadingFaults(ids: readonly string[]): Promise<string[]> {
  const { out } = await renderedExamples();
  const faults = await Promise.all(ids.map(async (id) => headingFault(out, id, `${id}.pdf`, path.join(out, `${id}.pdf`))));
  return faults.filter((f) => f !== '');
}
