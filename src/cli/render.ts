import type { CliIo } from './io.js';
import { checkPaths } from '../link/check.js';
import { t } from '../i18n/index.js';
import { parseFormats } from '../util/formats.js';
import { parseShard, renderPass, type RenderOptions, type RenderSession } from './render-pass.js';

/**
 * `capi render [paths…] --out DIR --format pdf,docx,html`: renders each valid sheet, named after its id.
 * Sheets with errors are refused (their errors are printed); the others are rendered. Without
 * `--edition` (and without `--relecture`), each edition of the configuration's `editions` is rendered
 * in turn (the public one named `ID-publique.*`); without `--out`, into the configuration's `sortie`
 * (see `outputDir`).
 * One browser for the whole run; the DOCX are built once it has printed and closed. Progress: a bar on
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
  const checked = await checkPaths(paths, io.cwd, { quiet: true });
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
