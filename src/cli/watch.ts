/**
 * `capi render --watch`: renders once, then watches the sheets (and the workspace's other sheets, its
 * configuration and the photos the sheets show) and renders again the sheets a change concerns, until
 * Ctrl+C. One browser stays open for the whole session; the HTML is always written, with a
 * `<meta http-equiv="refresh">` so a browser tab showing it reloads by itself.
 *
 * Watching uses `fs.watch` on folders (not recursive, not on files): editors that save by writing a
 * new file and renaming it are seen, and the output folder is never watched.
 */
import { takeSignals } from '../util/cleanup.js';
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { writeDiagnostics, type CliIo } from './io.js';
import { parseFormats } from '../util/formats.js';
import { renderPass, type RenderOptions, type RenderSession } from './render-pass.js';
import { findSheetFiles, findWorkspaceRoot } from '../link/workspace.js';
import { loadConfig, outputDir } from '../link/config.js';
import { UserError } from '../util/errors.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';

/** Wait after the last change before rendering (editors write a file in several steps). */
export const DEBOUNCE_MS = 300;
/** Reload period of the HTML preview, in seconds. */
export const REFRESH_SECONDS = 2;

/** Editors' temporary and backup files, and capi's own temporary files: never a reason to render. */
function ignoredName(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || /\.(tmp|swp|swx|bak)$/i.test(name) || /^#.*#$/.test(name) || /^\d+$/.test(name);
}

/**
 * Runs the watch session (see the module comment).
 * @returns 0 when stopped with Ctrl+C; throws UserError (2) when the first render cannot run at all.
 */
export async function runWatch(paths: string[], options: RenderOptions, io: CliIo): Promise<number> {
  const formats = parseFormats(options.format);
  const given = paths.length > 0 ? paths : ['.'];
  const root = findWorkspaceRoot(path.resolve(io.cwd, given[0]!));
  // a broken configuration stops the session before anything is written
  const config = await loadConfig(root, io.cwd);
  const outDir = outputDir(config, options.out, io.cwd);
  // one edition is watched: the one asked for, else the configuration's first (`interne` with --relecture)
  const passOptions: RenderOptions = { ...options, out: outDir, edition: options.edition ?? (options.relecture ? 'interne' : config.editions[0]) };
  /** sheet file → photos it shows (absolute paths). */
  const photos = new Map<string, string[]>();
  const session: RenderSession = { refreshSeconds: REFRESH_SECONDS, extraFormats: ['html'] };

  let stopRequested: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    stopRequested();
  };
  // watch mode stops cleanly (exit 0) on Ctrl+C: it takes the signals from capi's default handler
  const giveBack = takeSignals(onSignal);

  const watchers = new Map<string, FSWatcher>();
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let busy = false;

  try {
    if (formats.includes('pdf')) {
      const { findBrowser } = await import('../render/browser.js');
      const { PdfRenderer } = await import('../render/pdf.js');
      session.browserPath = await findBrowser(io.env);
      // Ctrl+C is ours: the browser is closed below, not killed by puppeteer
      session.renderer = new PdfRenderer({ env: io.env, browserPath: session.browserPath, handleSignals: false });
      await session.renderer.open();
    }
    const { photoFiles } = await import('../render/pdf.js');
    session.onView = (file, view) => photos.set(file, photoFiles(view));

    await renderPass(paths, passOptions, io, session);
    if (stopping) return 0;

    /** Folders to watch: the workspace root, the folders of its sheets, of the given paths and of the photos. */
    const refreshWatchers = async () => {
      const dirs = new Set<string>([root]);
      for (const f of await findSheetFiles([root], io.cwd).catch(() => [] as string[])) dirs.add(path.dirname(f));
      for (const g of given) {
        const abs = path.resolve(io.cwd, g);
        dirs.add(/\.ya?ml$/i.test(abs) ? path.dirname(abs) : abs);
      }
      for (const list of photos.values()) for (const p of list) dirs.add(path.dirname(p));
      for (const dir of dirs) {
        if (watchers.has(dir) || dir === outDir || dir.startsWith(outDir + path.sep)) continue;
        try {
          const watcher = watch(dir, { persistent: true }, (_event, name) => {
            if (!name || ignoredName(String(name))) return;
            const file = path.join(dir, String(name));
            if (file === outDir || file.startsWith(outDir + path.sep)) return;
            const isPhoto = [...photos.values()].some((list) => list.includes(file));
            if (!/\.ya?ml$/i.test(file) && !isPhoto) return;
            changed.add(file);
            clearTimeout(timer);
            timer = setTimeout(() => void schedule(), DEBOUNCE_MS);
          });
          watcher.on('error', () => {
            watcher.close();
            watchers.delete(dir);
          });
          watchers.set(dir, watcher);
        } catch {
          // a folder that vanished: nothing to watch there
        }
      }
    };

    /** The sheets to render for a set of changed files (absolute paths of sheets asked for). */
    const targets = async (files: Set<string>): Promise<string[]> => {
      const selection = await findSheetFiles(given, io.cwd).catch(() => [] as string[]);
      if (options.doubleRegard) return [...given];
      const direct = selection.filter((f) => files.has(f));
      const others = [...files].filter((f) => !selection.includes(f));
      if (others.length === 0) return direct;
      // a photo: the sheets that show it; an OSIM sheet or the configuration: every sheet asked for
      const byPhoto = selection.filter((s) => (photos.get(s) ?? []).some((p) => files.has(p)));
      const onlyPhotos = others.every((f) => [...photos.values()].some((list) => list.includes(f)));
      return onlyPhotos ? [...new Set([...direct, ...byPhoto])] : selection;
    };

    const pass = async () => {
      const files = new Set(changed);
      changed.clear();
      const list = await targets(files);
      if (list.length === 0) return;
      for (const f of files) io.stderr.write(`${t('watch.changed', { file: displayPath(f, io.cwd) })}\n`);
      try {
        await renderPass(list, passOptions, io, session);
      } catch (error) {
        // a sheet deleted, a folder made unreadable…: say it and keep watching
        if (error instanceof UserError) {
          // a configuration saved broken: its located errors, and the session goes on
          await writeDiagnostics(error.diagnostics, io);
          io.stderr.write(`${t('cli.errorPrefix')}${error.message}\n`);
        }
        else io.stderr.write(`${t('cli.unexpected', { message: (error as Error)?.message ?? String(error) })}\n`);
      }
      await refreshWatchers();
      io.stderr.write(`${t('watch.waiting')}\n`);
    };

    const schedule = async () => {
      if (busy || stopping || changed.size === 0) return;
      busy = true;
      running = pass().finally(() => {
        busy = false;
        // changes made while rendering: render again
        if (changed.size > 0 && !stopping) timer = setTimeout(() => void schedule(), DEBOUNCE_MS);
      });
      await running;
    };

    await refreshWatchers();
    const preview = path.join(outDir, '*.html');
    io.stderr.write(`${t('watch.ready', { count: watchers.size, preview: displayPath(preview, io.cwd), seconds: REFRESH_SECONDS })}\n`);
    await stopped;
    return 0;
  } finally {
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    // let a render under way finish (at most a few seconds), then close the browser
    await Promise.race([running.catch(() => undefined), new Promise((r) => setTimeout(r, 5_000).unref())]);
    await session.renderer?.close();
    giveBack();
    if (stopping) io.stderr.write(`${t('watch.stopped')}\n`);
  }
}
