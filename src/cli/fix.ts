import { readFile } from 'node:fs/promises';
import chalk, { Chalk } from 'chalk';
import { createPatch } from 'diff';
import type { CliIo } from './io.js';
import { fixText, type FixNote } from '../edit/fix.js';
import { findSheetFiles } from '../link/workspace.js';
import { writeAtomic } from '../util/atomic-write.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';

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
