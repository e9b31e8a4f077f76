import { describe, expect, it } from 'vitest';
import { splitScripts } from '../../src/view/scripts.js';
import { escapeHtml, textToHtml } from '../../src/render/html.js';
import { mixedSentences } from './mixed-sentences.js';

const corpus = mixedSentences();

describe('mixed scripts in one French sentence: the corpus', () => {
  it('holds at least 20 sentences, with numbers, brackets, guillemets, percentages, dates and Tifinagh', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    const texts = corpus.map((s) => s.text);
    expect(texts.filter((t) => /\p{Script=Arabic}\s+\d/u.test(t)).length).toBeGreaterThanOrEqual(3);
    for (const mark of ['(', '«', '%', '[', '2022']) expect(texts.some((t) => t.includes(mark))).toBe(true);
    expect(corpus.filter((s) => s.tifinagh).length).toBeGreaterThanOrEqual(4);
  });
});

describe.each(corpus)('splitScripts « $text »', (sentence) => {
  const runs = splitScripts(sentence.text);

  it('cuts out exactly the Arabic and Tifinagh words; digits and punctuation around them stay French', () => {
    expect(runs.filter((r) => r.script === 'arabic').map((r) => r.text)).toEqual(sentence.arabic ?? []);
    expect(runs.filter((r) => r.script === 'tifinagh').map((r) => r.text)).toEqual(sentence.tifinagh ?? []);
    expect(runs.map((r) => r.text).join('')).toBe(sentence.text);
  });

  it('HTML: each Arabic run in <bdi dir="rtl" lang="ar">, Tifinagh in a zgh span, the rest as French text', () => {
    const html = textToHtml(sentence.text);
    const bdi = [...html.matchAll(/<bdi dir="rtl" lang="ar">([^<]*)<\/bdi>/g)].map((m) => m[1]);
    expect(bdi).toEqual((sentence.arabic ?? []).map(escapeHtml));
    const tfng = [...html.matchAll(/<span lang="zgh" class="tfng">([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(tfng).toEqual((sentence.tifinagh ?? []).map(escapeHtml));
    // outside the isolates: no Arabic or Tifinagh letter, and the sentence is whole
    const outside = html.replace(/<bdi[^>]*>[^<]*<\/bdi>|<span[^>]*>[^<]*<\/span>/g, '');
    expect(outside).not.toMatch(/[\p{Script=Arabic}\p{Script=Tifinagh}]/u);
    expect(html.replace(/<[^>]+>/g, '')).toBe(escapeHtml(sentence.text));
  });
});

describe('splitScripts keeps an Arabic sentence whole', () => {
  it('digits and spaces between Arabic words stay in the Arabic run, a Latin name inside too', () => {
    expect(splitScripts('عام 2018 في تيزنيت.')).toEqual([{ text: 'عام 2018 في تيزنيت.', script: 'arabic' }]);
    expect(splitScripts('قال رئيس الجمعية Tiznit 2018 هنا').map((r) => r.text)).toEqual(['قال رئيس الجمعية ', 'Tiznit', ' 2018 هنا']);
  });
});
