import path from 'node:path';
import { availableParallelism } from 'node:os';
import { CACHE_FILE } from '../render/cache.js';
import { isInterrupted } from '../util/cleanup.js';
import chalk, { Chalk } from 'chalk';
import type { CliIo } from './io.js';
import { checkPaths, type CheckResult } from '../link/check.js';
import { outputDir, type Edition } from '../link/config.js';
import { editionSuffix } from '../view/edition.js';
import { formatDiagnosticLine } from '../validate/format.js';
import { buildView, viewContext } from '../view/index.js';
import type { SheetView } from '../view/model.js';
import { fsReason, UserError } from '../util/errors.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { version } from '../util/identity.js';
import { prepareOutDir } from '../util/out-dir.js';
import { writeAtomic } from '../util/atomic-write.js';
import { parseFormats, type RenderFormat } from '../util/formats.js';
import { suggest } from '../validate/schema-errors.js';
import { createProgress } from './progress.js';

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
  renderer?: import('../render/pdf.js').PdfRenderer;
  /** The browser found by the first pass. */
  browserPath?: string;
  /** Adds `<meta http-equiv="refresh">` with this many seconds to the HTML files (a preview tab reloads). */
  refreshSeconds?: number;
  /** Extra formats written whatever `--format` says (watch mode: always HTML). */
  extraFormats?: RenderFormat[];
  /** Hears each view built from a sheet file (watch mode: which photos a sheet shows). */
  onView?(sheetFile: string, view: SheetView): void;
}

/**
 * `capi render [paths…] --out DIR --format pdf,docx,html`: renders each valid sheet, named after its id.
 * Sheets with errors are refused (their errors are printed); the others are rendered. Without
 * `--edition` (and without `--relecture`), each edition of the configuration's `editions` is rendered
 * in turn (the public one named `ID-publique.*`); without `--out`, into the configuration's `sortie`
 * (see `outputDir`).
 * One browser for the whole run; the DOCX are built while the browser prints. Progress: a bar on
 * stderr at a terminal, a line per sheet otherwise (`./progress.js`). With `watch`, keeps rendering
 * the sheets that change until Ctrl+C (`./watch.js`).
 *
 * @returns 0 all rendered, 1 some sheets refused or failed; throws UserError (2) when capi cannot run
 */
export async function runRender(paths: string[], options: RenderOptions, io: CliIo): Promise<number> {
  if (options.watch) {
    const { runWatch } = await import('./watch.js');
    return runWatch(paths, options, io);
  }
  if (options.edition || options.relecture) return renderPass(paths, options, io);
  // bad options are told before any sheet is read
  parseFormats(options.format);
  if (options.shard) parseShard(options.shard);
  // the sheets are read and checked once for every edition of the configuration
  const checked = await checkPaths(paths, io.cwd, { allowEmpty: true });
  if (checked.files.length === 0) return renderPass(paths, options, io, {}, { checked });
  const editions = checked.config.editions;
  const session: RenderSession = {};
  let code = 0;
  for (const edition of editions) {
    if (editions.length > 1) io.stderr.write(`${t('render.edition', { edition })}\n`);
    // the errors of refused sheets are printed once, in the first pass
    const passCode = await renderPass(paths, { ...options, edition }, io, session, { checked, errorsShown: edition !== editions[0] });
    if (passCode === 130) return 130;
    code = Math.max(code, passCode);
  }
  return code;
}

/**
 * One render of `paths` in one edition (see `runRender`); `session` carries what a watch session keeps
 * between passes; `prior.checked` the sheets already checked (else they are checked here), and
 * `prior.errorsShown` when their errors were printed by an earlier pass. Without `options.edition`,
 * the first edition of the configuration (`interne` with `relecture`).
 */
