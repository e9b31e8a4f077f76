import type { Diagnostic } from './diagnostic.js';
import { isRecord, type DataPath, type LoadedSheet } from '../load/sheet.js';
import { diagnosticAt } from '../load/located.js';
import type { ReSheet, OsimSheet } from '../types/index.js';
import { enumLabel } from './schemas.js';
import { isSpaceCode } from '../util/chars.js';
import { t } from '../i18n/index.js';

/**
 * The coordinator's quality check (fiches.md, « The coordinator's quality check »), beyond the schema.
 * Each rule is a warning on a draft (`brouillon`, `a-reviser`) and an error on a sheet marked `soumise`
 * or `validee`.
 */

/** Actor groups the call for applications asks to hear: the commune, local associations, beneficiaries. */
export const ACTOR_GROUPS: Record<string, string[]> = {
  commune: ['elu-communal', 'technicien-communal', 'autorite-locale'],
  associations: ['association-villageoise', 'cooperative'],
  beneficiaires: ['beneficiaire', 'femmes', 'jeunes'],
};

/** The seven FAO good-practice criteria (keys of `bonne_pratique.criteres`). */
export const FAO_CRITERIA = ['resultats_prouves', 'durable', 'sensible_genre', 'techniquement_faisable', 'participatif', 'reproductible', 'reduction_risques'] as const;

/** Word-count bounds of narrative sections (min, max), in words; FAO asks 2,000–4,000 for a whole write-up. */
export const SECTION_BOUNDS: Record<string, [number, number]> = {
  contexte: [60, 900],
  'description.etapes': [40, 900],
  'description.ressources': [20, 600],
  valeur_ajoutee: [40, 700],
  contraintes: [20, 700],
  enseignements: [40, 900],
};
/** Bounds of the whole sheet's narrative text, in words. */
export const TOTAL_BOUNDS: [number, number] = [800, 6000];

/** Phone numbers (Moroccan, French, international) and e-mail addresses: personal data in prose. */
const PHONE = /(?:\+|00)\d{2,3}[\s.-]?\(?\d\)?(?:[\s.-]?\d{2}){4}\b|\b0[5-7](?:[\s.-]?\d{2}){4}\b|\b0[1-9](?:[\s.]\d{2}){4}\b/;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

/** Rules about content not written yet: not reported on a `brouillon`. */
const MISSING_CODES = new Set(['quality.actor-not-heard', 'quality.criteria-missing', 'quality.criterion-missing']);

/** A quality problem, before it gets a severity and a position. */
export interface QualityIssue {
  code: string;
  path: DataPath;
  params: Record<string, string | number>;
}

/** Words of a text (letters or digits runs; Arabic and Tifinagh count too). */
export function countWords(text: string | null | undefined): number {
  if (!text) return 0;
  // whitespace-separated tokens holding a letter or a digit (« d'eau » and « c'est » are one word each,
  // as Word counts them; « — » is none). Plain code ranges, one pass over the character codes: no
  // token strings are made (splitting every text of a thousand sheets kept the garbage collector busy).
  let n = 0;
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpaceCode(c)) counted = false;
    else if (!counted && isWordish(c)) {
      counted = true;
      n += 1;
    }
  }
  return n;
}

/** The code units of `WORDISH`: ASCII letters and digits, Latin letters with accents, Arabic, Tifinagh. */
function isWordish(c: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return (c >= 0xc0 && c <= 0x24f) || (c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff) || (c >= 0x2d30 && c <= 0x2d7f);
}

function get(data: unknown, path: string): unknown {
  let v: unknown = data;
  for (const k of path.split('.')) v = isRecord(v) ? v[k] : undefined;
  return v;
}

/**
 * Calls `visit` with every string of a value and its path (for the personal-data scan). `path` is one
 * array, changed as the walk goes: `visit` copies it to keep it.
 */
function eachString(value: unknown, path: DataPath, visit: (text: string, path: DataPath) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      eachString(value[i], path, visit);
      path.pop();
    }
  } else if (isRecord(value)) {
    for (const k of Object.keys(value)) {
      path.push(k);
      eachString(value[k], path, visit);
      path.pop();
    }
  }
}

/** Phone numbers and e-mail addresses in the texts of a sheet (but `auteurs` and `revue`, and the paths `skip` says). */
function personalDataIssues(sheet: object, skip: (path: DataPath) => boolean = () => false): QualityIssue[] {
  const issues: QualityIssue[] = [];
  for (const [k, v] of Object.entries(sheet)) {
    if (k === 'auteurs' || k === 'revue') continue;
    eachString(v, [k], (text, path) => {
      // (every phone number has two digits in a row, every address an « @ »: a cheap test first)
      const phone = /\d\d/.test(text) ? PHONE.exec(text) : null;
      const email = text.includes('@') ? EMAIL.exec(text) : null;
      if ((!phone && !email) || skip(path)) return;
      if (phone) issues.push({ code: 'quality.phone', path: [...path], params: { found: phone[0] } });
      if (email) issues.push({ code: 'quality.email', path: [...path], params: { found: email[0] } });
    });
  }
  return issues;
}

