/**
 * One pass of `capi render` (`./render.ts`; `./watch.ts` runs one per change), in its steps: read and
 * select the sheets (`selectSheets`), build their views (`buildViews`), decide from the render cache what
 * to produce again (`openCache`, `decide`), start the browser before anything is written (`startRenderer`),
 * run the PDF, DOCX and HTML jobs side by side (`runJobs`), then tell the summary (`summarize`). Given an
 * open DOCX pool (`capi render --format docx`, `./render.ts`), each sheet's DOCX goes to its workers as
 * soon as its view is built (`docxFeed`); what they say is told once the views are all built.
 */
import path from 'node:path';
import chalk, { Chalk, type ChalkInstance } from 'chalk';
import { CACHE_FILE, type RenderCache } from '../render/cache.js';
import type { DocxPool } from '../render/docx-pool.js';
import type { PreparedPhotos } from '../render/photos.js';
import type { PdfRenderer } from '../render/pdf.js';
import { isInterrupted } from '../util/cleanup.js';
import type { CliIo } from './io.js';
import { checkPaths, type CheckResult } from '../link/check.js';
import { outputDir, type Edition } from '../link/config.js';
import { editionSuffix } from '../view/edition.js';
import { formatDiagnosticLine } from '../validate/format.js';
import { buildView, drawingProblems, viewContext, type ViewContext } from '../view/index.js';
import type { SheetView } from '../view/model.js';
import { fsReason, UserError } from '../util/errors.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { version } from '../util/identity.js';
import { prepareOutDir } from '../util/out-dir.js';
import { writeAtomic } from '../util/atomic-write.js';
import { parseFormats, type RenderFormat } from '../util/formats.js';
import { suggest } from '../util/text.js';
import { createProgress, type Progress } from './progress.js';

/** Options of `capi render`. */
export interface RenderOptions {
  /** Output folder given on the command line (relative to the current folder); else the config's `sortie`. */
  out?: string;
  format: string;
  doubleRegard?: string;
  /** The edition asked for; else the config's `editions` (each rendered in turn), else `interne`. */
  edition?: Edition;
  relecture?: boolean;
  /** Render, then watch the sheets and render again the one that changed (`./watch.js`). */
  watch?: boolean;
  /** Ignore the render cache: produce every file again. */
  force?: boolean;
  /** `i/n`: render only the i-th of n equal slices of the sheets (CI matrices share the work). */
  shard?: string;
}

/**
 * Parses `--shard i/n` (1 ≤ i ≤ n).
 * @throws UserError (exit 2) for anything else
 */
export function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UserError(t('render.badShard', { value }));
  return { index, count };
}

/** The i-th of n slices of a list (sorted by id first), as equal as can be: sizes differ by one at most. */
export function shardOf<T extends { id: string }>(items: readonly T[], shard: { index: number; count: number }): T[] {
  const sorted = [...items].sort((a, b) => a.id.localeCompare(b.id));
  const start = Math.floor(((shard.index - 1) * sorted.length) / shard.count);
  const end = Math.floor((shard.index * sorted.length) / shard.count);
  return sorted.slice(start, end);
}

/** What a render pass shares with the ones before it (`capi render --watch`). */
export interface RenderSession {
  /** An open PDF renderer, kept open between passes (not closed by the pass). */
  renderer?: PdfRenderer;
  /** The browser found by the first pass. */
  browserPath?: string;
  /** Adds `<meta http-equiv="refresh">` with this many seconds to the HTML files (a preview tab reloads). */
  refreshSeconds?: number;
  /** Extra formats written whatever `--format` says (watch mode: always HTML). */
  extraFormats?: RenderFormat[];
  /** Hears each view built from a sheet file (watch mode: which photos a sheet shows). */
  onView?(sheetFile: string, view: SheetView): void;
}

/** What a pass is given by the passes or the command before it. */
export interface PriorWork {
  /** The sheets already checked (else they are checked by the pass). */
  checked?: CheckResult;
  /** The sheets' errors were printed by an earlier pass (another edition). */
  errorsShown?: boolean;
  /** An open DOCX pool (its workers started early): the pass's DOCX go to it, each as soon as its view is built. */
  docxPool?: DocxPool;
}

