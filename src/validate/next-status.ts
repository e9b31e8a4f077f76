import type { Diagnostic } from './diagnostic.js';
import { isRecord, type LoadedSheet } from '../load/sheet.js';
import { pathKey, placeKey, relabel } from '../load/located.js';
import { validateAtStatus } from './validate.js';
import { qualityDiagnostic, qualityIssuesAt } from './quality.js';
import { t } from '../i18n/index.js';

/**
 * The stricter statuses a sheet may move to next, by current status (the review cycle of fiches.md, as
 * `capi review` enforces it: a move to `soumise` or `validee` is refused while the sheet, as it would
 * be, has errors). A test checks this table against `TRANSITIONS` in `cli/review.ts`.
 */
export const STRICT_NEXT: Readonly<Record<string, ReadonlyArray<'soumise' | 'validee'>>> = {
  brouillon: ['soumise'],
  'a-reviser': ['soumise', 'validee'],
  soumise: ['validee'],
};

/** 1-based numbers of the review comments not marked `resolu: true`. */
function openCommentNumbers(data: Record<string, unknown>): number[] {
  const revue = isRecord(data.revue) ? data.revue : {};
  const comments = Array.isArray(revue.commentaires) ? revue.commentaires : [];
  return comments.flatMap((c, i) => (isRecord(c) && c.resolu !== true ? [i + 1] : []));
}

/**
 * What `capi review --statut soumise|validee` would refuse, announced on the sheet as it is now: the
 * sheet is checked as if it had the next status (schema, then the coordinator's checklist, as review
 * does), and each error it does not already have becomes a warning « Pour soumettre : … » (or « Pour
 * valider : … »), its code prefixed with `next.` (`next.schema.required-for-status`,
 * `next.quality.total-short`, `next.open-comments`). A clean `validate` thus means the next status
 * change will be accepted.
 *
 * @param current the diagnostics the sheet already has (schema, places, photos, quality), not repeated;
 *   they must include the schema's: a sheet without errors is taken as valid at its own status
 * @returns warnings at the place of each problem; none for a sheet at `validee`, without a status, or
 *   that already has errors (they come first)
 */
export function nextStatusDiagnostics(sheet: LoadedSheet, current: readonly Diagnostic[]): Diagnostic[] {
  if (!isRecord(sheet.data) || sheet.kind === null || typeof sheet.data.statut !== 'string') return [];
  // errors first: what the next status asks comes once the sheet is valid as it is
  if (current.some((d) => d.severity === 'error')) return [];
  const seen = new Set(current.map((d) => `${d.code}|${placeKey(d)}|${d.message}`));
  const out: Diagnostic[] = [];
  for (const target of STRICT_NEXT[sheet.data.statut] ?? []) {
    // (the rules of the schema that depend on the status: the sheet is valid against the rest)
    const schema = validateAtStatus(sheet, sheet.kind, target);
    // open review comments: one warning for all of them, not one per comment
    const open = schema.filter((d) => d.code === 'schema.open-comment');
    if (open.length > 0 && !seen.has('open-comments')) {
      seen.add('open-comments');
      const numbers = openCommentNumbers(sheet.data);
      out.push(relabel(open[0], { severity: 'warning', code: 'next.open-comments', message: t('next.validee', { message: t('next.openComments', { count: numbers.length, numbers: numbers.join(', ') }) }), hint: t('next.openCommentsHint', { numbers: numbers.join(','), file: sheet.file }) }));
    }
    for (const d of schema) {
      if (d.code === 'schema.open-comment') continue;
      const key = `${d.code}|${placeKey(d)}|${d.message}`;
      if (d.severity !== 'error' || seen.has(key)) continue;
      seen.add(key);
      out.push(announce(d, target));
    }
    // the checklist's issues at the next status: a diagnostic is made only for one not already reported
    // (most are, as warnings at the current status)
    const quality = qualityIssuesAt(sheet, target);
    for (const issue of quality?.strict ? quality.issues : []) {
      const key = `${issue.code}|${pathKey(issue.path)}|${t(issue.code, issue.params)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(announce(qualityDiagnostic(sheet, issue, true), target));
    }
  }
  return out;
}

/** An error the sheet would have at status `target`, as the warning « Pour soumettre : … » (or « Pour valider : … ») at its place. */
function announce(d: Diagnostic, target: 'soumise' | 'validee'): Diagnostic {
  return relabel(d, {
    severity: 'warning',
    code: `next.${d.code}`,
    message: t(`next.${target}`, { message: d.message }),
    hint: d.code === 'schema.required-for-status' ? t('next.requiredForStatusHint', { status: target }) : d.hint,
  });
}