/** The narrative sections of `SECTION_BOUNDS`, read from a sheet (each a text or undefined). */
function sectionTexts(sheet: ReSheet): Array<[string, unknown]> {
  return Object.keys(SECTION_BOUNDS).map((key) => [key, get(sheet, key)]);
}

/**
 * Total narrative words of an RE sheet: its `SECTION_BOUNDS` sections, the conditions of reproduction,
 * contributions, perceptions (points, evidence, quotes in French), recommendations, levers and the
 * criteria's justifications.
 */
export function narrativeWords(sheet: ReSheet): number {
  return sectionTexts(sheet).reduce((n, [, text]) => n + countWords(typeof text === 'string' ? text : undefined), 0) + otherNarrativeWords(sheet);
}

/**
 * The words of `narrativeWords` outside the `SECTION_BOUNDS` sections (which `reContentIssues` counts
 * once for both rules). Plain loops: building one array of every text per sheet cost more than counting.
 */
function otherNarrativeWords(sheet: ReSheet): number {
  let n = countWords(sheet.bonne_pratique?.conditions_reproduction);
  for (const c of sheet.contributions ?? []) n += countWords(c.titre) + countWords(c.description) + countWords(c.preuves);
  for (const p of sheet.perceptions ?? []) {
    for (const point of p.points ?? []) n += countWords(point);
    n += countWords(p.preuves);
    for (const q of p.citations ?? []) n += countWords(q.traduction ?? q.texte);
  }
  for (const r of sheet.recommandations ?? []) n += countWords(r.texte);
  for (const l of sheet.leviers_politiques_publiques ?? []) n += countWords(l.description);
  for (const c of Object.values(sheet.bonne_pratique?.criteres ?? {})) n += countWords((c as { justification?: string }).justification);
  return n;
}

/**
 * The quality issues of an RE sheet (assumed valid against the schema). Rules: every appreciation
 * backed by a quote or evidence; the commune, local associations and beneficiaries heard or their
 * absence explained; every FAO criterion assessed and justified; no quote from an interview whose
 * consent is `sans-citation`, every quote's informant among the interviews; no phone number or e-mail
 * address in the text; section and total lengths within `SECTION_BOUNDS` and `TOTAL_BOUNDS`.
 */
export function reQualityIssues(sheet: ReSheet, statut: unknown = sheet.statut): QualityIssue[] {
  const { issues, total } = reContentIssues(sheet);
  const out = [...issues];
  if (statut !== 'brouillon' && total < TOTAL_BOUNDS[0]) out.push({ code: 'quality.total-short', path: ['statut'], params: { words: total, min: TOTAL_BOUNDS[0] } });
  if (total > TOTAL_BOUNDS[1]) out.push({ code: 'quality.total-long', path: ['statut'], params: { words: total, max: TOTAL_BOUNDS[1] } });
  return out;
}

/** The issues of `reContentIssues`, by sheet data: `validate` asks them for the status and the next ones. */
const contentIssues = new WeakMap<object, { issues: QualityIssue[]; total: number }>();

