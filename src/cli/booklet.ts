import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import chalk, { Chalk, type ChalkInstance } from 'chalk';
import type { CliIo } from './io.js';
import { checkPaths, type CheckResult } from '../link/check.js';
import { outputDir, type Edition } from '../link/config.js';
import { editionSuffix } from '../view/edition.js';
import { formatDiagnosticLine } from '../validate/format.js';
import { buildView, sheetHeading, viewContext } from '../view/index.js';
import { bookletConfig, buildBookletView, selectBookletSheets, withoutSheets, type BookletSelection, type BookletSheet, type BookletView } from '../view/booklet.js';
import type { LoadedSheet } from '../load/sheet.js';
import type { PreparedPhotos } from '../render/photos.js';
import type { SheetView } from '../view/model.js';
import type { PdfRenderer } from '../render/pdf.js';
import type { ReSheet } from '../types/index.js';
import { UserError } from '../util/errors.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { version } from '../util/identity.js';
import { prepareOutDir } from '../util/out-dir.js';
import { onInterrupt } from '../util/cleanup.js';
import { parseBookletFormats } from '../util/formats.js';
import { loadGlossary, type GlossaryEntry } from '../link/glossary.js';
import { limitHeapGrowth } from '../util/heap.js';

/** Options of `capi booklet`. */
export interface BookletOptions {
  /** Output folder given on the command line (relative to the current folder); else the config's `sortie`. */
  out?: string;
  format: string;
  statut?: string;
  province?: string;
  secteur?: string;
  /** The edition asked for; else each edition of the config's `editions`. */
  edition?: Edition;
}

/**
 * `capi booklet [paths…] --out DIR [--format pdf,docx] [--statut validee] [--province P] [--secteur S]
 * [--edition interne|publique]`: one booklet (`recueil.pdf`, `recueil.docx`; the public edition
 * `recueil-publique.*`) of the selected RE sheets, per edition: the one asked for, else each edition of
 * the configuration's `editions`. Without `--out`, into the configuration's `sortie` (see `outputDir`).
 *
 * @returns 0 when every selected sheet is in the booklet; 1 when some had errors (or could not be
 *   drawn) and were left out — they are named; throws UserError (2) when capi cannot run or nothing
 *   is selected
 */
export async function runBooklet(paths: string[], options: BookletOptions, io: CliIo): Promise<number> {
  const started = Date.now();
  const formats = parseBookletFormats(options.format);
  // the browser starts while the sheets are checked and their views built (seconds, for a long booklet),
  // and before anything is written: when it cannot, the run stops with its reason (`ready`)
  let renderer: PdfRenderer | undefined;
  let opening: Promise<void> | undefined;
  if (formats.includes('pdf')) {
    const { PdfRenderer } = await import('../render/pdf.js');
    renderer = new PdfRenderer({ env: io.env, timeoutMs: 120_000 });
    opening = renderer.open();
    opening.catch(() => undefined);
  }
  try {
    return await assemble(paths, options, io, { formats, renderer, opening, started });
  } finally {
    // a browser still starting is closed once started
    await opening?.catch(() => undefined);
    await renderer?.close();
  }
}

/** `capi booklet` once its browser is starting: the sheets checked and selected, then each edition written. */
async function assemble(
  paths: string[],
  options: BookletOptions,
  io: CliIo,
  at: { formats: Array<'pdf' | 'docx'>; renderer?: PdfRenderer; opening?: Promise<void>; started: number },
): Promise<number> {
  const { formats, renderer, opening, started } = at;
  const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });
  const result = await checkPaths(paths, io.cwd, { quiet: true });
  const asked = new Set(result.files);
  // no RE sheet at all (a new workspace): nothing to assemble is no failure
  if (!result.sheets.some((s) => asked.has(s.absPath) && s.kind === 're') && !result.files.some((f) => result.failed.has(f))) {
    io.stderr.write(`${t('booklet.nothing', { path: (paths.length ? paths : ['.']).join(', ') })}\n`);
    return 0;
  }
  const selection = selectBookletSheets(
    result.sheets.filter((s) => asked.has(s.absPath)),
    result.failed,
    { statut: options.statut, province: options.province, secteur: options.secteur },
  );
  const editions = options.edition ? [options.edition] : result.config.editions;
  const outDir = outputDir(result.config, options.out, io.cwd);
  // a broken glossaire.yaml stops the run before anything starts (exit 2, located errors)
  const glossary = await loadGlossary(result.root, io.cwd);
  let prepared: Promise<void> | undefined;
  const ready = () =>
    (prepared ??= (async () => {
      await opening;
      await prepareOutDir(outDir, displayPath(outDir, io.cwd));
    })());
  const code = await writeEditions(editions, { result, selection, formats, outDir, renderer, ready, started, leftOut: 0, glossary }, io, paint(c));
  await ready();
  return code;
}

/** Red errors and yellow warnings, for diagnostic lines. */
const paint = (c: ChalkInstance) => (severity: 'error' | 'warning', s: string) => (severity === 'error' ? c.red.bold(s) : c.yellow(s));

