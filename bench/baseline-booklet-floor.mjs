// Floor of capi's booklet PDF rows: what any booklet of these sheets must do, with no capi code — one
// browser printing the sheets' HTML files (those starting with PREFIX) AND the booklet's front and back
// matter (front.html, back.html, as capi prints them last), each once, tagged with its outline (a booklet
// needs both), by TABS tabs at a time; and a bare pdf-lib merge (load each printed file, copyPages,
// addPage, in the booklet's order, as soon as it and the files before it are printed; parsed and saved at
// pdf-lib's fastest, without yielding, as capi does), saved to OUT_FILE.
// Usage: node bench/baseline-booklet-floor.mjs HTML_DIR MATTER_DIR OUT_FILE BROWSER [TABS] [PREFIX]
import puppeteer from 'puppeteer-core';
import { PDFDocument, ParseSpeeds } from 'pdf-lib';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [htmlDir, matterDir, outFile, executablePath, tabsArg = '1', prefix = ''] = process.argv.slice(2);
const tabs = Math.max(1, Number(tabsArg) || 1);
const sheets = readdirSync(htmlDir).filter((x) => x.endsWith('.html') && x.startsWith(prefix)).sort().map((f) => path.join(htmlDir, f));
const files = [path.join(matterDir, 'front.html'), ...sheets, path.join(matterDir, 'back.html')];
const browser = await puppeteer.launch({ executablePath, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
const settle = [];
const printed = files.map(() => new Promise((resolve) => settle.push(resolve)));
let next = 0;
const worker = async () => {
  const page = await browser.newPage();
  while (next < files.length) {
    const k = next++;
    await page.goto(pathToFileURL(files[k]).href, { waitUntil: 'load' });
    settle[k](await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true }));
  }
};
const printing = Promise.all(Array.from({ length: Math.min(tabs, files.length) }, worker));
const out = await PDFDocument.create();
for (const p of printed) {
  const src = await PDFDocument.load(await p, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
  for (const page of await out.copyPages(src, src.getPageIndices())) out.addPage(page);
}
await printing;
writeFileSync(outFile, await out.save({ useObjectStreams: false, objectsPerTick: Infinity }));
await browser.close();
