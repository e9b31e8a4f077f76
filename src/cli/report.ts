import path from 'node:path';
import chalk, { Chalk } from 'chalk';
import type { CliIo } from './io.js';
import { checkPaths, type CheckResult } from '../link/check.js';
import { outputDir, type Edition } from '../link/config.js';
import { editionSuffix } from '../view/edition.js';
import { viewContext } from '../view/index.js';
import { buildReportView, REPORT_ID } from '../view/report.js';
import type { ReSheet } from '../types/index.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { version } from '../util/identity.js';
import { prepareOutDir } from '../util/out-dir.js';
import { writeAtomic } from '../util/atomic-write.js';
import { parseFormats } from '../util/formats.js';
import { isInterrupted } from '../util/cleanup.js';
import type { PdfRenderer } from '../render/pdf.js';

/** Options of `capi report`. */
export interface ReportOptions {
  /** Output folder given on the command line (relative to the current folder); else the config's `sortie`. */
  out?: string;
  format: string;
  /** The edition asked for; else each edition of the config's `editions`. */
  edition?: Edition;
}

/**
 * `capi report [paths…] --out DIR --format pdf,docx [--edition interne|publique]`: the fieldwork report
 * (*rapport de déroulement*) of the RE sheets under `paths`, aggregated from their `collecte`, written
 * as `rapport-deroulement.pdf` / `.docx` (and `.html` when asked; the public edition
 * `rapport-deroulement-publique.*`) in DIR, each file atomically — for the edition asked for, else for
 * each edition of the configuration's `editions`. Without `--out`, DIR is the configuration's `sortie`.
 * RE sheets with errors are left out, each named on a warning line; OSIM sheets are ignored. The
 * browser is found before anything is written; one browser prints the PDF.
 *
 * @returns 0 report written from every RE sheet, 1 some sheets left out (or a format failed);
 *   throws UserError (exit 2) when capi cannot run: bad option, no browser (no RE sheet in `paths`: a note, exit 0)
 */
export async function runReport(paths: string[], options: ReportOptions, io: CliIo): Promise<number> {
  const started = Date.now();
  const formats = parseFormats(options.format);
  const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });
  const result = await checkPaths(paths, io.cwd, { quiet: true });
  const outDir = outputDir(result.config, options.out, io.cwd);

  const asked = new Set(result.files);
  const reFiles = result.sheets.filter((s) => asked.has(s.absPath) && s.kind === 're');
  // files asked for that could not be read as a sheet of a known kind but have errors (a broken RE sheet)
  const broken = result.files.filter((f) => result.failed.has(f) && !result.sheets.some((s) => s.absPath === f && s.kind === 'osim'));
  // no RE sheet at all (a new workspace): nothing to report is no failure
  if (reFiles.length === 0 && broken.length === 0) {
    io.stderr.write(`${t('report.noReSheets', { path: (paths.length ? paths : ['.']).join(', ') })}\n`);
    return 0;
  }

  const errorsIn = (file: string) => result.diagnostics.filter((d) => d.severity === 'error' && path.resolve(io.cwd, d.file) === file).length;
  for (const f of broken) {
    io.stderr.write(`${c.yellow('⚠')} ${t('report.leftOut', { file: displayPath(f, io.cwd), count: Math.max(1, errorsIn(f)) })}\n`);
  }
  const included = reFiles.filter((s) => !result.failed.has(s.absPath));
  if (included.length === 0) {
    io.stderr.write(`${c.red('✗')} ${t('report.allLeftOut')}\n`);
    return 1;
  }

  const sheets = included.map((s) => s.data as ReSheet);
  const editions = options.edition ? [options.edition] : result.config.editions;
  // the browser starts before anything is written: when it cannot, the run stops with its reason
  let renderer: PdfRenderer | undefined;
  if (formats.includes('pdf')) {
    const { PdfRenderer } = await import('../render/pdf.js');
    renderer = new PdfRenderer({ env: io.env });
    await renderer.open();
  }
  let failed = 0;
  try {
    await prepareOutDir(outDir, displayPath(outDir, io.cwd));
    for (const edition of editions) {
      if (editions.length > 1) io.stderr.write(`${t('render.edition', { edition })}\n`);
      failed += await writeReport(edition, { result, sheets, formats, outDir, renderer }, io);
    }
  } finally {
    await renderer?.close();
  }
  // interrupted (Ctrl+C, SIGTERM): the « Interrompu » line says it all; no summary of a report cut short
  if (isInterrupted()) return 130;
  const interviews = sheets.reduce((n, s) => n + (s.collecte?.entretiens?.length ?? 0), 0);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.stderr.write(`${t('report.summary', { sheets: sheets.length, interviews, leftOut: broken.length, seconds, out: displayPath(outDir, io.cwd) })}\n`);
  return broken.length > 0 || failed > 0 ? 1 : 0;
}

/**
 * Writes the report of one edition in each format asked for (`rapport-deroulement[-publique].*`).
 * @returns the number of formats that failed (each named on stderr)
 */
async function writeReport(
  edition: Edition,
  run: { result: CheckResult; sheets: ReSheet[]; formats: string[]; outDir: string; renderer?: PdfRenderer },
  io: CliIo,
): Promise<number> {
  const { result, sheets, formats, outDir, renderer } = run;
  const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });
  const valid = result.sheets.filter((s) => !result.failed.has(s.absPath) && s.kind !== null);
  const ctx = viewContext(valid, result.config, version(), { edition });
  const view = buildReportView(sheets, ctx);

  const written: string[] = [];
  let failed = 0;
  const fail = (format: string, error: unknown) => {
    failed += 1;
    // what the interruption cut short is no failure to report
    if (isInterrupted()) return;
    const reason = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${c.red('✗')} ${t('report.failed', { format, reason })}\n`);
  };
  const base = path.join(outDir, `${REPORT_ID}${editionSuffix(edition)}`);
  const pdfJob = async () => {
    if (!renderer) return;
    try {
      await renderer.render(view, `${base}.pdf`);
      written.push(`${base}.pdf`);
    } catch (error) {
      fail('PDF', error);
    }
  };
  const docxJob = async () => {
    if (!formats.includes('docx')) return;
    const { writeDocx } = await import('../render/docx.js');
    try {
      await writeDocx(view, `${base}.docx`);
      written.push(`${base}.docx`);
    } catch (error) {
      fail('DOCX', error);
    }
  };
  const htmlJob = async () => {
    if (!formats.includes('html')) return;
    const { renderHtml } = await import('../render/html.js');
    try {
      await writeAtomic(`${base}.html`, renderHtml(view));
      written.push(`${base}.html`);
    } catch (error) {
      fail('HTML', error);
    }
  };
  await Promise.all([pdfJob(), docxJob(), htmlJob()]);

  if (written.length) io.stdout.write(`${c.green('✓')} ${REPORT_ID} → ${written.map((f) => displayPath(f, io.cwd)).sort().join(', ')}\n`);
  return failed;
}