/**
 * Names the selected sheets left out for their errors, then writes the booklet of each edition.
 * @returns 1 when a sheet was left out of an edition, else 0
 */
async function writeEditions(editions: readonly Edition[], run: BookletRun, io: CliIo, paintLine: ReturnType<typeof paint>): Promise<number> {
  const { result, selection } = run;
  const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });

  // the errors of the selected sheets that are left out
  const refusedFiles = new Set(selection.refused.map((s) => s.file));
  for (const d of result.diagnostics) if (d.severity === 'error' && refusedFiles.has(d.file)) io.stderr.write(`${formatDiagnosticLine(d, paintLine)}\n`);
  let leftOut = 0;
  for (const s of selection.refused) {
    leftOut += 1;
    io.stderr.write(`${c.red('✗')} ${t('booklet.refused', { file: displayPath(s.absPath, io.cwd) })}\n`);
  }
  // files that could not even be read (YAML syntax, encoding): they may belong to the selection
  const parsed = new Set(result.sheets.map((s) => s.absPath));
  for (const file of result.files.filter((f) => result.failed.has(f) && !parsed.has(f))) {
    const shown = displayPath(file, io.cwd);
    for (const d of result.diagnostics) if (d.severity === 'error' && d.file === shown) io.stderr.write(`${formatDiagnosticLine(d, paintLine)}\n`);
    leftOut += 1;
    io.stderr.write(`${c.red('✗')} ${t('booklet.unreadable', { file: shown })}\n`);
  }

  let code = 0;
  for (const edition of editions) {
    if (editions.length > 1) io.stderr.write(`${t('render.edition', { edition })}\n`);
    const failed = await writeBooklet(edition, { ...run, leftOut }, io);
    if (failed > 0) code = 1;
  }
  return code;
}

/** What every edition of one `capi booklet` run shares. */
interface BookletRun {
  result: CheckResult;
  selection: BookletSelection;
  formats: Array<'pdf' | 'docx'>;
  /** Output folder (absolute). */
  outDir: string;
  /** The PDF renderer (when a PDF is asked for), its browser started once `ready` has resolved. */
  renderer?: PdfRenderer;
  /** Waits for the browser to start, then makes the output folder (once); rejects with why either cannot be done. */
  ready: () => Promise<void>;
  /** Start of the run (`Date.now()`), for the summary. */
  started: number;
  /** Sheets of the selection already left out (errors), named before. */
  leftOut: number;
  /** The workspace glossary (`glossaire.yaml`), empty without one. */
  glossary: GlossaryEntry[];
}

/**
 * Writes the booklet of one edition (`recueil[-publique].docx`, then `.pdf`) and its summary line.
 * @returns the number of sheets left out of this edition (0 when every selected sheet is in)
 * @throws UserError (exit 2) when no sheet can be drawn
 */
async function writeBooklet(edition: Edition, run: BookletRun, io: CliIo): Promise<number> {
  const { result, selection } = run;
  const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });
  const valid = result.sheets.filter((s) => !result.failed.has(s.absPath) && s.kind !== null);
  const ctx = viewContext(valid, result.config, version(), { edition });
  // the public edition publishes validated sheets only, whatever --statut selects (as render does)
  const statusOf = (sheet: (typeof selection.sheets)[number]) => String((sheet.data as { statut?: string }).statut);
  const published = edition === 'publique' ? selection.sheets.filter((sheet) => statusOf(sheet) === 'validee') : selection.sheets;
  for (const sheet of selection.sheets.filter((sheet) => !published.includes(sheet))) {
    io.stderr.write(`${c.yellow('–')} ${t('render.notValidated', { file: displayPath(sheet.absPath, io.cwd), status: statusOf(sheet) })}\n`);
  }
  if (published.length === 0 && selection.sheets.length > 0) {
    io.stderr.write(`${c.yellow('–')} ${t('booklet.nothingPublished', { count: selection.sheets.length })}\n`);
    return run.leftOut;
  }
  if (published.length === 0) throw new UserError(t('booklet.nothingSelected', { count: selection.sheets.length + selection.refused.length, detail: t('booklet.nothingFilters', { filters: '—' }) }));
  // every photo from one prepared copy (upright, no metadata, print size), as `capi render` does; in a
  // temporary folder: the booklet's output folder holds the booklet only
  const photoDir = await mkdtemp(path.join(tmpdir(), 'capi-booklet-photos-'));
  const removePhotos = () => rm(photoDir, { recursive: true, force: true });
  const forget = onInterrupt(removePhotos);
  try {
    const sheets = bookletSheets(published, ctx, photoDir);
    // nothing is written nor printed before `ready`; the PDF's first documents are made while it waits
    return await writeBookletFiles(edition, run, io, sheets, ctx, run.leftOut);
  } finally {
    forget();
    await removePhotos();
  }
}

/**
 * The booklet's sheets as its contents and indexes need them (`sheetHeading`), each with its whole view
 * built when a renderer asks for it: the PDF prints a sheet as soon as its view is built instead of
 * after every sheet's, and memory holds the views being drawn, not all of them (the DOCX keeps them:
 * `keepViews`).
 */
