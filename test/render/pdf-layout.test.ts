import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfRenderer } from '../../src/render/pdf.js';
import type { SheetView } from '../../src/view/model.js';

/**
 * Layout faults of the page margins, as a kind: whatever the length of the title, nothing printed in
 * the header or footer may leave the page. Words are located with `pdftotext -bbox`.
 */
const base = JSON.parse(readFileSync(new URL('../fixtures/views/re-sample.json', import.meta.url), 'utf8')) as SheetView;

interface Word { text: string; xMin: number; xMax: number; yMin: number; page: number }

function words(file: string): { width: number; words: Word[] } {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const width = Number(/<page width="([\d.]+)"/.exec(html)?.[1]);
  const out: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page += 1;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)<\/word>/.exec(line);
    if (m) out.push({ text: m[4], xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), page });
  }
  return { width, words: out };
}

describe('PDF page margins', () => {
  let dir = '';
  let renderer: PdfRenderer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capi-layout-'));
    renderer = new PdfRenderer();
    await renderer.open();
  });
  afterAll(async () => {
    await renderer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, title] of [
    ['short title', 'L’eau'],
    ['very long title', 'Sécher, trier et vendre sous appellation : l’unité de valorisation du safran de la coopérative Aguerd n Zafran à Askaouen, et tout ce que les femmes du douar en disent'],
  ] as const) {
    it(`keeps the header inside the page with a ${name}, the place and its Arabic name shown`, async () => {
      const file = join(dir, `${name.replace(/ /g, '-')}.pdf`);
      await renderer.render({ ...base, title }, file);
      const { width, words: all } = words(file);
      const header = all.filter((w) => w.page === 1 && w.yMin < 60);
      expect(header.map((w) => w.text)).toContain('Tafraout');
      expect(header.map((w) => w.text)).toContain('Tiznit');
      // Arabic names of commune and province are printed too
      expect(header.filter((w) => /[\u0600-\u06FF]/.test(w.text)).length).toBeGreaterThanOrEqual(2);
      for (const w of all) {
        expect(w.xMin, `« ${w.text} » starts off the page`).toBeGreaterThanOrEqual(0);
        expect(w.xMax, `« ${w.text} » runs off the page`).toBeLessThanOrEqual(width - 20);
      }
    });
  }
});
