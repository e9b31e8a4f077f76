// Baseline for capi's PDF rows: a bare puppeteer script — one browser, the HTML files capi produced,
// each printed once (no checks, no merging), by TABS tabs at a time (default 1: one page after the
// other). Each tab loads and prints its next file until none is left (`page.pdf`: CSS page size,
// backgrounds, tagged — Chromium's default).
// SETUP `outline`: also the outline from the headings, as `capi render` prints its sheets (the same
// document shape); `capi`: that, and what capi does to each tab and sheet besides printing — JavaScript
// off, every request through a filter (issue 6), the fonts waited for: the floor of capi's per-sheet work.
// Usage: node bench/baseline-puppeteer.mjs HTML_DIR OUT_DIR BROWSER [TABS] [PREFIX] [SETUP]
// (PREFIX: only the files whose name starts with it, e.g. RE- for the sheets of a booklet.)
import puppeteer from 'puppeteer-core';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [htmlDir, outDir, executablePath, tabsArg = '1', prefix = '', setup = ''] = process.argv.slice(2);
const tabs = Math.max(1, Number(tabsArg) || 1);
mkdirSync(outDir, { recursive: true });
const files = readdirSync(htmlDir).filter((x) => x.endsWith('.html') && x.startsWith(prefix)).sort();
const browser = await puppeteer.launch({ executablePath, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
let next = 0;
const worker = async () => {
  const page = await browser.newPage();
  if (setup === 'capi') {
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (r) => (/^(file|data):/.test(r.url()) ? r.continue() : r.abort('blockedbyclient')));
  }
  while (next < files.length) {
    const f = files[next++];
    await page.goto(pathToFileURL(path.join(htmlDir, f)).href, { waitUntil: 'load' });
    if (setup === 'capi') await page.evaluate(() => document.fonts.ready);
    await page.pdf({ path: path.join(outDir, f.replace(/\.html$/, '.pdf')), preferCSSPageSize: true, printBackground: true, tagged: true, outline: setup !== '' });
  }
};
await Promise.all(Array.from({ length: Math.min(tabs, files.length) }, worker));
await browser.close();
