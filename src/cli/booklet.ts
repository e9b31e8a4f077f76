import path from 'node:path';
import { availableParallelism } from 'node:os';
import chalk, { Chalk } from 'chalk';
import type { CliIo } from './io.js';
import { checkPaths } from '../link/check.js';
import { formatDiagnosticLine } from '../validate/format.js';
import { buildView, viewContext } from '../view/index.js';
import { buildBookletView, loadBookletConfig, selectBookletSheets, withoutSheets } from '../view/booklet.js';
import type { SheetView } from '../view/model.js';
import type { ReSheet } from '../types/index.js';
import { UserError } from '../util/errors.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { version } from './main.js';
import { prepareOutDir, writeAtomic } from './render.js';

/** Options of `capi booklet`. */
export interface BookletOptions {
  out: string;
  format: string;
  statut?: string;
  province?: string;
  secteur?: string;
  edition?: 'interne' | 'publique';
}

/**
 * Parses `--format` of the booklet: pdf, docx or both.
 * @throws UserError (exit 2) for anything else
 */
function parseBookletFormats(value: string): Array<'pdf' | 'docx'> {
  const list = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (list.length === 0 || list.some((f) => f !== 'pdf' && f !== 'docx')) {
    throw new UserError(t('booklet.badFormat', { format: list.find((f) => f !== 'pdf' && f !== 'docx') ?? value }));
  }
  return [...new Set(list)] as Array<'pdf' | 'docx'>;
}

/**
 * `capi booklet [paths…] --out DIR [--format pdf,docx] [--statut validee] [--province P] [--secteur S]
 * [--edition interne|publique]`: one booklet (`recueil.pdf`, `recueil.docx`) of the selected RE sheets.
 *
 * @returns 0 when every selected sheet is in the booklet; 1 when some had errors (or could not be
 *   drawn) and were left out — they are named; throws UserError (2) when capi cannot run or nothing
 *   is selected
 */
export async function runBooklet(paths: string[], options: BookletOptions, io: CliIo): Promise<number> {
  const started = Date.now();
  const formats = parseBookletFormats(options.format);
  const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });
  const result = await checkPaths(paths, io.cwd);
  const asked = new Set(result.files);
  const selection = selectBookletSheets(
    result.sheets.filter((s) => asked.has(s.absPath)),
    result.failed,
    { statut: options.statut, province: options.province, secteur: options.secteur },
  );
  const outDir = path.resolve(io.cwd, options.out);
  await prepareOutDir(outDir, options.out);
  let browserPath: string | undefined;
  if (formats.includes('pdf')) {
    const { findBrowser } = await import('../render/browser.js');
    browserPath = await findBrowser(io.env);
  }

  // the errors of the selected sheets that are left out
  const paint = (severity: 'error' | 'warning', s: string) => (severity === 'error' ? c.red.bold(s) : c.yellow(s));
  const refusedFiles = new Set(selection.refused.map((s) => s.file));
  for (const d of result.diagnostics) if (d.severity === 'error' && refusedFiles.has(d.file)) io.stderr.write(`${formatDiagnosticLine(d, paint)}\n`);
  let leftOut = 0;
  for (const s of selection.refused) {
    leftOut += 1;
    io.stderr.write(`${c.red('✗')} ${t('booklet.refused', { file: displayPath(s.absPath, io.cwd) })}\n`);
  }
  // files that could not even be read (YAML syntax, encoding): they may belong to the selection
  const parsed = new Set(result.sheets.map((s) => s.absPath));
  for (const file of result.files.filter((f) => result.failed.has(f) && !parsed.has(f))) {
    const shown = displayPath(file, io.cwd);
    for (const d of result.diagnostics) if (d.severity === 'error' && d.file === shown) io.stderr.write(`${formatDiagnosticLine(d, paint)}\n`);
    leftOut += 1;
    io.stderr.write(`${c.red('✗')} ${t('booklet.unreadable', { file: shown })}\n`);
  }

  const valid = result.sheets.filter((s) => !result.failed.has(s.absPath) && s.kind !== null);
  const ctx = viewContext(valid, result.root, version(), { edition: options.edition ?? 'interne' });
  const views: Array<{ view: SheetView; sheet: ReSheet }> = [];
  for (const sheet of selection.sheets) {
    try {
      views.push({ view: buildView(sheet, ctx), sheet: sheet.data as ReSheet });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      leftOut += 1;
      io.stderr.write(`${c.red('✗')} ${error.message}\n`);
    }
  }
  if (views.length === 0) throw new UserError(t('booklet.nothingSelected', { count: selection.sheets.length + selection.refused.length, detail: t('booklet.nothingFilters', { filters: '—' }) }));
  let book = buildBookletView(loadBookletConfig(result.root), views, ctx);

  const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
  // DOCX first (no browser): a sheet whose photo cannot be used is found here and left out of both
  if (formats.includes('docx')) {
    const since = Date.now();
    const { writeBookletDocx } = await import('../render/booklet-docx.js');
    const file = path.join(outDir, 'recueil.docx');
    await writeBookletDocx(book, file);
    io.stdout.write(`${c.green('✓')} ${t('booklet.writtenDocx', { format: 'DOCX', file: displayPath(file, io.cwd), count: book.entries.length, seconds: seconds(since) })}\n`);
  }
  if (formats.includes('pdf')) {
    const since = Date.now();
    const { renderBookletPdf } = await import('../render/booklet-pdf.js');
    const pdf = await renderBookletPdf(book, {
      browserPath,
      env: io.env,
      concurrency: Math.max(2, Math.min(4, availableParallelism() + 1)),
    });
    for (const [id, error] of pdf.failed) {
      leftOut += 1;
      io.stderr.write(`${c.red('✗')} ${t('booklet.failed', { id, format: 'PDF', reason: error.message.split('\n')[0] ?? '' })}\n`);
    }
    if (pdf.failed.size) book = withoutSheets(book, new Set(pdf.failed.keys()));
    const file = path.join(outDir, 'recueil.pdf');
    await writeAtomic(file, Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength));
    io.stdout.write(`${c.green('✓')} ${t('booklet.written', { format: 'PDF', file: displayPath(file, io.cwd), pages: pdf.pages, count: pdf.starts.size, seconds: seconds(since) })}\n`);
  }
  io.stderr.write(`${t('booklet.summary', { count: book.entries.length, failed: leftOut, seconds: seconds(started), out: displayPath(outDir, io.cwd) })}\n`);
  return leftOut > 0 ? 1 : 0;
}
