import type { ReSheet, OsimSheet } from '../types/index.js';
import { ACTOR_GROUPS, FAO_CRITERIA, narrativeWords, TOTAL_BOUNDS } from './quality.js';
import { t } from '../i18n/index.js';

/** How complete a sheet is: a score from 0 to 100 and what is missing, in the current language. */
export interface Completeness {
  score: number;
  missing: string[];
}

interface Check {
  /** Points this check is worth. */
  weight: number;
  /** Share of the points earned, 0–1. */
  earned: number;
  /**
   * Message key (with params) naming what is missing, when `earned < 1`; none when another check
   * already names it (no « 0/0 » for the quotes of perceptions that are not written yet).
   */
  missing?: [string, Record<string, string | number>?];
}

/**
 * True when a value holds something: a non-blank text, a number or boolean, a list or an object with
 * at least one filled value (`collecte: { entretiens: [] }`, as `capi new` writes it, is empty).
 */
const filled = (v: unknown): boolean => {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.some(filled);
  if (typeof v === 'object') return Object.values(v as object).some(filled);
  return true;
};

const get = (v: unknown, dotted: string): unknown => dotted.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), v);

/**
 * A section with the fields it should hold: « vide » only when nothing in it is filled, else
 * « incomplète » with the fields still missing; earned in proportion of the fields filled.
 */
function sectionCheck(weight: number, key: string, value: unknown, fields: readonly string[]): Check {
  if (!filled(value)) return { weight, earned: 0, missing: ['completeness.section', { key }] };
  const absent = fields.filter((f) => !filled(get(value, f)));
  return { weight, earned: fields.length ? 1 - absent.length / fields.length : 1, missing: ['completeness.partial', { key, fields: absent.join(', ') }] };
}

function score(checks: Check[]): Completeness {
  const total = checks.reduce((n, c) => n + c.weight, 0);
  const earned = checks.reduce((n, c) => n + c.weight * Math.max(0, Math.min(1, c.earned)), 0);
  return {
    score: Math.round((100 * earned) / total),
    missing: checks.filter((c) => c.earned < 1 && c.missing).map((c) => t(c.missing![0], c.missing![1] ?? {})),
  };
}

/**
 * The completeness of an RE sheet (documented in the README, « Completeness »), out of 100:
 * - 42 — the seven sections required from `soumise` on (collecte, contexte, description,
 *   contributions, perceptions, valeur_ajoutee, enseignements), 6 each;
 * - 12 — leviers_changement, leviers_politiques_publiques, contraintes, recommandations, 3 each;
 * - 16 — the seven FAO criteria assessed and justified (2 each) and the maturity level (2);
 * - 10 — appreciations backed by a quote or evidence (share of the perceptions);
 * - 9 — the commune, local associations and beneficiaries heard or their absence explained, 3 each;
 * - 6 — interviews recorded (3) and every quote translated and tied to an interview (3);
 * - 5 — length: at least `TOTAL_BOUNDS[0]` words of text (pro rata below).
 */