function bookletSheets(sheets: readonly LoadedSheet[], ctx: ReturnType<typeof viewContext>, photoDir: string): BookletSheet[] {
  const prepared: PreparedPhotos = new Map();
  return sheets.map((sheet) => ({
    sheet: sheet.data as ReSheet,
    heading: sheetHeading(sheet, ctx),
    view: async (): Promise<SheetView> => {
      const view = buildView(sheet, ctx);
      const { preparePhotos } = await import('../render/photos.js');
      await preparePhotos([view], photoDir, prepared);
      return view;
    },
  }));
}

/** The booklet's DOCX then PDF (the formats asked for), from views whose photos are prepared. */
async function writeBookletFiles(
  edition: Edition,
  run: BookletRun,
  io: CliIo,
  sheets: BookletSheet[],
  ctx: ReturnType<typeof viewContext>,
  leftOutBefore: number,
): Promise<number> {
  const { result, formats, outDir, renderer, started } = run;
  let leftOut = leftOutBefore;
  const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });
  let book = buildBookletView(bookletConfig(result.config), sheets, ctx, run.glossary);
  const name = `recueil${editionSuffix(edition)}`;

  const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
  // DOCX first (no browser): a sheet whose photo cannot be used is found here and left out of both
  if (formats.includes('docx')) {
    await run.ready();
    const since = Date.now();
    const built = await keepViews(book);
    book = built.book;
    for (const [id, error] of built.failed) {
      leftOut += 1;
      io.stderr.write(`${c.red('✗')} ${t('booklet.failed', { id, format: formats.map((f) => f.toUpperCase()).join(', '), reason: error.message.split('\n')[0] ?? '' })}\n`);
    }
    if (book.entries.length === 0) throw new UserError(t('booklet.nothingSelected', { count: built.failed.size, detail: t('booklet.nothingFilters', { filters: '—' }) }));
    const { writeBookletDocx } = await import('../render/booklet-docx.js');
    const file = path.join(outDir, `${name}.docx`);
    await writeBookletDocx(book, file);
    io.stdout.write(`${c.green('✓')} ${t('booklet.writtenDocx', { format: 'DOCX', file: displayPath(file, io.cwd), count: book.entries.length, seconds: seconds(since) })}\n`);
  }
  if (formats.includes('pdf')) {
    // beside the browser, the sheets' garbage (HTML, printed bytes, parsed PDF) collected before it piles
    // up: ~130 MB less at the peak of 200 sheets; after the DOCX, whose one large document would be
    // collected more often for nothing; V8's default again afterwards (tests run booklets in-process)
    const restoreHeapGrowth = limitHeapGrowth();
    // the templates, the front and back matter's HTML and the first sheets' are made while the browser starts
    let since = Date.now();
    const ready = run.ready().then(() => {
      since = Date.now();
    });
    // a browser that cannot start: its reason comes from renderBookletPdf, never as an unhandled rejection
    ready.catch(() => undefined);
    const { renderBookletPdf } = await import('../render/booklet-pdf.js');
    const file = path.join(outDir, `${name}.pdf`);
    // written as it is merged, to a temporary file renamed over `file` once whole
    const pdf = await renderBookletPdf(book, { file }, { renderer, env: io.env, ready }).finally(restoreHeapGrowth);
    for (const [id, error] of pdf.failed) {
      leftOut += 1;
      io.stderr.write(`${c.red('✗')} ${t('booklet.failed', { id, format: 'PDF', reason: error.message.split('\n')[0] ?? '' })}\n`);
    }
    if (pdf.failed.size) book = withoutSheets(book, new Set(pdf.failed.keys()));
    io.stdout.write(`${c.green('✓')} ${t('booklet.written', { format: 'PDF', file: displayPath(file, io.cwd), pages: pdf.pages, count: pdf.starts.size, seconds: seconds(since) })}\n`);
  }
  io.stderr.write(`${t('booklet.summary', { count: book.entries.length, failed: leftOut, seconds: seconds(started), out: displayPath(outDir, io.cwd) })}\n`);
  return leftOut;
}

/**
 * Builds each entry's view once and keeps it (the DOCX holds every sheet anyway, and the PDF after it
 * takes the same views). A sheet whose view cannot be built — a photo that cannot be decoded, which
 * `validate`'s check of the file's header lets through — is left out of the booklet (and of its
 * contents and indexes), with the reason.
 */
async function keepViews(book: BookletView): Promise<{ book: BookletView; failed: Map<string, Error> }> {
  const failed = new Map<string, Error>();
  const entries: BookletView['entries'] = [];
  for (const entry of book.entries) {
    try {
      const view = await entry.view();
      entries.push({ ...entry, view: async () => view });
    } catch (error) {
      failed.set(entry.id, error instanceof Error ? error : new Error(String(error)));
    }
  }
  const kept = { ...book, entries };
  return { book: failed.size ? withoutSheets(kept, new Set(failed.keys())) : kept, failed };
}
