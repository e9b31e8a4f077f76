import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
// @ts-expect-error a plain ES module script, without type declarations
import { placesSource } from '../../scripts/gen-places.mjs';
import { loadGazetteer } from '../../src/link/places.js';
import { ROOT } from '../helpers.js';

const generate = placesSource as (dataDir?: URL) => string;

describe('the reference list compiled from data/*.csv', () => {
  it('is up to date: src/link/places-data.ts is what npm run gen:places writes from the CSV files', () => {
    expect(readFileSync(path.join(ROOT, 'src/link/places-data.ts'), 'utf8')).toBe(generate());
  });

  it('holds the CSV values with their types (6 provinces, 175 communes, populations as numbers)', () => {
    const g = loadGazetteer();
    expect(g.provinces).toHaveLength(6);
    expect(g.communes).toHaveLength(175);
    expect(g.communes.find((c) => c.slug === 'agadir')).toEqual({
      code: '09.001.01.01', slug: 'agadir', nameFr: 'Agadir', nameAr: 'أكادير', type: 'urban', provinceCode: '09.001', population2024: 504768, population2014: 421844,
    });
    expect(g.provinces.find((p) => p.code === '09.273')).toEqual({ code: '09.273', nameFr: 'Inezgane-Aït Melloul', nameAr: 'إنزكان-آيت ملول', type: 'prefecture' });
  });

  it('refuses a CSV row it cannot type, naming the file and the row', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'capi-places-data-'));
    try {
      cpSync(path.join(ROOT, 'data'), dir, { recursive: true });
      const file = path.join(dir, 'souss-massa-communes.csv');
      const lines = readFileSync(file, 'utf8').split('\n');
      lines[2] = lines[2].replace(',9648,', ',9 648,');
      writeFileSync(file, lines.join('\n'));
      expect(() => generate(pathToFileURL(`${dir}/`))).toThrow('data/souss-massa-communes.csv, row 3: « 9 648 » is not a whole number');
      writeFileSync(file, lines.join('\n').replace(',rural,09.001,', ',village,09.001,'));
      expect(() => generate(pathToFileURL(`${dir}/`))).toThrow(/souss-massa-communes\.csv, row \d+: « village » is not one of urban, rural/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
