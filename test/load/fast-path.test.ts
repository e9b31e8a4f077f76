import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadSheet, parseSheet } from '../../src/load/sheet.js';
import { ROOT } from '../helpers.js';

/**
 * `loadSheet` reads well-formed sheets with js-yaml (fast) and builds the `yaml` document only when a
 * position is needed: both parsers must give the same data, and the positions must be the same.
 */
const files = ['re', 'osim'].flatMap((k) => readdirSync(path.join(ROOT, 'examples', k)).map((f) => path.join(ROOT, 'examples', k, f)));

describe('fast path', () => {
  it('gives the same data as the yaml package for every example sheet', async () => {
    for (const file of files) {
      const { sheet } = await loadSheet(file, file);
      expect(sheet!.data, file).toEqual(parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { version: '1.2' }));
    }
  });

  it('keeps YAML 1.2 core types: dates and yes/no stay text, numbers as YAML 1.2 reads them', () => {
    const { sheet } = parseSheet(Buffer.from('a: 2022-05-09\nb: yes\nc: no\nd: 02142\ne: 1.10\nf: ~\ng: "x"\n'), '/x.yaml', 'x.yaml');
    expect(sheet!.data).toEqual(parse('a: 2022-05-09\nb: yes\nc: no\nd: 02142\ne: 1.10\nf: ~\ng: "x"\n', { version: '1.2' }));
    expect(sheet!.data).toEqual({ a: '2022-05-09', b: 'yes', c: 'no', d: 2142, e: 1.1, f: null, g: 'x' });
  });

  it('builds positions on demand', () => {
    const { sheet } = parseSheet(Buffer.from('fiche: osim\nid: OSIM-FR-01\n'), '/x.yaml', 'x.yaml');
    expect(sheet!.lineCounter.linePos(13)).toEqual({ line: 2, col: 2 });
    expect(sheet!.doc.errors).toEqual([]);
  });
});