export async function renderPass(paths: string[], options: RenderOptions, io: CliIo, session: RenderSession = {}, prior: { checked?: CheckResult; errorsShown?: boolean } = {}): Promise<number> {
  const started = Date.now();
  const shard = options.shard ? parseShard(options.shard) : undefined;
  // the review edition carries comments and codes: it is never public
  if (options.relecture && options.edition === 'publique') throw new UserError(t('render.relecturePublic'));
  const formats = [...new Set([...parseFormats(options.format), ...(session.extraFormats ?? [])])];
  const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });
  const result = prior.checked ?? (await checkPaths(paths, io.cwd, { allowEmpty: true }));
  // a new workspace has no sheet yet: nothing to do is no failure (its CI must pass on the first push)
  if (result.files.length === 0) {
    io.stderr.write(`${t('render.nothing', { path: paths.length ? paths.join(', ') : '.' })}\n`);
    return 0;
  }
  const edition: Edition = options.edition ?? (options.relecture ? 'interne' : (result.config.editions[0] ?? 'interne'));
  const outDir = outputDir(result.config, options.out, io.cwd);
  await prepareOutDir(outDir, displayPath(outDir, io.cwd));
  // no browser, no work: say so before writing anything
  let browserPath: string | undefined = session.browserPath;
  if (formats.includes('pdf') && !session.renderer && !browserPath) {
    const { findBrowser } = await import('../render/browser.js');
    browserPath = await findBrowser(io.env);
    session.browserPath = browserPath;
  }

  const paint = (severity: 'error' | 'warning', s: string) => (severity === 'error' ? c.red.bold(s) : c.yellow(s));
  if (!prior.errorsShown) for (const d of result.diagnostics) if (d.severity === 'error') io.stderr.write(`${formatDiagnosticLine(d, paint)}\n`);

  const valid = result.sheets.filter((s) => !result.failed.has(s.absPath) && s.kind !== null);
  const ctx = viewContext(valid, result.config, version(), { edition, review: Boolean(options.relecture) });
  // the public edition is for the public: validated sheets only; the review and public editions get
  // their own file names, so a version with comments or codes never replaces the clean one
  const suffix = options.relecture ? '-relecture' : editionSuffix(edition);
  const outName = (id: string, format: string) => `${id}${suffix}.${format}`;
  let selected = valid.filter((s) => result.files.includes(s.absPath));
  const unpublished = edition === 'publique' && !options.doubleRegard ? selected.filter((s) => (s.data as { statut?: string }).statut !== 'validee') : [];
  selected = selected.filter((s) => !unpublished.includes(s));
  const failedIds = new Set<string>();
  let refused = result.files.filter((f) => result.failed.has(f)).length;
  if (!prior.errorsShown) for (const f of result.files.filter((f) => result.failed.has(f))) io.stderr.write(`${c.red('✗')} ${t('render.refused', { file: displayPath(f, io.cwd) })}\n`);
  // not a failure: the public edition is made of validated sheets, the others are named and left out
  for (const s of unpublished) io.stderr.write(`${c.yellow('–')} ${t('render.notValidated', { file: s.file, status: String((s.data as { statut?: string }).statut) })}\n`);

  const views: SheetView[] = [];
  if (options.doubleRegard) {
    // combined documents: one per OSIM sheet asked for (`all`: every OSIM sheet)
    const { buildDoubleRegardView } = await import('../view/double-regard.js');
    const files = new Map(valid.map((s) => [String((s.data as { id: string }).id), { abs: s.absPath, display: s.file }]));
    const known = [...ctx.osim.keys()].sort();
    const wanted = options.doubleRegard.trim() === 'all' ? known : options.doubleRegard.split(',').map((x) => x.trim()).filter(Boolean);
    for (const id of wanted) {
      if (!ctx.osim.has(id)) {
        const near = suggest(id, known);
        throw new UserError(t('render.unknownOsim', { id, list: known.join(', ') || '—' }) + (near ? ` ${t('schema.didYouMean', { value: near })}` : ''));
      }
    }
    for (const id of wanted) {
      try {
        views.push(buildDoubleRegardView(id, ctx, files)!);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        refused += 1;
        io.stderr.write(`${c.red('✗')} ${error.message}\n`);
      }
    }
  } else {
    for (const sheet of selected) {
      try {
        const view = buildView(sheet, ctx);
        views.push(view);
        session.onView?.(sheet.absPath, view);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        refused += 1;
        io.stderr.write(`${c.red('✗')} ${error.message}\n`);
      }
    }
  }

  // oversized photos: scaled copies next to the outputs (the researcher's files are never changed)
  if (formats.includes('pdf') || formats.includes('docx')) {
    const { scalePhotos } = await import('../render/photos.js');
    await scalePhotos(views, path.join(outDir, '.capi-images'));
  }
  if (shard) {
    const kept = new Set(shardOf(views, shard).map((v) => v.id));
    views.splice(0, views.length, ...views.filter((v) => kept.has(v.id)));
    io.stderr.write(`${t('render.shard', { index: shard.index, count: shard.count, sheets: views.length })}\n`);
  }

  // the render cache: a file whose view, format, options, templates and fonts are unchanged is kept
  const { RenderCache, outputKey } = await import('../render/cache.js');
  const cache = new RenderCache(outDir);
  if (!options.force) await cache.load();
  const keyOptions = { edition, relecture: Boolean(options.relecture), refresh: session.refreshSeconds ?? 0 };
  const keys = new Map<string, string>();
  const stale = (view: SheetView, format: RenderFormat): boolean => {
    const file = path.join(outDir, outName(view.id, format));
    const key = outputKey(view, format, keyOptions);
    keys.set(file, key);
    return options.force === true || !cache.isFresh(file, key);
  };
  const outdated: Record<RenderFormat, SheetView[]> = { pdf: [], docx: [], html: [] };
  let unchanged = 0;
  for (const format of formats) for (const view of views) (stale(view, format) ? outdated[format].push(view) : (unchanged += 1));

  // progress: a sheet is done when each of its formats is written or failed
  const progress = createProgress(io, views.length);
  const written = new Map<string, string[]>();
  const errors: string[] = [];
  const pending = new Map(views.map((v) => [v.id, formats.length]));
  const finish = (id: string) => {
    const left = (pending.get(id) ?? 1) - 1;
    pending.set(id, left);
    if (left > 0) return;
    const files = written.get(id);
    // a sheet with a failed format gets its ✗ line only, not a ✓ for the formats that worked
    progress.done(id, files?.length && !failedIds.has(id) ? `${c.green('✓')} ${id} → ${[...files].sort().join(', ')}` : undefined);
  };
  const note = (id: string, file: string) => {
    written.set(id, [...(written.get(id) ?? []), displayPath(file, io.cwd)]);
    const key = keys.get(file);
    if (key) cache.record(file, key);
    finish(id);
  };
  const fail = (id: string, message: string, file?: string) => {
    // once interrupted, what fails is the work cut short: the « Interrompu » line says it all
    if (isInterrupted()) return;
    if (file) cache.forget(file);
    failedIds.add(id);
    // with a bar, errors wait for its end: a line written under a bar tears it
    if (progress.bar) errors.push(`${c.red('✗')} ${message}`);
    else io.stderr.write(`${c.red('✗')} ${message}\n`);
    finish(id);
  };

  // HTML and DOCX need no browser; PDF shares one browser for the run.
  // files already up to date count as written
  for (const format of formats) for (const view of views) if (!outdated[format].includes(view)) note(view.id, path.join(outDir, outName(view.id, format)));
  // the browser starts before anything is written: when it cannot, the run stops with its reason
  let renderer: import('../render/pdf.js').PdfRenderer | undefined;
  if (formats.includes('pdf') && outdated.pdf.length > 0) {
    const { PdfRenderer } = await import('../render/pdf.js');
    renderer = session.renderer ?? new PdfRenderer({ env: io.env, browserPath });
    await renderer.open();
  }
  const pdfJob = async () => {
    if (!renderer) return;
    try {
      const jobs = outdated.pdf.map((view) => ({ view, outFile: path.join(outDir, outName(view.id, 'pdf')) }));
      // several pages at once in one browser, sized to the machine (Chromium uses about one core a page)
      await renderer.renderAll(jobs, Math.max(1, Math.min(4, availableParallelism())), {
        start: (i) => progress.start(jobs[i].view.id),
        done: (i, error) => {
          if (!error) return note(jobs[i].view.id, jobs[i].outFile);
          fail(jobs[i].view.id, error instanceof UserError ? error.message : t('render.failed', { id: jobs[i].view.id, format: 'PDF', reason: error.message }), jobs[i].outFile);
        },
      });
    } finally {
      if (!session.renderer) await renderer.close();
    }
  };
  const docxJob = async () => {
    if (!formats.includes('docx')) return;
    if (outdated.docx.length === 0) return;
    const { writeDocx } = await import('../render/docx.js');
    for (const view of outdated.docx) {
      if (isInterrupted()) break;
      const file = path.join(outDir, outName(view.id, 'docx'));
      try {
        await writeDocx(view, file);
        note(view.id, file);
      } catch (error) {
        fail(view.id, t('render.failed', { id: view.id, format: 'DOCX', reason: fsReason(error, (k) => t(k)) }), file);
      }
    }
  };
  const htmlJob = async () => {
    if (!formats.includes('html')) return;
    if (outdated.html.length === 0) return;
    const { renderHtml } = await import('../render/html.js');
    for (const view of outdated.html) {
      const file = path.join(outDir, outName(view.id, 'html'));
      try {
        await writeAtomic(file, renderHtml(view, session.refreshSeconds ? { refreshSeconds: session.refreshSeconds } : {}));
        note(view.id, file);
      } catch (error) {
        fail(view.id, t('render.failed', { id: view.id, format: 'HTML', reason: fsReason(error, (k) => t(k)) }), file);
      }
    }
  };
  try {
    await Promise.all([pdfJob(), docxJob(), htmlJob()]);
  } finally {
    progress.stop();
  }
  for (const line of errors) io.stderr.write(`${line}\n`);
  const manifest = cache.serialized();
  if (manifest) await writeAtomic(path.join(outDir, CACHE_FILE), manifest).catch(() => undefined);

  // interrupted: the « Interrompu » line is the last word (no summary of work cut short)
  if (isInterrupted()) return 130;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const failures = refused + failedIds.size;
  const complete = views.filter((v) => !failedIds.has(v.id)).length;
  io.stderr.write(`${t('render.summary', { rendered: complete, failed: failures, seconds, out: displayPath(outDir, io.cwd) })}${unchanged ? ` ${t('render.unchanged', { count: unchanged })}` : ''}\n`);
  return failures > 0 ? 1 : 0;
}