/** What the first step of a pass settled, carried through the next ones. */
interface Pass {
  started: number;
  options: RenderOptions;
  io: CliIo;
  session: RenderSession;
  c: ChalkInstance;
  formats: RenderFormat[];
  result: CheckResult;
  edition: Edition;
  outDir: string;
  /** The browser to print with, when PDF is asked for and no renderer is open yet. */
  browserPath?: string;
  /** Sheets refused so far: with errors, or whose view could not be built. */
  refused: number;
  /** The sheets' errors were printed by an earlier pass (another edition). */
  errorsShown: boolean;
  /** The photos prepared so far in this pass (`photosOf`). */
  preparedPhotos?: PreparedPhotos;
}

/**
 * One render of `paths` in one edition (see `runRender`); `session` carries what a watch session keeps
 * between passes; `prior.checked` the sheets already checked (else they are checked here), and
 * `prior.errorsShown` when their errors were printed by an earlier pass. Without `options.edition`,
 * the first edition of the configuration (`interne` with `relecture`).
 *
 * @returns 0 all rendered (or nothing to render), 1 some sheets refused or failed, 130 interrupted;
 *   throws UserError (2) when capi cannot run (bad option, output folder, no browser)
 */
export async function renderPass(paths: string[], options: RenderOptions, io: CliIo, session: RenderSession = {}, prior: PriorWork = {}): Promise<number> {
  const pass = await selectSheets(paths, options, io, session, prior);
  if (!pass) return 0;
  const decision = await openCache(pass);
  const feed = prior.docxPool && pass.formats.includes('docx') ? docxFeed(pass, prior.docxPool) : undefined;
  // the DOCX of a sheet are started as soon as its view is built (not with --shard nor --double-regard,
  // whose views are chosen once they are all built)
  const pipelined = feed && !options.shard && !options.doubleRegard ? (view: SheetView) => startDocx(pass, decision, feed, view) : undefined;
  const views = await buildViews(pass, pipelined);
  for (const view of views) decide(pass, decision, view);
  const renderer = await startRenderer(pass, decision.outdated);
  const failedIds = await runJobs(pass, views, decision, renderer, feed);
  // interrupted: the « Interrompu » line is the last word (no summary of work cut short)
  if (isInterrupted()) return 130;
  return summarize(pass, views, failedIds, decision.unchanged);
}

/** The file name of a sheet's output in this pass: `ID.pdf`, `ID-publique.pdf`, `ID-relecture.pdf`. */
function outFile(pass: Pass, id: string, format: string): string {
  // the review and public editions get their own names: a version with comments or codes never replaces the clean one
  const suffix = pass.options.relecture ? '-relecture' : editionSuffix(pass.edition);
  return path.join(pass.outDir, `${id}${suffix}.${format}`);
}

/**
 * Step 1, read and select: checks the options and the sheets (unless checked before), prepares the
 * output folder and finds the browser before anything is written, prints the errors of refused sheets.
 * @returns the pass, or undefined when there is no sheet at all (said on stderr: no failure)
 */
async function selectSheets(paths: string[], options: RenderOptions, io: CliIo, session: RenderSession, prior: PriorWork): Promise<Pass | undefined> {
  const started = Date.now();
  if (options.shard) parseShard(options.shard);
  // the review edition carries comments and codes: it is never public
  if (options.relecture && options.edition === 'publique') throw new UserError(t('render.relecturePublic'));
  const formats = [...new Set([...parseFormats(options.format), ...(session.extraFormats ?? [])])];
  const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });
  const result = prior.checked ?? (await checkPaths(paths, io.cwd, { quiet: true }));
  // a new workspace has no sheet yet: nothing to do is no failure (its CI must pass on the first push)
  if (result.files.length === 0) {
    io.stderr.write(`${t('render.nothing', { path: paths.length ? paths.join(', ') : '.' })}\n`);
    return undefined;
  }
  const edition: Edition = options.edition ?? (options.relecture ? 'interne' : (result.config.editions[0] ?? 'interne'));
  const outDir = outputDir(result.config, options.out, io.cwd);
  await prepareOutDir(outDir, displayPath(outDir, io.cwd));
  // no browser, no work: say so before writing anything
  let browserPath = session.browserPath;
  if (formats.includes('pdf') && !session.renderer && !browserPath) {
    const { findBrowser } = await import('../render/browser.js');
    browserPath = await findBrowser(io.env);
    session.browserPath = browserPath;
  }
  const paint = (severity: 'error' | 'warning', s: string) => (severity === 'error' ? c.red.bold(s) : c.yellow(s));
  const refusedFiles = result.files.filter((f) => result.failed.has(f));
  if (!prior.errorsShown) {
    for (const d of result.diagnostics) if (d.severity === 'error') io.stderr.write(`${formatDiagnosticLine(d, paint)}\n`);
    for (const f of refusedFiles) io.stderr.write(`${c.red('✗')} ${t('render.refused', { file: displayPath(f, io.cwd) })}\n`);
  }
  return { started, options, io, session, c, formats, result, edition, outDir, browserPath, refused: refusedFiles.length, errorsShown: Boolean(prior.errorsShown) };
}

