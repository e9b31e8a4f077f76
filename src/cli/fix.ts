import { readFile } from 'node:fs/promises';
import path from 'node:path';
import chalk, { Chalk } from 'chalk';
import { createPatch } from 'diff';
import type { CliIo } from './io.js';
import { fixText, type FixNote } from '../edit/fix.js';
import { findSheetFiles } from '../link/workspace.js';
import { writeAtomic } from '../util/atomic-write.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import type { Diagnostic } from '../types/diagnostic.js';

/** What `fixFiles` did. */
export interface FixRun {
  /** Files changed (or that would be, with `dryRun`). */
  fixed: string[];
}

/**
 * `capi validate --fix [--dry-run]`, before the check: for each sheet of `paths` (UTF-8 text only), the
 * safe fixes of `edit/fix.ts`, shown as a unified diff (jsdiff) with one line per kind of fix, then
 * written atomically (`writeAtomic`: the old file or the new, never half) unless `dryRun`. A file with
 * nothing to fix is not written at all. Fixes refused by the check are named, for the person to make.
 *
 * @param out where the diff and the notes go (stdout for the text format, stderr when stdout holds a report)
 * @throws UserError (2) for paths that do not exist (from `findSheetFiles`); the file system's error on writing
 */
export async function fixFiles(paths: readonly string[], options: { dryRun?: boolean }, io: CliIo, out: { write(text: string): unknown }): Promise<FixRun> {
  const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });
  const files = await findSheetFiles(paths.length ? paths : ['.'], io.cwd);
  const fixed: string[] = [];
  for (const file of files) {
    const shown = displayPath(file, io.cwd);
    const bytes = await readFile(file);
    const text = utf8Text(bytes);
    if (text === undefined) {
      out.write(`${t('fix.notText', { file: shown })}\n`);
      continue;
    }
    const result = fixText(text);
    for (const note of result.refused) out.write(`${c.yellow(t('fix.refused', { file: shown, what: t(`fix.${note.code}`), lines: linesText(note) }))}\n`);
    if (result.applied.length === 0) continue;
    out.write(colourDiff(createPatch(shown, text, result.text, '', '', { context: 2 }), c));
    for (const note of result.applied) out.write(`${t(options.dryRun ? 'fix.wouldApply' : 'fix.applied', { file: shown, what: t(`fix.${note.code}`), lines: linesText(note) })}\n`);
    if (!options.dryRun) await writeAtomic(file, result.text);
    fixed.push(file);
  }
  if (fixed.length === 0) out.write(`${t('fix.none')}\n`);
  else if (options.dryRun) out.write(`${t('fix.dryRun')}\n`);
  return { fixed };
}

/** « ligne 9 », « lignes 3, 5, 8 » (at most ten numbers, then « … »). */
function linesText(note: FixNote): string {
  const shown = note.lines.slice(0, 10).join(', ') + (note.lines.length > 10 ? ', …' : '');
  return t('fix.lines', { count: note.lines.length, lines: shown });
}

/** The text of a UTF-8 file, or undefined for UTF-16, binary or invalid UTF-8 (capi validate says which). */
function utf8Text(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** A unified diff with removed lines in red and added lines in green (on a terminal). */
function colourDiff(patch: string, c: InstanceType<typeof Chalk>): string {
  // jsdiff's first line (« Index: … » and its rule) says nothing the ---/+++ lines do not
  const body = patch.replace(/^Index: .*\n=+\n/, '');
  return body
    .split('\n')
    .map((line) => (line.startsWith('+') && !line.startsWith('+++') ? c.green(line) : line.startsWith('-') && !line.startsWith('---') ? c.red(line) : line))
    .join('\n');
}

/** The fixer (edit/fix.ts `FIXERS` code) that repairs each diagnostic code; line endings are fixed for the whole file. */
const FIXER_OF: Readonly<Record<string, string>> = {
  'yaml.curly-quotes': 'curlyQuotes',
  'yaml.colon-in-value': 'colon',
  'photo.backslash': 'backslash',
  'yaml.bullet-in-item': 'bullet',
  'yaml.tab-indent': 'tabs',
  'text.cr-line-endings': 'lineEndings',
  'text.lone-cr': 'lineEndings',
  'text.mixed-line-endings': 'lineEndings',
};

/**
 * Keeps the advice « run capi validate --fix » only where `--fix` works: for each diagnostic with a
 * `manualHint` (a slip of a kind `--fix` repairs), runs the fixers on its file (in memory) and, when
 * they would leave that line (a value `--fix` cannot read safely), shows the manual hint instead.
 * `manualHint` is removed from every diagnostic (the reports do not carry it). Changes `diagnostics`.
 *
 * @param cwd the folder the diagnostics' `file` paths are relative to
 */
export async function adviseFixWhereItWorks(diagnostics: Diagnostic[], cwd: string): Promise<void> {
  const fixedLines = new Map<string, Map<string, Set<number>> | undefined>();
  for (const d of diagnostics) {
    if (d.manualHint === undefined) continue;
    if (!fixedLines.has(d.file)) fixedLines.set(d.file, await fixesOf(path.resolve(cwd, d.file)));
    const fixes = fixedLines.get(d.file);
    const fixer = FIXER_OF[d.code];
    const lines = fixer ? fixes?.get(fixer) : undefined;
    const works = lines !== undefined && (fixer === 'lineEndings' || lines.has(d.line));
    if (!works) d.hint = d.manualHint;
    delete d.manualHint;
  }
}

/** The lines each fixer would change in a file (by fixer code), or undefined when it is not UTF-8 text. */
async function fixesOf(file: string): Promise<Map<string, Set<number>> | undefined> {
  const text = utf8Text(await readFile(file).catch(() => Buffer.from([0])));
  if (text === undefined) return undefined;
  const out = new Map<string, Set<number>>();
  for (const note of fixText(text).applied) out.set(note.code, new Set(note.lines));
  return out;
}