/** The quality issues of an RE sheet that do not depend on its status, and its narrative words. */
function reContentIssues(sheet: ReSheet): { issues: QualityIssue[]; total: number } {
  const known = contentIssues.get(sheet);
  if (known) return known;
  const issues: QualityIssue[] = [];
  const perceptions = sheet.perceptions ?? [];
  perceptions.forEach((p, i) => {
    if (p.appreciation !== 'non-renseignee' && !(p.citations?.length) && !(p.preuves && p.preuves.trim())) {
      issues.push({ code: 'quality.appreciation-unsupported', path: ['perceptions', i, 'appreciation'], params: { actor: enumLabel('re.schema.json#/$defs/type_acteur', p.type_acteur) } });
    }
  });
  const heard = new Set([...perceptions.map((p) => p.type_acteur)]);
  const explained = new Set((sheet.collecte?.acteurs_non_entendus ?? []).map((a) => a.type_acteur));
  for (const [group, types] of Object.entries(ACTOR_GROUPS)) {
    if (types.some((x) => heard.has(x as never) || explained.has(x as never))) continue;
    issues.push({ code: 'quality.actor-not-heard', path: ['perceptions'], params: { group: t(`quality.group.${group}`), types: types.join(', ') } });
  }
  const bp = sheet.bonne_pratique;
  if (!bp || !bp.criteres) {
    issues.push({ code: 'quality.criteria-missing', path: bp ? ['bonne_pratique'] : ['bonne_pratique'], params: {} });
  } else {
    for (const key of FAO_CRITERIA) {
      const c = (bp.criteres as Record<string, { evaluation: string; justification?: string } | undefined>)[key];
      if (!c) issues.push({ code: 'quality.criterion-missing', path: ['bonne_pratique', 'criteres'], params: { criterion: t(`quality.crit.${key}`) } });
      else if (c.evaluation !== 'sans-objet' && !(c.justification && c.justification.trim())) {
        issues.push({ code: 'quality.criterion-unjustified', path: ['bonne_pratique', 'criteres', key, 'evaluation'], params: { criterion: t(`quality.crit.${key}`) } });
      }
    }
  }
  const interviews = new Map((sheet.collecte?.entretiens ?? []).map((e) => [e.code, e]));
  perceptions.forEach((p, i) =>
    (p.citations ?? []).forEach((q, j) => {
      const e = interviews.get(q.informateur);
      if (!e) issues.push({ code: 'quality.quote-unknown-informant', path: ['perceptions', i, 'citations', j, 'informateur'], params: { code: q.informateur } });
      else if (e.consentement === 'sans-citation') issues.push({ code: 'quality.quote-without-consent', path: ['perceptions', i, 'citations', j, 'informateur'], params: { code: q.informateur } });
    }),
  );
  issues.push(...personalDataIssues(sheet));
  // each section's words counted once, for its bounds and for the total
  let total = otherNarrativeWords(sheet);
  for (const [key, value] of sectionTexts(sheet)) {
    if (typeof value !== 'string') continue;
    const n = countWords(value);
    total += n;
    if (value.trim() === '') continue;
    const [min, max] = SECTION_BOUNDS[key]!;
    if (n < min) issues.push({ code: 'quality.too-short', path: key.split('.'), params: { key, words: n, min } });
    if (n > max) issues.push({ code: 'quality.too-long', path: key.split('.'), params: { key, words: n, max } });
  }
  const result = { issues, total };
  contentIssues.set(sheet, result);
  return result;
}

/** Quality issues of an OSIM sheet: no phone number or e-mail address outside the association's site. */
export function osimQualityIssues(sheet: OsimSheet): QualityIssue[] {
  return personalDataIssues(sheet, (path) => path.join('.') === 'association.site_web');
}

/**
 * The quality issues of a loaded, schema-valid sheet judged at a status, and whether they are errors
 * (`soumise`, `validee`) or warnings (`brouillon`, `a-reviser`); what is missing is not reported on a
 * `brouillon`. Undefined for data that is no sheet.
 *
 * @param statut the status to judge the sheet at (default: its own)
 */
export function qualityIssuesAt(sheet: LoadedSheet, statut?: string): { issues: QualityIssue[]; strict: boolean } | undefined {
  if (!isRecord(sheet.data) || sheet.kind === null) return undefined;
  const data = sheet.data as unknown as ReSheet | OsimSheet;
  const status = statut ?? data.statut;
  const issues = sheet.kind === 're' ? reQualityIssues(data as ReSheet, status) : osimQualityIssues(data as OsimSheet);
  // a draft is unfinished by definition: what is missing is not reported yet, what is written is
  return { issues: status === 'brouillon' ? issues.filter((i) => !MISSING_CODES.has(i.code)) : issues, strict: status === 'soumise' || status === 'validee' };
}

/**
 * The diagnostic of one quality issue of `sheet`: an error when `strict`, else a warning; located on
 * first read (`diagnosticAt`): a warning `validate -q` does not print needs no position.
 */
export function qualityDiagnostic(sheet: LoadedSheet, issue: QualityIssue, strict: boolean): Diagnostic {
  return diagnosticAt(sheet, issue.path, {
    severity: strict ? 'error' : 'warning',
    code: issue.code,
    message: t(issue.code, issue.params),
    hint: t(`${issue.code}.hint`, issue.params),
  });
}

/**
 * The quality diagnostics of a loaded, schema-valid sheet: warnings on a draft (`brouillon`,
 * `a-reviser`), errors on a sheet marked `soumise` or `validee` (see `qualityIssuesAt`).
 *
 * @param statut the status to judge the sheet at (default: its own; the rules that do not depend on it
 *   are worked out once per sheet)
 */
export function qualityDiagnostics(sheet: LoadedSheet, statut?: string): Diagnostic[] {
  const shown = qualityIssuesAt(sheet, statut);
  return shown ? shown.issues.map((issue) => qualityDiagnostic(sheet, issue, shown.strict)) : [];
}
