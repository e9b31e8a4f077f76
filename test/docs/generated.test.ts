import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { DOC_FILE, generateDocs, minimalSheet } from '../../scripts/gen-docs.mjs';
import { generateTypes } from '../../scripts/gen-types.mjs';
import { bundledSchema } from '../../src/validate/bundle.js';
import { readSchema, validatorFor } from '../../src/validate/schemas.js';

/** The bundled schemas, from src/ (so this test needs no build). */
const schemas = () => ({ re: bundledSchema('re'), osim: bundledSchema('osim'), config: bundledSchema('config'), glossary: bundledSchema('glossary') });

/** Where two texts first differ, for a failure message a person can act on. */
function firstDifference(committed: string, fresh: string): string {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  const n = at < 0 ? a.length : at;
  return `first difference at line ${n + 1}: committed ${JSON.stringify(a[n] ?? '(end of file)')}, generated ${JSON.stringify(b[n] ?? '(end of file)')}`;
}

describe('generated files are up to date', () => {
  it(`${DOC_FILE} equals a fresh generation from the schemas`, async () => {
    const committed = readFileSync(path.join(ROOT, DOC_FILE), 'utf8');
    const fresh = await generateDocs({ schemas: schemas() });
    expect(committed === fresh, `${DOC_FILE} is out of date (${firstDifference(committed, fresh)}): run \`npm run gen:docs\``).toBe(true);
  });

  it('the TypeScript types in src/types/ equal a fresh generation from the schemas', async () => {
    const files = await generateTypes();
    expect([...files.keys()]).toEqual(expect.arrayContaining(['src/types/re.ts', 'src/types/osim.ts']));
    for (const [file, fresh] of files) {
      const committed = readFileSync(path.join(ROOT, file), 'utf8');
      expect(committed === fresh, `${file} is out of date (${firstDifference(committed, fresh)}): run \`npm run gen:types\``).toBe(true);
    }
  });

  it('a change in a schema changes the generated documentation (the check above can fail)', async () => {
    const changed = schemas();
    (changed.re.properties as Record<string, { title: string }>).contexte.title = 'Contexte (titre changé)';
    const fresh = await generateDocs({ schemas: changed });
    expect(fresh).toContain('### `contexte` — Contexte (titre changé)');
    expect(fresh).not.toBe(readFileSync(path.join(ROOT, DOC_FILE), 'utf8'));
  });
});

describe(`${DOC_FILE}: what the schemas say, said to researchers`, () => {
  const doc = () => readFileSync(path.join(ROOT, DOC_FILE), 'utf8');

  it('documents every top-level field of each kind of file', () => {
    for (const kind of ['re', 'osim', 'config'] as const) {
      for (const key of Object.keys(readSchema(kind).properties as object)) {
        const anchor = `${kind}-${key}`.replaceAll('_', '-');
        expect(doc(), `${kind}.${key}`).toContain(`<a id="${anchor}"></a>\n\n### \`${key}\``);
      }
    }
  });

  it('lists every value of the shared lists with its French label', () => {
    const defs = { ...(readSchema('common').$defs as object), ...(readSchema('re').$defs as object) } as Record<string, { enum?: string[]; 'x-labels'?: Record<string, string> }>;
    for (const [name, def] of Object.entries(defs)) {
      for (const value of def.enum ?? []) expect(doc(), `${name}: ${value}`).toContain(`| \`${value}\` | ${def['x-labels']?.[value] ?? ''} |`);
    }
  });

  it('says from which statut a field is required, from the schemas’ if/then', () => {
    expect(doc()).toContain('| [`contexte`](#re-contexte) | Contexte | à partir du statut `soumise`, non vide |');
    expect(doc()).toContain('| `secteurs` | **Secteurs** — ');
    expect(doc()).toMatch(/\| `secteurs` \|.*\| oui ; non vide à partir du statut `soumise` \|/);
    expect(doc()).toMatch(/\| `traduction` \|.*\| quand `langue` n'est pas `fr` \|/);
    expect(doc()).toContain('- **Au statut `validee`** — obligatoire et doit valoir `true` : `revue.commentaires[].resolu`.');
  });

  it('gives minimal RE and OSIM sheets that the schemas accept', () => {
    for (const kind of ['re', 'osim'] as const) {
      const { data } = minimalSheet(kind, bundledSchema(kind));
      const validate = validatorFor(kind);
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
      expect(data.statut).toBe('brouillon');
      expect(Object.keys(data).sort()).toEqual([...(readSchema(kind).required as string[])].sort());
    }
  });
});
