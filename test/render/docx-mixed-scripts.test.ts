/**
 * Mixed scripts in one French sentence, DOCX side: the run structure `textRuns` writes for each
 * sentence of the corpus (test/fixtures/mixed-scripts.yaml), read back from the packed document.
 */
import JSZip from 'jszip';
import { Document, Paragraph } from 'docx';
import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import { packDocx } from '../../src/render/docx/pack.js';
import { isRtl, textRuns } from '../../src/render/docx/text.js';
import { mixedSentences } from '../view/mixed-sentences.js';

interface Run {
  text: string;
  rtl: boolean;
  cs: boolean;
  lang: Record<string, string>;
  fonts: Record<string, string>;
}

/** The runs of each paragraph of `document.xml`: text and the run properties this test looks at. */
function paragraphs(xml: string): Array<{ bidi: boolean; runs: Run[] }> {
  const out: Array<{ bidi: boolean; runs: Run[] }> = [];
  let run: Run | null = null;
  let inText = false;
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (tag.name === 'w:p') out.push({ bidi: false, runs: [] });
    else if (tag.name === 'w:bidi') out[out.length - 1]!.bidi = a['w:val'] !== 'false' && a['w:val'] !== '0';
    else if (tag.name === 'w:r') run = { text: '', rtl: false, cs: false, lang: {}, fonts: {} };
    else if (run && tag.name === 'w:rtl') run.rtl = a['w:val'] !== 'false';
    else if (run && tag.name === 'w:cs') run.cs = true;
    else if (run && tag.name === 'w:lang') run.lang = a;
    else if (run && tag.name === 'w:rFonts') run.fonts = a;
    else if (run && tag.name === 'w:t') inText = true;
  });
  parser.on('text', (text) => {
    if (run && inText) run.text += text;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'w:t') inText = false;
    if (tag.name === 'w:r' && run) {
      out[out.length - 1]!.runs.push(run);
      run = null;
    }
  });
  parser.write(xml).close();
  return out;
}

const ARABIC = /\p{Script=Arabic}/u;
const LATIN = /\p{Script=Latin}/u;
const TIFINAGH = /\p{Script=Tifinagh}/u;
const LRM = '\u200e';
const corpus = mixedSentences();
let written: Array<{ bidi: boolean; runs: Run[] }>;

beforeAll(async () => {
  const doc = new Document({ sections: [{ children: corpus.map((s) => new Paragraph({ bidirectional: isRtl(s.text), children: textRuns(s.text) })) }] });
  const zip = await JSZip.loadAsync(await packDocx(doc, false));
  written = paragraphs(await zip.file('word/document.xml')!.async('string')).filter((p) => p.runs.length > 0);
});

describe('DOCX runs of mixed French sentences', () => {
  it('writes one left-to-right paragraph per sentence', () => {
    expect(written).toHaveLength(corpus.length);
    expect(written.filter((p) => p.bidi)).toEqual([]);
  });

  it.each(corpus.map((s, i) => [s.text, i] as const))('« %s »', (text, i) => {
    const sentence = corpus[i]!;
    const runs = written[i]!.runs;
    expect(runs.map((r) => r.text).join('').replaceAll(LRM, '')).toBe(text);
    // w:rtl and w:cs on the Arabic runs only, with the Arabic language and the Naskh font
    const arabic = runs.filter((r) => ARABIC.test(r.text));
    expect(arabic.map((r) => r.text)).toEqual(sentence.arabic ?? []);
    for (const r of arabic) {
      expect(r).toMatchObject({ rtl: true, cs: true, lang: { 'w:bidi': 'ar-MA' }, fonts: { 'w:cs': 'Noto Naskh Arabic' } });
      expect(r.text).not.toMatch(LATIN);
    }
    for (const r of runs.filter((r) => !ARABIC.test(r.text))) expect(r).toMatchObject({ rtl: false, cs: false });
    // French runs (digits and punctuation after an Arabic word included) keep the document's French
    for (const r of runs.filter((r) => !ARABIC.test(r.text) && !TIFINAGH.test(r.text))) expect(r.lang).toEqual({});
    // Tifinagh in its own runs, tagged Tamazight
    const tifinagh = runs.filter((r) => TIFINAGH.test(r.text));
    expect(tifinagh.map((r) => r.text)).toEqual(sentence.tifinagh ?? []);
    for (const r of tifinagh) expect(r.lang).toEqual({ 'w:val': 'zgh-Tfng-MA' });
    // digits after an Arabic word: in a left-to-right run that starts with a LEFT-TO-RIGHT MARK
    runs.forEach((r, k) => {
      if (k === 0 || !runs[k - 1]!.rtl) return;
      if (/^[^\p{L}]*\p{N}/u.test(r.text.replace(LRM, ''))) expect(r.text.startsWith(LRM), r.text).toBe(true);
      else expect(r.text.startsWith(LRM)).toBe(false);
    });
  });
});