/**
 * Step 2, the views: one per selected sheet (or per OSIM sheet asked for with `--double-regard`); the
 * public edition keeps validated sheets only (the others are named, not counted as failures). Oversized
 * photos get scaled copies next to the outputs, and `--shard` keeps its slice. `built` hears each view
 * of a selected sheet as soon as it is built (not those of `--double-regard`).
 */
async function buildViews(pass: Pass, built?: (view: SheetView) => Promise<void>): Promise<SheetView[]> {
  const { result, options, io, c, edition } = pass;
  const valid = result.sheets.filter((s) => !result.failed.has(s.absPath) && s.kind !== null);
  const ctx = viewContext(valid, result.config, version(), { edition, review: Boolean(options.relecture) });
  const refuse = (error: unknown) => {
    if (!(error instanceof UserError)) throw error;
    pass.refused += 1;
    io.stderr.write(`${c.red('✗')} ${error.message}\n`);
  };
  const views: SheetView[] = [];
  if (options.doubleRegard) {
    views.push(...(await doubleRegardViews(pass, options.doubleRegard, valid, ctx, refuse)));
  } else {
    const statusOf = (s: (typeof valid)[number]) => (s.data as { statut?: string }).statut;
    const asked = valid.filter((s) => result.files.includes(s.absPath));
    // not a failure: the public edition is made of validated sheets, the others are named and left out
    const unpublished = edition === 'publique' ? asked.filter((s) => statusOf(s) !== 'validee') : [];
    for (const s of unpublished) io.stderr.write(`${c.yellow('–')} ${t('render.notValidated', { file: s.file, status: String(statusOf(s)) })}\n`);
    for (const sheet of asked.filter((s) => !unpublished.includes(s))) {
      let view: SheetView;
      try {
        view = buildView(sheet, ctx);
        views.push(view);
        pass.session.onView?.(sheet.absPath, view);
      } catch (error) {
        refuse(error);
        continue;
      }
      await built?.(view);
    }
  }
  // every photo: an upright, stripped copy at print size next to the outputs (the researcher's files are
  // never changed); those of the views already started (`built`) are prepared, and left as they are
  if (pass.formats.includes('pdf') || pass.formats.includes('docx')) await photosOf(pass, views);
  if (!options.shard) return views;
  const shard = parseShard(options.shard);
  const kept = new Set(shardOf(views, shard).map((v) => v.id));
  const slice = views.filter((v) => kept.has(v.id));
  io.stderr.write(`${t('render.shard', { index: shard.index, count: shard.count, sheets: slice.length })}\n`);
  return slice;
}

/**
 * The combined documents of `--double-regard`, one per OSIM id asked for. The RE sheets drawn in a document
 * were not all checked (only the paths given were): a photo problem is told located, once per sheet, and
 * that document is left out (counted as refused); the others go on.
 */
async function doubleRegardViews(pass: Pass, value: string, valid: CheckResult['sheets'], ctx: ViewContext, refuse: (error: unknown) => void): Promise<SheetView[]> {
  const { io, c } = pass;
  const { buildDoubleRegardView } = await import('../view/double-regard.js');
  const files = new Map(valid.map((s) => [String((s.data as { id: string }).id), { abs: s.absPath, display: s.file }]));
  const problems = new Map(valid.filter((s) => s.kind === 're').map((s) => [String((s.data as { id: string }).id), drawingProblems(s, ctx)]));
  const paint = (severity: 'error' | 'warning', text: string) => (severity === 'error' ? c.red.bold(text) : c.yellow(text));
  const told = new Set<string>();
  const views: SheetView[] = [];
  for (const id of doubleRegardIds(value, [...ctx.osim.keys()].sort())) {
    const blocking = [...ctx.re.values()].filter((r) => r.osim.includes(id) && problems.get(r.id)?.length).map((r) => r.id);
    if (blocking.length) {
      pass.refused += 1;
      for (const re of blocking.filter((x) => !told.has(x))) {
        told.add(re);
        if (!pass.errorsShown) for (const d of problems.get(re)!) io.stderr.write(`${formatDiagnosticLine(d, paint)}\n`);
      }
      io.stderr.write(`${c.red('✗')} ${t('render.doubleRegardRefused', { id, sheets: blocking.join(', ') })}\n`);
      continue;
    }
    try {
      views.push(buildDoubleRegardView(id, ctx, files)!);
    } catch (error) {
      refuse(error);
    }
  }
  return views;
}

