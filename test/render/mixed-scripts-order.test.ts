/**
 * Mixed scripts in one French sentence, as printed: the short sentences of the corpus
 * (test/fixtures/mixed-scripts.yaml) go into a sheet's « Contexte », rendered to PDF (Chromium) and to
 * DOCX (converted by LibreOffice); on each printed line, the French words, digits and punctuation and
 * the Arabic words, read from left to right (poppler `pdftotext -bbox-layout`), must come in the
 * sentence's own order. A digit pulled before an Arabic word, or a mirrored bracket, changes it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';
import { mixedSentences } from '../view/mixed-sentences.js';

/** Sentences short enough to print on one line. */
const sentences = mixedSentences()
  .map((s) => s.text)
  .filter((t) => [...t].length <= 60);

/**
 * The order a reader sees: each Arabic letter (or Arabic comma) becomes « # », runs of them — with the
 * spaces and digits inside an Arabic phrase — one « # »; format characters and spaces go. So
 * « الساقية 2 irrigue » reads « #2irrigue », and a digit pulled before the Arabic word, « 2#irrigue ».
 */
function readingOrder(text: string): string {
  let order = text.replace(/[\p{Script=Arabic}\u0600-\u06ff]/gu, '#').replace(/[\p{Cf}\s]/gu, '').replace(/[’‘]/g, "'");
  for (let before = ''; before !== order; ) [before, order] = [order, order.replace(/#\d*#/g, '#')];
  return order;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/** Each printed line of a PDF, its words read left to right, in reading order (see `readingOrder`). */
function printedLines(pdf: string): string[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return [...xml.matchAll(/<line\b[^>]*>([\s\S]*?)<\/line>/g)].map((line) =>
    [...line[1]!.matchAll(/<word xMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)]
      .map((w) => ({ x: Number(w[1]), text: w[2]!.replace(/&\w+;/g, (e) => ENTITIES[e] ?? e) }))
      .sort((a, b) => a.x - b.x)
      .map((w) => w.text)
      .join(''),
  ).map(readingOrder);
}

let ws: string;
beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-mixed-'));
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true });
  const file = path.join(ws, 're/RE-TIZ-01.yaml');
  const context = `contexte: |\n${sentences.map((t) => `  ${t}\n`).join('\n')}`;
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^contexte: \|\n(?:(?: {2}.*)?\n)*?(?=\S)/m, context));
  const result = await runCli(['render', 're/RE-TIZ-01.yaml', '--format', 'pdf,docx', '--out', 'out'], { cwd: ws });
  expect(result.code, result.stderr).toBe(0);
  execFileSync('soffice', [`-env:UserInstallation=${pathToFileURL(path.join(ws, 'lo-profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', path.join(ws, 'lo'), path.join(ws, 'out/RE-TIZ-01.docx')], {
    stdio: 'ignore',
    timeout: 170_000,
  });
}, 240_000);

afterAll(() => {
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('an Arabic word inside a French sentence keeps the French around it in French order', () => {
  it('uses at least 12 one-line sentences of the corpus', () => {
    expect(sentences.length).toBeGreaterThanOrEqual(12);
  });

  it.each([
    ['PDF (Chromium)', 'out/RE-TIZ-01.pdf'],
    ['DOCX (LibreOffice)', 'lo/RE-TIZ-01.pdf'],
  ])('%s', (_name, pdf) => {
    const lines = new Set(printedLines(path.join(ws, pdf)));
    const misordered = sentences.filter((t) => !lines.has(readingOrder(t)));
    expect(misordered).toEqual([]);
  });
});
