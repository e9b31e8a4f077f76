import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { CliIo } from './io.js';
import { UserError } from '../util/errors.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { applyReview, EditError, type ReviewChange } from '../edit/review.js';
import { isRecord, parseSheet } from '../load/sheet.js';
import { validateSheet } from '../validate/validate.js';
import { qualityDiagnostics } from '../validate/quality.js';
import { formatDiagnosticLine } from '../validate/format.js';
import { readSchema } from '../validate/schemas.js';
import { suggest } from '../util/text.js';
import { writeAtomic } from '../util/atomic-write.js';
import { loadConfig } from '../link/config.js';
import { findWorkspaceRoot } from '../link/workspace.js';
import { localDate } from '../util/dates.js';

/** Options of `capi review`. */
export interface ReviewOptions {
  statut?: string;
  commentaire?: string;
  champ?: string;
  relecteur?: string;
  resoudre?: string[];
  date?: string;
}

/**
 * The review cycle of fiches.md: `brouillon` → `soumise` → `a-reviser` → `validee`, and back to
 * `a-reviser`. Keys: the current status; values: the statuses it may move to.
 */
export const TRANSITIONS: Record<string, string[]> = {
  brouillon: ['soumise'],
  soumise: ['a-reviser', 'validee', 'brouillon'],
  'a-reviser': ['soumise', 'validee'],
  validee: ['a-reviser'],
};

/** Today in the coordinator's time zone (not UTC: see `localDate`). */
const today = () => localDate();

/** True for an ISO calendar date that exists (`2026-02-29` does not). */
function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * `capi review SHEET`: records the coordinator's review in the sheet itself — new status, decision,
 * reviewer and date, a comment on a field, comments marked resolved — editing only the lines concerned
 * (see `applyReview`). A sheet is not moved to `soumise` or `validee` while it has errors, nor to
 * `validee` while a comment is open; nothing is written then.
 *
 * @returns 0 written; 1 refused because of the sheet's content (errors listed); throws UserError (2)
 *   for bad options, an impossible transition, an unreadable file
 */
export async function runReview(file: string, options: ReviewOptions, io: CliIo): Promise<number> {
  const abs = path.resolve(io.cwd, file);
  const shown = displayPath(abs, io.cwd);
  let bytes: Buffer;
  try {
    bytes = await readFile(abs);
  } catch {
    throw new UserError(t('file.notFound', { path: file }));
  }
  // a broken capi.config.yaml of the sheet's workspace stops here, located (exit 2), before any change
  await loadConfig(findWorkspaceRoot(abs), io.cwd);
  const loaded = parseSheet(bytes, abs, shown);
  if (!loaded.sheet || loaded.sheet.kind === null || !isRecord(loaded.sheet.data)) {
    // the sheet's own fault (syntax, encoding, no `fiche:`): its errors, and exit 1
    const errors = loaded.diagnostics.length ? loaded.diagnostics : loaded.sheet ? validateSheet(loaded.sheet) : [];
    for (const d of errors) io.stderr.write(`${formatDiagnosticLine(d)}\n`);
    io.stderr.write(`${t('review.notASheet', { file: shown })}\n`);
    return 1;
  }
  const data = loaded.sheet.data;
  const current = typeof data.statut === 'string' ? data.statut : 'brouillon';
  const revue = isRecord(data.revue) ? data.revue : {};
  const comments = Array.isArray(revue.commentaires) ? revue.commentaires.filter(isRecord) : [];

  let opts = { ...options };
  const nothing = !opts.statut && !opts.commentaire && !(opts.resoudre?.length);
  if (nothing && io.interactive) opts = await ask(opts, current, comments);
  else if (nothing) throw new UserError(t('review.nothing'));

  const change: ReviewChange = {};
  if (opts.statut) {
    if (!TRANSITIONS[opts.statut] && !Object.values(TRANSITIONS).some((l) => l.includes(opts.statut!))) {
      const statuses = Object.keys(TRANSITIONS);
      const near = suggest(opts.statut, statuses);
      throw new UserError(t('review.badStatus', { value: opts.statut, list: statuses.join(', ') }) + (near ? ` ${t('schema.didYouMean', { value: near })}` : ''));
    }
    if (opts.statut === current) throw new UserError(t('review.sameStatus', { status: current }));
    if (!(TRANSITIONS[current] ?? []).includes(opts.statut)) {
      throw new UserError(t('review.transition', { from: current, to: opts.statut, allowed: (TRANSITIONS[current] ?? []).join(', ') || '—' }));
    }
    change.statut = opts.statut;
    if (opts.statut === 'a-reviser' || opts.statut === 'validee') change.decision = opts.statut;
  }
  if (opts.commentaire !== undefined) {
    if (!opts.champ) throw new UserError(t('review.needChamp'));
    const keys = Object.keys((readSchema(loaded.sheet.kind).properties ?? {}) as Record<string, unknown>);
    const top = opts.champ.split(/[.[\]]/)[0];
    if (!keys.includes(top)) {
      const near = suggest(top, keys);
      throw new UserError(t('review.badChamp', { value: opts.champ }) + (near ? ` ${t('schema.didYouMean', { value: near })}` : ''));
    }
    if (opts.commentaire.trim() === '') throw new UserError(t('review.emptyComment'));
    // deeper parts of the path must exist in the sheet (the top-level key may be a section still to write)
    const rest = opts.champ.split(/[.[\]]+/).filter(Boolean).slice(1);
    let node: unknown = data[top];
    const walked = [top];
    for (const part of rest) {
      const next = Array.isArray(node) && /^\d+$/.test(part) ? node[Number(part)] : isRecord(node) ? node[part] : undefined;
      if (next === undefined) throw new UserError(badChampPath(opts.champ, part, walked.join('.'), node));
      walked.push(part);
      node = next;
    }
    change.comment = { champ: opts.champ, texte: commentLines(opts.commentaire) };
  }
  if (opts.resoudre?.length) {
    const given = opts.resoudre.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    for (const g of given) if (!/^\d+$/.test(g)) throw new UserError(t('review.notANumber', { value: g }));
    change.resolve = given.map(Number);
    for (const n of change.resolve) {
      if (!Number.isInteger(n) || n < 1 || n > comments.length) throw new UserError(t('review.noComment', { number: String(n), count: comments.length }));
    }
  }
  const deciding = change.decision !== undefined || change.comment !== undefined;
  if (deciding) {
    const reviewer = opts.relecteur ?? (typeof revue.relecteur === 'string' ? revue.relecteur : undefined);
    if (!reviewer) throw new UserError(t('review.needReviewer'));
    change.relecteur = reviewer;
    if (opts.date && !isRealDate(opts.date)) throw new UserError(t('review.badDate', { value: opts.date }));
    change.date = opts.date ?? today();
    if (change.comment) change.comment = { ...change.comment, auteur: reviewer, date: change.date };
  }

  const text = bytes.toString('utf8');
  let updated: string;
  try {
    updated = applyReview(text, change);
  } catch (error) {
    if (error instanceof EditError) throw new UserError(t(error.key, error.params));
    throw error;
  }

  // the sheet as it would be: refused if the new status does not hold
  const next = parseSheet(Buffer.from(updated, 'utf8'), abs, shown);
  if (next.sheet && (change.statut === 'soumise' || change.statut === 'validee')) {
    const problems = [...validateSheet(next.sheet)];
    if (problems.length === 0) problems.push(...qualityDiagnostics(next.sheet));
    const errors = problems.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      for (const d of errors) io.stderr.write(`${formatDiagnosticLine(d)}\n`);
      io.stderr.write(`${t('review.refused', { file: shown, status: change.statut, count: errors.length })}\n`);
      return 1;
    }
  }
  await writeAtomic(abs, updated);
  const lines: string[] = [];
  if (change.statut) lines.push(t('review.done.status', { from: current, to: change.statut }));
  if (change.comment) lines.push(t('review.done.comment', { number: comments.length + 1, champ: change.comment.champ }));
  for (const n of change.resolve ?? []) lines.push(t('review.done.resolved', { number: n }));
  io.stdout.write(`${shown} : ${lines.join(' ; ')}.\n`);
  return 0;
}