/**
 * The OSIM ids of `--double-regard` (`all`: every OSIM sheet of the workspace).
 * @throws UserError (exit 2) for an id no OSIM sheet has, with the nearest id when one is close
 */
function doubleRegardIds(value: string, known: string[]): string[] {
  const wanted = value.trim() === 'all' ? known : value.split(',').map((x) => x.trim()).filter(Boolean);
  for (const id of wanted) {
    if (known.includes(id)) continue;
    const near = suggest(id, known);
    throw new UserError(t('render.unknownOsim', { id, list: known.join(', ') || '—' }) + (near ? ` ${t('schema.didYouMean', { value: near })}` : ''));
  }
  return wanted;
}

/**
 * The photos of `views` prepared for print (`preparePhotos`): an upright, stripped copy at print size in
 * `.capi-images/` of the output folder, shared by the views of the pass (`prepared`). A photo already
 * prepared (its file in that folder) is left as it is.
 */
async function photosOf(pass: Pass, views: SheetView[]): Promise<void> {
  const { preparePhotos } = await import('../render/photos.js');
  await preparePhotos(views, path.join(pass.outDir, '.capi-images'), (pass.preparedPhotos ??= new Map()));
}

/** What the render cache decided: the views to produce again per format, and the files kept as they are. */
interface CacheDecision {
  cache: RenderCache;
  /** The options that change an output, in its key. */
  keyOptions: Record<string, unknown>;
  outputKey: (view: SheetView, format: string, options: Record<string, unknown>) => string;
  /** output file → its cache key (view, format, options, templates, fonts) */
  keys: Map<string, string>;
  /** The views decided (`decide`), each once. */
  decided: Set<SheetView>;
  /** Per format, the views to produce again, in the order of the views. */
  outdated: Record<RenderFormat, SheetView[]>;
  /** Files already up to date (kept, counted as written). */
  unchanged: number;
}

/** Step 3, the render cache, read (unless `--force`) before any view is decided (`decide`). */
async function openCache(pass: Pass): Promise<CacheDecision> {
  const { RenderCache, outputKey } = await import('../render/cache.js');
  const cache = new RenderCache(pass.outDir);
  if (pass.options.force !== true) await cache.load();
  const keyOptions = { edition: pass.edition, relecture: Boolean(pass.options.relecture), refresh: pass.session.refreshSeconds ?? 0 };
  return { cache, keyOptions, outputKey, keys: new Map(), decided: new Set(), outdated: { pdf: [], docx: [], html: [] }, unchanged: 0 };
}

/**
 * Step 3 for one view (its photos prepared): a file whose view, format, options, templates and fonts are
 * unchanged is kept (unless `--force`), the others are to be produced again. A view is decided once.
 */
function decide(pass: Pass, decision: CacheDecision, view: SheetView): void {
  if (decision.decided.has(view)) return;
  decision.decided.add(view);
  const force = pass.options.force === true;
  for (const format of pass.formats) {
    const file = outFile(pass, view.id, format);
    const key = decision.outputKey(view, format, decision.keyOptions);
    decision.keys.set(file, key);
    if (force || !decision.cache.isFresh(file, key)) decision.outdated[format].push(view);
    else decision.unchanged += 1;
  }
}

/** The DOCX of the pass going to an open pool as their views are built; what it says waits for the tracker. */
interface DocxFeed {
  /** Sends the view's DOCX to the pool (once). */
  submit(view: SheetView): void;
  /** From now on, each DOCX written or failed is told to `track` (those done before are told now). */
  attach(track: Tracker): void;
  /** Resolves once every DOCX sent is done. */
  settled(): Promise<void>;
}

