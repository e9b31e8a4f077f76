import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CliIo } from './io.js';
import { checkPaths } from '../link/check.js';
import { loadConfigFor, outputDir } from '../link/config.js';
import { findSheetFiles } from '../link/workspace.js';
import { t } from '../i18n/index.js';
import type { DocxPool } from '../render/docx-pool.js';
import { isInterrupted } from '../util/cleanup.js';
import { parseFormats } from '../util/formats.js';
import { parseShard, renderPass, type RenderOptions, type RenderSession } from './render-pass.js';

/**
 * `capi render [paths…] --out DIR --format pdf,docx,html`: renders each valid sheet, named after its id.
 * Sheets with errors are refused (their errors are printed); the others are rendered. Without
 * `--edition` (and without `--relecture`), each edition of the configuration's `editions` is rendered
 * in turn (the public one named `ID-publique.*`); without `--out`, into the configuration's `sortie`
 * (see `outputDir`).
 * One browser for the whole run; the DOCX are built once it has printed and closed. Without PDF, the DOCX
 * workers start before the sheets are checked (`earlyDocxPool`) and take each sheet as soon as its view
 * is built. Progress: a bar on stderr at a terminal, a line per sheet otherwise (`./progress.js`). With
 * `watch`, keeps rendering the sheets that change until Ctrl+C (`./watch.js`).
 *
 * @returns 0 all rendered, 1 some sheets refused or failed; throws UserError (2) when capi cannot run
 */
export async function runRender(paths: string[], options: RenderOptions, io: CliIo): Promise<number> {
  if (options.watch) {
    const { runWatch } = await import('./watch.js');
    return runWatch(paths, options, io);
  }
  // bad options are told before any sheet is read
  parseFormats(options.format);
  if (options.shard) parseShard(options.shard);
  const docxPool = await earlyDocxPool(paths, options, io);
  try {
    return await renderEditions(paths, options, io, docxPool);
  } finally {
    await docxPool?.close();
  }
}

/** The passes of a render: the edition asked, else each edition of the configuration. */
async function renderEditions(paths: string[], options: RenderOptions, io: CliIo, docxPool: DocxPool | undefined): Promise<number> {
  if (options.edition || options.relecture) return renderPass(paths, options, io, {}, { docxPool });
  // the sheets are read and checked once for every edition of the configuration
  const checked = await checkPaths(paths, io.cwd, { quiet: true });
  if (checked.files.length === 0) return renderPass(paths, options, io, {}, { checked });
  const editions = checked.config.editions;
  const session: RenderSession = {};
  let code = 0;
  for (const edition of editions) {
    if (editions.length > 1) io.stderr.write(`${t('render.edition', { edition })}\n`);
    // the errors of refused sheets are printed once, in the first pass
    const passCode = await renderPass(paths, { ...options, edition }, io, session, { checked, errorsShown: edition !== editions[0], docxPool });
    if (passCode === 130) return 130;
    code = Math.max(code, passCode);
  }
  return code;
}

/**
 * The DOCX pool of a render that writes DOCX and no PDF, opened before the sheets are checked, so that
 * its workers load docx (about 0.4 s of a core each) while this thread checks the sheets and builds
 * their views (issue 14: they waited for all of it, one core of two idle). Opened only when its workers
 * will surely have work: enough sheet files for two workers (`plannedWorkers`), and every DOCX to write —
 * `--force`, or no DOCX yet in the output folder (else the render cache may keep them all). Never with
 * PDF (the DOCX are written once the browser is closed, for memory) nor `--double-regard`.
 * @returns the open pool, or undefined (the DOCX step then opens its own, as many workers as outdated files)
 */
async function earlyDocxPool(paths: string[], options: RenderOptions, io: CliIo): Promise<DocxPool | undefined> {
  const formats = parseFormats(options.format);
  if (!formats.includes('docx') || formats.includes('pdf') || options.doubleRegard) return undefined;
  const given = paths.length > 0 ? paths : ['.'];
  let expected: number;
  try {
    expected = (await findSheetFiles(given, io.cwd)).length;
    if (options.shard) expected = Math.ceil(expected / parseShard(options.shard).count);
    if (!options.force) {
      const outDir = outputDir(await loadConfigFor(given[0]!, io.cwd), options.out, io.cwd);
      const names = await readdir(outDir).catch(() => [] as string[]);
      if (names.some((name) => path.extname(name) === '.docx')) return undefined;
    }
  } catch {
    // a path or a configuration capi cannot read: the checks tell it
    return undefined;
  }
  const { openDocxPool } = await import('../render/docx-pool.js');
  const pool = openDocxPool(expected, { stop: isInterrupted });
  if (pool.planned > 0) return pool;
  await pool.close();
  return undefined;
}
