// Baseline for `capi render --format pdf`: a bare puppeteer script — one browser, the HTML files capi
// produced, printed one page after the other (no checks, no parallelism, no metadata).
// Usage: node bench/baseline-puppeteer.mjs HTML_DIR OUT_DIR BROWSER
import puppeteer from 'puppeteer-core';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [htmlDir, outDir, executablePath] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const browser = await puppeteer.launch({ executablePath, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
const page = await browser.newPage();
for (const f of readdirSync(htmlDir).filter((x) => x.endsWith('.html')).sort()) {
  await page.goto(pathToFileURL(path.join(htmlDir, f)).href, { waitUntil: 'load' });
  await page.pdf({ path: path.join(outDir, f.replace(/\.html$/, '.pdf')), preferCSSPageSize: true, printBackground: true });
}
await browser.close();
