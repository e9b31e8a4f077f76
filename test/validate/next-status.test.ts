import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT, runCli } from '../helpers.js';
import { STRICT_NEXT } from '../../src/validate/next-status.js';
import { TRANSITIONS } from '../../src/cli/review.js';
import { narrativeWords } from '../../src/validate/quality.js';
import type { ReSheet } from '../../src/types/index.js';

/**
 * No surprises at submission: every rule `capi review --statut soumise|validee` enforces is announced
 * by `capi validate` on the draft beforehand, and a draft `validate` passes without warning is accepted.
 */
let dir: string;
const FILE = 're/RE-TIZ-01.yaml';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'capi-next-'));
  for (const part of ['capi.config.yaml', 'images', 'osim/OSIM-FR-01.yaml']) cpSync(path.join(ROOT, 'examples', part), path.join(dir, part), { recursive: true });
  mkdirSync(path.join(dir, 're'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The complete example sheet, back to a draft without review. */
function draft(): Record<string, any> {
  const data = parse(readFileSync(path.join(ROOT, 'examples', FILE), 'utf8'));
  data.statut = 'brouillon';
  delete data.revue;
  return data;
}

/** Every text of more than `max` words cut to `max` words. */
function shorten(value: unknown, max: number): unknown {
  if (typeof value === 'string') return value.split(/\s+/).length > max ? value.split(/\s+/).slice(0, max).join(' ') : value;
  if (Array.isArray(value)) return value.map((v) => shorten(v, max));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v, max)]));
  return value;
}

async function validate(): Promise<Array<{ code: string; severity: string; message: string }>> {
  const r = await runCli(['validate', FILE, '--format', 'json'], { cwd: dir });
  return JSON.parse(r.stdout).diagnostics;
}

/** Each rule review enforces, a draft that breaks it, and the message review refuses it with. */
const RULES: Array<{ rule: string; change: (d: Record<string, any>) => void; code: string; refusal: RegExp; target?: 'soumise' | 'validee' }> = [
  { rule: 'sections required from soumise on', change: (d) => delete d.contexte, code: 'next.schema.required-for-status', refusal: /doit avoir ces sections remplies : contexte/ },
  { rule: 'at least one sector from soumise on', change: (d) => (d.projet.secteurs = []), code: 'next.schema.required-for-status', refusal: /doit avoir ces sections remplies : projet\.secteurs/ },
  { rule: 'FAO criteria assessed', change: (d) => delete d.bonne_pratique.criteres, code: 'next.quality.criteria-missing', refusal: /Les critères de bonne pratique \(FAO\) ne sont pas renseignés/ },
  { rule: 'each FAO criterion present', change: (d) => delete d.bonne_pratique.criteres.durable, code: 'next.quality.criterion-missing', refusal: /Le critère « .+ » manque/ },
  {
    rule: 'the commune, associations and beneficiaries heard or explained',
    change: (d) => {
      d.perceptions = d.perceptions.filter((p: { type_acteur: string }) => !['beneficiaire', 'femmes', 'jeunes'].includes(p.type_acteur));
      d.collecte.acteurs_non_entendus = (d.collecte.acteurs_non_entendus ?? []).filter((a: { type_acteur: string }) => !['beneficiaire', 'femmes', 'jeunes'].includes(a.type_acteur));
    },
    code: 'next.quality.actor-not-heard',
    refusal: /Personne n'a été entendu pour les bénéficiaires/,
  },
  {
    rule: 'the whole sheet at least 800 words',
    change: (d) => Object.assign(d, shorten(d, 12)),
    code: 'next.quality.total-short',
    refusal: /La fiche est courte : \d+ mots de texte \(au moins 800 attendus/,
  },
  // already warnings on a draft (what is written is checked), errors from soumise on
  { rule: 'appreciations backed', change: (d) => (delete d.perceptions[0].citations, delete d.perceptions[0].preuves), code: 'quality.appreciation-unsupported', refusal: /n'est appuyée ni par une citation ni par des preuves/ },
  { rule: 'no phone number in the text', change: (d) => (d.contexte += '\n\nContact : 06 12 34 56 78.'), code: 'quality.phone', refusal: /Numéro de téléphone dans le texte/ },
  {
    rule: 'no open review comment on a validated sheet',
    change: (d) => {
      d.statut = 'a-reviser';
      d.revue = { relecteur: 'Nadia', commentaires: [{ champ: 'contexte', texte: 'Précisez les dates.', resolu: false }] };
    },
    code: 'next.open-comments',
    refusal: /Le commentaire de relecture n° 1 est encore ouvert/,
    target: 'validee',
  },
];

describe('what review enforces, validate announces', () => {
  it('the table of strict next statuses follows the review cycle', () => {
    for (const [from, to] of Object.entries(TRANSITIONS)) {
      expect(STRICT_NEXT[from] ?? [], from).toEqual(to.filter((s) => s === 'soumise' || s === 'validee'));
    }
  });

  it('a draft validate passes without any warning is accepted by review --statut soumise', async () => {
    writeFileSync(path.join(dir, FILE), stringify(draft()));
    const ds = await validate();
    expect(ds).toEqual([]);
    const r = await runCli(['review', FILE, '--statut', 'soumise'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(parse(readFileSync(path.join(dir, FILE), 'utf8')).statut).toBe('soumise');
  });

  it('a draft with errors gets them alone: what submitting asks comes once they are fixed', async () => {
    const data = draft();
    delete data.contexte;
    data.statut_typo = 'x';
    writeFileSync(path.join(dir, FILE), stringify(data));
    const ds = await validate();
    expect(ds.map((d) => d.code)).toEqual(['schema.unknown-key']);
  });

  it.each(RULES)('$rule: a warning on the draft, then review refuses it', async ({ change, code, refusal, target }) => {
    const data = draft();
    change(data);
    if (code === 'next.quality.total-short') expect(narrativeWords(data as ReSheet)).toBeLessThan(800);
    const text = stringify(data);
    writeFileSync(path.join(dir, FILE), text);
    const ds = await validate();
    expect(ds.filter((d) => d.severity === 'error')).toEqual([]);
    const warning = ds.find((d) => d.code === code);
    expect(warning, JSON.stringify(ds.map((d) => d.code))).toBeDefined();
    expect(warning!.severity).toBe('warning');
    if (code.startsWith('next.')) expect(warning!.message).toMatch(target === 'validee' ? /^Pour valider : / : /^Pour soumettre : /);
    const r = await runCli(['review', FILE, '--statut', target ?? 'soumise', '--relecteur', 'Nadia'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(refusal);
    expect(readFileSync(path.join(dir, FILE), 'utf8')).toBe(text);
  });
});
