import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfRenderer } from '../../src/render/pdf.js';
import type { SheetView } from '../../src/view/model.js';

/**
 * The PDF must not depend on the fonts of the machine (the coordinator's Windows laptop, a CI runner):
 * Chromium runs here with a fontconfig that knows only DejaVu and Liberation (no Noto), so any text drawn
 * with a system font (page header, footer, a symbol outside the shipped subsets) shows up as one of them. Found on
 * a fresh Debian without fonts-noto-core: Chromium's header templates printed in DejaVu Sans.
 */
const view = JSON.parse(readFileSync(new URL('../fixtures/views/re-sample.json', import.meta.url), 'utf8')) as SheetView;

describe('PDF without the Noto system fonts', () => {
  let dir = '';
  let renderer: PdfRenderer;
  let file = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capi-nofonts-'));
    const conf = join(dir, 'fonts.conf');
    writeFileSync(conf, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><dir>/usr/share/fonts/truetype/liberation</dir><cachedir>${join(dir, 'cache')}</cachedir></fontconfig>\n`);
    renderer = new PdfRenderer({ browserEnv: { ...process.env, FONTCONFIG_FILE: conf } });
    await renderer.open();
    file = join(dir, 'sheet.pdf');
    await renderer.render(view, file);
  });
  afterAll(async () => {
    await renderer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('embeds only the Noto fonts capi ships, for the body and the running header and footer', () => {
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((l) => l.split(/\s+/)[0]);
    expect(fonts.length).toBeGreaterThan(3);
    for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+Noto(Sans|Serif|NaskhArabic|SansTifinagh)-/);
  });

  it('prints the header (place with Arabic names) and the footer (page numbers)', () => {
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Tafraout/);
    expect(text).toMatch(/Page 1 \/ \d/);
    expect(text).toMatch(/RE-TIZ-01/);
    expect([...text].filter((c) => /[\u0600-\u06FF]/.test(c)).length).toBeGreaterThan(10);
  });
});
