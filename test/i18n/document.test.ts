import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { documentLocales } from '../../src/i18n/document/index.js';
import { fr as cliFr } from '../../src/i18n/fr.js';
import { documentText } from '../../src/view/locale.js';

/**
 * The document catalogues (labels, month names, enumeration labels per language): complete in every
 * language, with the same placeholders, apart from the CLI catalogues, and covering every key the views,
 * the renderers and the templates ask for.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { fr, en } = documentLocales;

const placeholders = (template: string): string[] => [...new Set([...template.matchAll(/\{(\w+)(?::[\w.-]+)?\}/g)].map((m) => m[1]))].sort();

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p, ext) : e.name.endsWith(ext) ? [p] : [];
  });
}

/** Every `x-labels` of the schemas, by reference as `enumLabel` takes it. */
function schemaLabels(): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const name of ['common', 're', 'osim', 'config']) {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', `${name}.schema.json`), 'utf8'));
    const walk = (node: unknown, pointer: string): void => {
      if (!node || typeof node !== 'object') return;
      const labels = (node as Record<string, unknown>)['x-labels'];
      if (labels) out[`${name}.schema.json#${pointer}`] = labels as Record<string, string>;
      for (const [k, v] of Object.entries(node)) walk(v, `${pointer}/${k}`);
    };
    walk(schema, '');
  }
  return out;
}

describe('document catalogues', () => {
  it('fr and en have the same labels with the same placeholders', () => {
    expect(Object.keys(en.labels).sort()).toEqual(Object.keys(fr.labels).sort());
    const mismatches = Object.keys(fr.labels).filter((k) => placeholders(fr.labels[k]!).join() !== placeholders(en.labels[k] ?? '').join());
    expect(mismatches).toEqual([]);
  });

  it('has twelve month names per language', () => {
    expect(fr.months).toHaveLength(12);
    expect(en.months).toHaveLength(12);
    expect(documentText('fr').month('2024-03')).toBe('mars 2024');
    expect(documentText('en').month('2024-03-15')).toBe('March 2024');
    expect(documentText('en').month('2024')).toBe('2024');
  });

  it('gives an English label to every value of every enumeration of the schemas', () => {
    const missing: string[] = [];
    for (const [ref, labels] of Object.entries(schemaLabels())) {
      for (const value of Object.keys(labels)) if (!en.enumLabels[ref]?.[value]) missing.push(`${ref} ${value}`);
    }
    expect(missing).toEqual([]);
    expect(documentText('fr').enumLabel('common.schema.json#/$defs/statut', 'validee')).toBe('Validée');
    expect(documentText('en').enumLabel('common.schema.json#/$defs/statut', 'validee')).toBe('Approved');
  });

  it('holds every label the code and the templates ask for, and none of the CLI catalogue', () => {
    const used = new Set<string>();
    for (const file of files(join(ROOT, 'src'), '.ts')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:doc|documentText\([^)]*\))\.t\('([\w.-]+)'/g)) used.add(m[1]!);
    }
    for (const file of files(join(ROOT, 'templates'), '.hbs')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\{\{msg "([\w.-]+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    const known = (key: string) => key in fr.labels || `${key}.other` in fr.labels;
    expect([...used].filter((k) => !known(k))).toEqual([]);
    // the count words (n.*) exist in both: a CLI message and a document each write their own
    expect(Object.keys(fr.labels).filter((k) => k in cliFr && !k.startsWith('n.'))).toEqual([]);
  });
});
