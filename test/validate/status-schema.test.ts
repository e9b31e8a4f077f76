import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers.js';
import { lazySheet } from '../../src/load/sheet.js';
import { validateAtStatus, validateSheet } from '../../src/validate/validate.js';
import { validatorFor } from '../../src/validate/schemas.js';
import { setLang } from '../../src/i18n/index.js';

/**
 * `nextStatusDiagnostics` asks what the schema would refuse at the next status by running only its
 * rules that depend on the status (`validateAtStatus`, the validators `reStatut` and `osimStatut` of
 * scripts/gen-types.mjs): for a sheet valid at its own status, that must be exactly what the whole
 * schema says at the other status — the same diagnostics, at the same places, with the same words.
 */
const STATUSES = ['brouillon', 'soumise', 'a-reviser', 'validee'];
const SECTIONS = ['collecte', 'contexte', 'description', 'contributions', 'perceptions', 'valeur_ajoutee', 'enseignements'];

/** The example sheets of a kind: their text and data. */
function examples(kind: 're' | 'osim'): Array<{ file: string; text: string; data: Record<string, any> }> {
  const dir = path.join(ROOT, 'examples', kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      return { file: path.join(dir, f), text, data: parse(text) };
    });
}

/** Variants of a valid RE sheet that the stricter statuses may refuse: each section missing or empty, an open review comment, no sector. */
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

/** Diagnostics as sorted JSON: their positions computed, their order left aside (the caller sorts them). */
const seen = (diagnostics: unknown[]) => diagnostics.map((d) => JSON.stringify(d)).sort();

describe('validateAtStatus', () => {
  for (const kind of ['re', 'osim'] as const) {
    it(`says of a ${kind} sheet valid at its status what the whole schema says at another`, () => {
      setLang('fr');
      const validate = validatorFor(kind);
      let compared = 0;
      let refused = 0;
      for (const { file, text, data: base } of examples(kind)) {
        for (const data of kind === 're' ? variants(base) : [base]) {
          for (const from of STATUSES) {
            // the precondition: the sheet is valid at its own status
            if (!validate({ ...data, statut: from })) continue;
            const sheet = lazySheet(file, path.basename(file), text, { ...data, statut: from }, kind);
            for (const to of STATUSES) {
              const whole = validateSheet(lazySheet(file, path.basename(file), text, { ...data, statut: to }, kind), { sorted: false });
              expect(seen(validateAtStatus(sheet, kind, to)), `${kind} ${data.id} ${from} → ${to}`).toEqual(seen(whole));
              compared += 1;
              if (whole.length > 0) refused += 1;
            }
          }
        }
      }
      // the variants do reach sheets the stricter statuses refuse, and sheets they accept
      expect(compared).toBeGreaterThan(kind === 're' ? 100 : 20);
      if (kind === 're') expect(refused).toBeGreaterThan(20);
      expect(refused).toBeLessThan(compared);
    });
  }
});
