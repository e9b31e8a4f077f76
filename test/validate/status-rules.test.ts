import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers.js';
import { surelyValidAtStatus, evaluate } from '../../src/validate/status-rules.js';
import { validatorFor } from '../../src/validate/schemas.js';

/**
 * `nextStatusDiagnostics` skips the schema's re-validation at the next status when `surelyValidAtStatus`
 * says the sheet stays valid: that answer must never be « valid » where ajv refuses the sheet.
 */
const STATUSES = ['brouillon', 'soumise', 'a-reviser', 'validee'];
const SECTIONS = ['collecte', 'contexte', 'description', 'contributions', 'perceptions', 'valeur_ajoutee', 'enseignements'];

/** The example sheets of a kind, parsed. */
function examples(kind: 're' | 'osim'): Array<Record<string, any>> {
  const dir = path.join(ROOT, 'examples', kind);
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => parse(readFileSync(path.join(dir, f), 'utf8')));
}

/** Variants of a valid RE sheet that the stricter statuses may refuse: each section missing or empty, an open review comment. */
function variants(data: Record<string, any>): Array<Record<string, any>> {
  const out = [data];
  for (const key of SECTIONS) {
    const { [key]: _gone, ...without } = data;
    out.push(without);
    if (typeof data[key] === 'string') out.push({ ...data, [key]: '' });
    if (Array.isArray(data[key])) out.push({ ...data, [key]: [] });
  }
  out.push({ ...data, revue: { ...(data.revue ?? {}), commentaires: [{ date: '2026-01-01', auteur: 'Coordination', texte: 'À revoir.', resolu: false }] } });
  out.push({ ...data, projet: { ...data.projet, secteurs: [] } });
  return out;
}

describe('surelyValidAtStatus', () => {
  for (const kind of ['re', 'osim'] as const) {
    it(`never says « valid » where ajv refuses a ${kind} sheet at another status`, () => {
      const validate = validatorFor(kind);
      let skipped = 0;
      let refused = 0;
      for (const base of examples(kind)) {
        for (const data of kind === 're' ? variants(base) : [base]) {
          for (const from of STATUSES) {
            // the precondition: the sheet is valid at its own status
            if (!validate({ ...data, statut: from })) continue;
            for (const to of STATUSES) {
              const sure = surelyValidAtStatus(kind, { ...data, statut: from }, to);
              const valid = validate({ ...data, statut: to });
              if (sure) expect(valid, `${kind} ${data.id} ${from} → ${to}`).toBe(true);
              if (sure) skipped += 1;
              if (!valid) refused += 1;
            }
          }
        }
      }
      // the shortcut is taken, and the variants do reach sheets the stricter status refuses
      expect(skipped).toBeGreaterThan(10);
      if (kind === 're') expect(refused).toBeGreaterThan(10);
    });
  }

  it('answers « not sure » for a keyword it does not read, and reads the ones the rules use', () => {
    expect(evaluate({ pattern: '^a' }, 'abc', 're.schema.json')).toBeUndefined();
    expect(evaluate({ format: 'date' }, 'x', 're.schema.json')).toBeUndefined();
    expect(evaluate({ type: 'string', minLength: 2 }, '😀', 're.schema.json')).toBe(false);
    expect(evaluate({ type: 'string', minLength: 1 }, '😀', 're.schema.json')).toBe(true);
    expect(evaluate({ required: ['a'], properties: { a: { type: 'array', minItems: 1 } } }, { a: [] }, 're.schema.json')).toBe(false);
    expect(evaluate({ if: { properties: { s: { const: 'x' } }, required: ['s'] }, then: { required: ['b'] } }, { s: 'y' }, 're.schema.json')).toBe(true);
    expect(evaluate({ if: { properties: { s: { const: 'x' } }, required: ['s'] }, then: { required: ['b'] } }, { s: 'x' }, 're.schema.json')).toBe(false);
    expect(evaluate({ $ref: 'common.schema.json#/$defs/statut' }, 'validee', 're.schema.json')).toBe(true);
    expect(evaluate({ $ref: 'common.schema.json#/$defs/statut' }, 'publiee', 're.schema.json')).toBe(false);
  });

  it('reads each schema object once but judges each data on its own (the keyword lists kept per schema)', () => {
    const rule = { title: 'règle', 'x-labels': {}, if: { properties: { s: { const: 'x' } }, required: ['s'] }, then: { required: ['b'] } };
    const sheets = [{ s: 'x' }, { s: 'x', b: 1 }, { s: 'y' }, { s: 'x' }];
    const first = sheets.map((d) => evaluate(rule.if, d, 're.schema.json'));
    expect(first).toEqual([true, true, false, true]);
    expect(sheets.map((d) => evaluate(rule, d, 're.schema.json'))).toEqual([false, true, true, false]);
    // a `$ref` kept from one run of the rules to the next: still the same answer for each value
    expect(['validee', 'publiee', 'brouillon'].map((v) => evaluate({ $ref: 'common.schema.json#/$defs/statut' }, v, 're.schema.json'))).toEqual([true, false, true]);
  });
});
