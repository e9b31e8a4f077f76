import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';

/**
 * One design for PDF and DOCX (issue 12): the examples rendered by `capi render` (PDF through Chromium)
 * and their DOCX converted by LibreOffice must read as one publication — the same headings in the same
 * order, and the same number of pages within 15 %. The headings expected are those of the HTML the
 * PDF is printed from (h1–h4, in document order).
 */
const run = promisify(execFile);

/** Text as compared: spaces of any kind folded, apostrophes and hyphens made plain, soft hyphens dropped. */
function flat(text: string): string {
  return text
    .replace(/\u00ad/g, '')
    .replace(/[’ʼ]/g, "'")
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/[\u2066-\u2069\u202a-\u202e\u200e\u200f]/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The headings of a rendered HTML sheet, in order (their text, entities decoded, tags removed). */
function htmlHeadings(html: string): string[] {
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
function firstOutOfOrder(text: string, headings: string[]): number {
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

async function pages(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf]);
  return Number(/Pages:\s+(\d+)/.exec(stdout)?.[1]);
}

const ids = [...readdirSync(path.join(ROOT, 'examples/re')), ...readdirSync(path.join(ROOT, 'examples/osim'))]
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

let out = '';
let lo = '';
beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'capi-compare-'));
  lo = path.join(out, 'lo');
  const r = await runCli(['render', 'examples', '--out', out, '--format', 'pdf,docx,html']);
  expect(r.code, r.stderr).toBe(0);
  const profile = mkdtempSync(path.join(tmpdir(), 'capi-lo-profile-'));
  try {
    // one soffice for every DOCX (it starts once); fails with ENOENT when LibreOffice is missing
    await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', lo, ...ids.map((id) => path.join(out, `${id}.docx`))], { timeout: 240_000 });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}, 300_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('PDF and DOCX (read by LibreOffice) are one publication', () => {
  it('has the twenty examples to compare', () => {
    expect(ids.length).toBeGreaterThanOrEqual(20);
  });

  it.each(ids)('%s: the same headings in the same order in the PDF and in the DOCX', async (id) => {
    const headings = htmlHeadings(readFileSync(path.join(out, `${id}.html`), 'utf8'));
    expect(headings.length).toBeGreaterThan(5);
    for (const [format, file] of [['PDF', path.join(out, `${id}.pdf`)], ['DOCX', path.join(lo, `${id}.pdf`)]] as const) {
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
      const missing = firstOutOfOrder(flat(stdout), headings);
      expect(missing === -1 ? '' : `${format}: « ${headings[missing]} » (heading ${missing + 1}) missing or out of order`).toBe('');
    }
  });

  it.each(ids)('%s: the same number of pages within 15 %%', async (id) => {
    const pdf = await pages(path.join(out, `${id}.pdf`));
    const docx = await pages(path.join(lo, `${id}.pdf`));
    expect(pdf).toBeGreaterThan(0);
    // within 15 %, and at worst one page: on a 3- or 4-page sheet 15 % is less than a page, and one block
    // kept whole (a table, the regard croisé) moves a page break in one format and not the other
    expect(Math.abs(docx - pdf), `PDF ${pdf} pages, DOCX ${docx} pages`).toBeLessThanOrEqual(Math.max(1, Math.floor(0.15 * pdf)));
  });
});

describe('the comparison can fail', () => {
  it('finds a heading out of order, and one missing', () => {
    expect(firstOutOfOrder('Le projet Le contexte', ['Le projet', 'Le contexte'])).toBe(-1);
    expect(firstOutOfOrder('Le contexte Le projet', ['Le projet', 'Le contexte'])).toBe(1);
    expect(firstOutOfOrder('Le projet', ['Le projet', 'Les enseignements'])).toBe(1);
    // a heading broken over two lines, or hyphenated at the break, is still found
    expect(firstOutOfOrder(flat('Contributions au déve-\nloppement local'), ['Contributions au développement local'])).toBe(-1);
  });
});