export function reCompleteness(sheet: ReSheet): Completeness {
  const checks: Check[] = [];
  for (const key of ['collecte', 'contexte', 'description', 'contributions', 'perceptions', 'valeur_ajoutee', 'enseignements'] as const) {
    checks.push({ weight: 6, earned: filled(sheet[key]) ? 1 : 0, missing: ['completeness.section', { key }] });
  }
  for (const key of ['leviers_changement', 'leviers_politiques_publiques', 'contraintes', 'recommandations'] as const) {
    checks.push({ weight: 3, earned: filled(sheet[key]) ? 1 : 0, missing: ['completeness.section', { key }] });
  }
  const criteria = (sheet.bonne_pratique?.criteres ?? {}) as Record<string, { evaluation: string; justification?: string } | undefined>;
  const justified = FAO_CRITERIA.filter((k) => criteria[k] && (criteria[k]!.evaluation === 'sans-objet' || filled(criteria[k]!.justification))).length;
  checks.push({ weight: 14, earned: justified / FAO_CRITERIA.length, missing: ['completeness.criteria', { done: justified, total: FAO_CRITERIA.length }] });
  checks.push({ weight: 2, earned: sheet.bonne_pratique?.maturite ? 1 : 0, missing: ['completeness.maturity'] });
  const perceptions = sheet.perceptions ?? [];
  const backed = perceptions.filter((p) => p.appreciation === 'non-renseignee' || (p.citations?.length ?? 0) > 0 || filled(p.preuves)).length;
  // no perceptions yet: « section perceptions vide » says it, not « 0/0 »
  checks.push({ weight: 10, earned: perceptions.length ? backed / perceptions.length : 0, missing: perceptions.length ? ['completeness.backed', { done: backed, total: perceptions.length }] : undefined });
  const heard = new Set<string>([...perceptions.map((p) => p.type_acteur), ...(sheet.collecte?.acteurs_non_entendus ?? []).map((a) => a.type_acteur)]);
  for (const [group, types] of Object.entries(ACTOR_GROUPS)) {
    checks.push({ weight: 3, earned: types.some((x) => heard.has(x)) ? 1 : 0, missing: ['completeness.group', { group: t(`quality.group.${group}`) }] });
  }
  const interviews = sheet.collecte?.entretiens ?? [];
  checks.push({ weight: 3, earned: interviews.length > 0 ? 1 : 0, missing: ['completeness.interviews'] });
  const codes = new Set(interviews.map((e) => e.code));
  const quotes = perceptions.flatMap((p) => p.citations ?? []);
  const goodQuotes = quotes.filter((q) => codes.has(q.informateur) && (q.langue === 'fr' || filled(q.traduction))).length;
  checks.push({
    weight: 3,
    earned: quotes.length ? goodQuotes / quotes.length : 0,
    missing: quotes.length ? ['completeness.quotes', { done: goodQuotes, total: quotes.length }] : perceptions.length ? ['completeness.noQuotes'] : undefined,
  });
  const words = narrativeWords(sheet);
  checks.push({ weight: 5, earned: words / TOTAL_BOUNDS[0], missing: ['completeness.words', { words, min: TOTAL_BOUNDS[0] }] });
  return score(checks);
}

/**
 * The completeness of an OSIM sheet, out of 100: association (10: half for the name and seat the
 * schema requires, half for the year of creation and the département), governance (15), territory of
 * origin with douars and partner association (15, half each), networks (10), domains (10), projects (15),
 * partners (10), characterised practices — at least three (10), lessons (5).
 */
export function osimCompleteness(sheet: OsimSheet): Completeness {
  const association = sectionCheck(10, 'association', sheet.association, ['annee_creation', 'siege.departement']);
  const checks: Check[] = [
    // name and seat are required by the schema: half the points; the year and the département the rest
    { ...association, earned: 0.5 + 0.5 * association.earned },
    { weight: 15, earned: filled(sheet.gouvernance) ? 1 : 0, missing: ['completeness.section', { key: 'gouvernance' }] },
    // province and communes are required by the schema: the points go to the douars and the partner association
    sectionCheck(15, 'territoire_origine', sheet.territoire_origine, ['douars', 'association_partenaire']),
    { weight: 10, earned: filled(sheet.reseaux) ? 1 : 0, missing: ['completeness.section', { key: 'reseaux' }] },
    { weight: 10, earned: filled(sheet.domaines) ? 1 : 0, missing: ['completeness.section', { key: 'domaines' }] },
    { weight: 15, earned: filled(sheet.projets) ? 1 : 0, missing: ['completeness.section', { key: 'projets' }] },
    { weight: 10, earned: filled(sheet.partenaires) ? 1 : 0, missing: ['completeness.section', { key: 'partenaires' }] },
    { weight: 10, earned: Math.min(1, (sheet.pratiques?.length ?? 0) / 3), missing: ['completeness.practices', { count: sheet.pratiques?.length ?? 0 }] },
    { weight: 5, earned: filled(sheet.enseignements) ? 1 : 0, missing: ['completeness.section', { key: 'enseignements' }] },
  ];
  return score(checks);
}