/** A {@link DocxFeed} into `pool`. */
function docxFeed(pass: Pass, pool: DocxPool): DocxFeed {
  const sent = new Set<SheetView>();
  let track: Tracker | undefined;
  const held: Array<(t: Tracker) => void> = [];
  const tell = (f: (t: Tracker) => void) => (track ? f(track) : held.push(f));
  return {
    submit(view) {
      if (sent.has(view)) return;
      sent.add(view);
      const file = outFile(pass, view.id, 'docx');
      pool.add({ view, outFile: file }, (error) => tell((t) => docxDone(t, view, file, error)));
    },
    attach(t) {
      track = t;
      for (const f of held.splice(0)) f(t);
    },
    settled: () => pool.settled(),
  };
}

/** A view just built, with an open pool: its photos prepared, its files decided, its DOCX sent when outdated. */
async function startDocx(pass: Pass, decision: CacheDecision, feed: DocxFeed, view: SheetView): Promise<void> {
  await photosOf(pass, [view]);
  decide(pass, decision, view);
  if (decision.outdated.docx.at(-1) !== view) return;
  feed.submit(view);
  // the workers' answers are read between two views (each answer sends a worker its next sheet)
  await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Step 4, the browser: started (or the session's one reused) before anything is written, when PDF files
 * are to be printed; when it cannot start, the run stops with its reason (UserError).
 */
async function startRenderer(pass: Pass, outdated: Record<RenderFormat, SheetView[]>): Promise<PdfRenderer | undefined> {
  if (!pass.formats.includes('pdf') || outdated.pdf.length === 0) return undefined;
  let renderer = pass.session.renderer;
  if (!renderer) {
    const { PdfRenderer } = await import('../render/pdf.js');
    renderer = new PdfRenderer({ env: pass.io.env, browserPath: pass.browserPath });
  }
  await renderer.open();
  return renderer;
}

/** How the jobs tell what they wrote or failed: the progress display, the cache and the failed sheets. */
interface Tracker {
  note(id: string, file: string): void;
  fail(id: string, message: string, file?: string): void;
  progress: Progress;
  failedIds: Set<string>;
  /** Error lines held back while a progress bar is shown (a line written under a bar tears it). */
  errors: string[];
}

/** A sheet is done when each of its formats is written or failed: then its ✓ (or nothing) is shown. */
function tracker(pass: Pass, views: SheetView[], decision: CacheDecision): Tracker {
  const { io, c } = pass;
  const progress = createProgress(io, views.length);
  const written = new Map<string, string[]>();
  const pending = new Map(views.map((v) => [v.id, pass.formats.length]));
  const self: Tracker = { progress, failedIds: new Set(), errors: [], note: () => undefined, fail: () => undefined };
  const finish = (id: string) => {
    const left = (pending.get(id) ?? 1) - 1;
    pending.set(id, left);
    if (left > 0) return;
    const files = written.get(id);
    // a sheet with a failed format gets its ✗ line only, not a ✓ for the formats that worked
    progress.done(id, files?.length && !self.failedIds.has(id) ? `${c.green('✓')} ${id} → ${[...files].sort().join(', ')}` : undefined);
  };
  self.note = (id, file) => {
    written.set(id, [...(written.get(id) ?? []), displayPath(file, io.cwd)]);
    const key = decision.keys.get(file);
    if (key) decision.cache.record(file, key);
    finish(id);
  };
  self.fail = (id, message, file) => {
    // once interrupted, what fails is the work cut short: the « Interrompu » line says it all
    if (isInterrupted()) return;
    if (file) decision.cache.forget(file);
    self.failedIds.add(id);
    if (progress.bar) self.errors.push(`${c.red('✗')} ${message}`);
    else io.stderr.write(`${c.red('✗')} ${message}\n`);
    finish(id);
  };
  return self;
}

/**
 * Step 5, the jobs: files already up to date count as written; HTML needs no browser and is written
 * while the browser prints the PDF (several pages at once); DOCX comes after the PDF, once the browser is
 * closed (its worker threads, ~110 MB each, beside the browser's tabs took a full render of 100 sheets
 * past 1 GB, and on 2 cores they only slowed the printing: docs/performance.md). The cache manifest is
 * written at the end.
 * @returns the ids of the sheets with a failed format
 */
async function runJobs(pass: Pass, views: SheetView[], decision: CacheDecision, renderer: PdfRenderer | undefined, feed: DocxFeed | undefined): Promise<Set<string>> {
  const track = tracker(pass, views, decision);
  for (const format of pass.formats) for (const view of views) if (!decision.outdated[format].includes(view)) track.note(view.id, outFile(pass, view.id, format));
  feed?.attach(track);
  try {
    await Promise.all([pdfJob(pass, decision.outdated.pdf, renderer, track), fileJob(pass, 'html', decision.outdated.html, track)]);
    if (!isInterrupted()) await docxJob(pass, decision.outdated.docx, track, feed);
  } finally {
    track.progress.stop();
  }
  for (const line of track.errors) pass.io.stderr.write(`${line}\n`);
  const manifest = decision.cache.serialized();
  if (manifest) await writeAtomic(path.join(pass.outDir, CACHE_FILE), manifest).catch(() => undefined);
  return track.failedIds;
}

/** The PDF files, printed by one browser, several tabs at once (`printTabs()`: one per core, plus one). */
async function pdfJob(pass: Pass, views: SheetView[], renderer: PdfRenderer | undefined, track: Tracker): Promise<void> {
  if (!renderer) return;
  try {
    const jobs = views.map((view) => ({ view, outFile: outFile(pass, view.id, 'pdf') }));
    await renderer.renderAll(jobs, undefined, {
      start: (i) => track.progress.start(jobs[i].view.id),
      done: (i, error) => {
        if (!error) return track.note(jobs[i].view.id, jobs[i].outFile);
        track.fail(jobs[i].view.id, error instanceof UserError ? error.message : t('render.failed', { id: jobs[i].view.id, format: 'PDF', reason: error.message }), jobs[i].outFile);
      },
    });
  } finally {
    if (!pass.session.renderer) await renderer.close();
  }
}

/** A DOCX written (`error` undefined) or failed, told to the tracker. */
function docxDone(track: Tracker, view: SheetView, file: string, error: Error | undefined): void {
  if (!error) return track.note(view.id, file);
  track.fail(view.id, t('render.failed', { id: view.id, format: 'DOCX', reason: fsReason(error, (k) => t(k)) }), file);
}

/**
 * The DOCX files, each written atomically on the machine's cores (render/docx-pool): into the pass's open
 * pool (those not sent yet), else a pool of their own.
 */
async function docxJob(pass: Pass, views: SheetView[], track: Tracker, feed: DocxFeed | undefined): Promise<void> {
  if (!pass.formats.includes('docx')) return;
  if (feed) {
    for (const view of views) feed.submit(view);
    return feed.settled();
  }
  if (views.length === 0) return;
  const { writeDocxFiles } = await import('../render/docx-pool.js');
  const jobs = views.map((view) => ({ view, outFile: outFile(pass, view.id, 'docx') }));
  await writeDocxFiles(jobs, { stop: isInterrupted, done: (i, error) => docxDone(track, jobs[i]!.view, jobs[i]!.outFile, error) });
}

/** The HTML files, one after the other, each written atomically. */
async function fileJob(pass: Pass, format: 'html', views: SheetView[], track: Tracker): Promise<void> {
  if (!pass.formats.includes(format) || views.length === 0) return;
  const { renderHtml } = await import('../render/html.js');
  const write = (view: SheetView, file: string) => writeAtomic(file, renderHtml(view, pass.session.refreshSeconds ? { refreshSeconds: pass.session.refreshSeconds } : {}));
  for (const view of views) {
    if (isInterrupted()) break;
    const file = outFile(pass, view.id, format);
    try {
      await write(view, file);
      track.note(view.id, file);
    } catch (error) {
      track.fail(view.id, t('render.failed', { id: view.id, format: format.toUpperCase(), reason: fsReason(error, (k) => t(k)) }), file);
    }
  }
}

/** Step 6, the summary line: sheets rendered, failed, time, folder, files kept. @returns 1 when any sheet failed or was refused, else 0 */
function summarize(pass: Pass, views: SheetView[], failedIds: Set<string>, unchanged: number): number {
  const seconds = ((Date.now() - pass.started) / 1000).toFixed(1);
  const failures = pass.refused + failedIds.size;
  const complete = views.filter((v) => !failedIds.has(v.id)).length;
  const kept = unchanged ? ` ${t('render.unchanged', { count: unchanged })}` : '';
  pass.io.stderr.write(`${t('render.summary', { rendered: complete, failed: failures, seconds, out: displayPath(pass.outDir, pass.io.cwd) })}${kept}\n`);
  return failures > 0 ? 1 : 0;
}
