import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers.js';

/** One sentence of the corpus and the Arabic and Tifinagh runs it must be cut into, in order. */
export interface MixedSentence {
  text: string;
  arabic?: string[];
  tifinagh?: string[];
}

/** The corpus of mixed French sentences (test/fixtures/mixed-scripts.yaml). */
export function mixedSentences(): MixedSentence[] {
  return parse(readFileSync(path.join(ROOT, 'test/fixtures/mixed-scripts.yaml'), 'utf8')) as MixedSentence[];
}
