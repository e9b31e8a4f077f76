import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { renderDocx } from '../../src/render/docx.js';
import { shortenTitle as shortTitle } from '../../src/view/text.js';
import { MARGIN_TITLE_MAX } from '../../src/view/frame.js';
import type { SheetView } from '../../src/view/model.js';

const base = JSON.parse(readFileSync(new URL('../fixtures/views/re-sample.json', import.meta.url), 'utf8')) as SheetView;

describe('DOCX page header', () => {
  it('shortens a long title at a word boundary, keeps a short one', () => {
    expect(shortTitle('L’eau', 90)).toBe('L’eau');
    const long = 'Sécher, trier et vendre sous appellation : l’unité de valorisation du safran de la coopérative Aguerd n Zafran à Askaouen';
    const short = shortTitle(long, 90);
    expect([...short].length).toBeLessThanOrEqual(90);
    expect(short.endsWith('…')).toBe(true);
    expect(long.startsWith(short.slice(0, -1))).toBe(true);
    expect(short).not.toMatch(/\s…$/);
  });

  it('prints the full title in the body and the shortened one in the header, the same as the PDF\'s', async () => {
    const title = 'Sécher, trier et vendre sous appellation : l’unité de valorisation du safran de la coopérative Aguerd n Zafran à Askaouen';
    const zip = await JSZip.loadAsync(await renderDocx({ ...base, title }, { embedFonts: false }));
    const headers = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/header\d*\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    const headerText = headers.join('').replace(/<[^>]+>/g, '');
    expect(headerText).toContain(shortTitle(title, MARGIN_TITLE_MAX));
    expect(headerText).not.toContain('à Askaouen');
    const body = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(body).toContain('Aguerd n Zafran à Askaouen');
  });
});