/**
 * The text of a comment as stored: line breaks kept (a multi-line comment is written as a `|` block),
 * CRLF as LF, spaces and tabs inside a line made one space, each line trimmed, no blank line at either
 * end, and at most one blank line in a row.
 */
export function commentLines(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Interactive review: status, then comments to add, then comments to resolve. */
async function ask(opts: ReviewOptions, current: string, comments: Array<Record<string, unknown>>): Promise<ReviewOptions> {
  const { select, input, checkbox } = await import('./prompts.js');
  const out = { ...opts };
  const choices = [{ name: t('review.ask.keep', { status: current }), value: '' }, ...(TRANSITIONS[current] ?? []).map((s) => ({ name: s, value: s }))];
  out.statut = (await select({ message: t('review.ask.status'), choices })) || undefined;
  const open = comments.map((c, i) => ({ c, n: i + 1 })).filter(({ c }) => c.resolu !== true);
  if (open.length) {
    const picked = await checkbox({ message: t('review.ask.resolve'), choices: open.map(({ c, n }) => ({ name: `n° ${n} [${String(c.champ)}] ${String(c.texte)}`, value: String(n) })) });
    if (picked.length) out.resoudre = picked;
  }
  const texte = await input({ message: t('review.ask.comment') });
  if (texte.trim()) {
    out.commentaire = texte;
    out.champ = await input({ message: t('review.ask.champ'), default: 'contributions' });
  }
  if (!out.relecteur && (out.statut === 'a-reviser' || out.statut === 'validee' || out.commentaire)) {
    out.relecteur = (await input({ message: t('review.ask.reviewer') })).trim() || undefined;
  }
  return out;
}

/**
 * The message for a `--champ` path whose `part` is not in the sheet: what the sheet has at `at` (the
 * path up to there), so the example given is a path that exists in this sheet — never a fixed example
 * that may be the very path refused.
 */
function badChampPath(value: string, part: string, at: string, node: unknown): string {
  if (Array.isArray(node)) {
    if (node.length === 0) return t('review.badChampEmptyList', { value, part, at });
    return t('review.badChampIndex', { value, part, at, last: node.length - 1 });
  }
  const keys = isRecord(node) ? Object.keys(node) : [];
  if (keys.length === 0) return t('review.badChampLeaf', { value, part, at });
  return t('review.badChampKey', { value, part, at, keys: keys.join(', '), example: `${at}.${suggest(part, keys) ?? keys[0]}` });
}
