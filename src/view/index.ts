import type { LoadedSheet } from '../load/sheet.js';
import type { SheetHeading, SheetView } from './model.js';
import type { ReSheet, OsimSheet } from '../types/index.js';
import { buildOsimView, buildReView, placeView, type Edition, type ViewContext } from './build.js';
import { publicEdition, publicText } from './edition.js';
import { editionDate } from './frame.js';
import { typesetContent, typesetView } from './typeset.js';
import { validatorFor } from '../validate/schemas.js';
import type { WorkspaceConfig } from '../link/config.js';
import { checkPhotos } from '../link/photo-check.js';
import type { Diagnostic } from '../validate/diagnostic.js';

export type { Edition, ViewContext } from './build.js';
export type { SheetHeading } from './model.js';

/**
 * Builds the view context from every valid sheet of a workspace. Sheets that do not pass their schema
 * are left out here too: a command given some paths loads the rest of the workspace unchecked, and a
 * sheet in progress elsewhere (an RE sheet without `osim` yet…) must not break the views of others.
 * @param sheets loaded sheets (those that do not pass the schema are skipped)
 * @param config the workspace configuration (`loadConfig`, or `CheckResult.config`): root, organisation…
 * @param options `edition` (`interne` by default, or `publique`) and `review` (open review comments shown)
 */
export function viewContext(
  sheets: readonly LoadedSheet[],
  config: WorkspaceConfig,
  version: string,
  options: { edition?: Edition; review?: boolean } = {},
): ViewContext {
  const osim = new Map<string, OsimSheet>();
  const re = new Map<string, ReSheet>();
  for (const s of sheets) {
    if (s.kind === null || !validatorFor(s.kind)(s.data)) continue;
    if (s.kind === 'osim') osim.set((s.data as OsimSheet).id, s.data as OsimSheet);
    if (s.kind === 're') re.set((s.data as ReSheet).id, s.data as ReSheet);
  }
  return { root: config.root, config, osim, re, version, edition: options.edition ?? 'interne', review: options.review ?? false, date: editionDate() };
}

/**
 * The view of one valid sheet, whatever its kind. Its photos are expected checked (`checkPhotos` in
 * `checkPaths`, or `drawingProblems`): one that cannot be read is left out of the view.
 */
export function buildView(sheet: LoadedSheet, ctx: ViewContext): SheetView {
  const view = sheet.kind === 'osim' ? buildOsimView(sheet.data as OsimSheet, sheet.absPath, sheet.file, ctx) : buildReView(sheet.data as ReSheet, sheet.absPath, sheet.file, ctx);
  return typesetView(ctx.edition === 'publique' ? publicEdition(view) : view);
}

/**
 * The heading of a valid RE sheet — id, title, subtitle (the project's title) and place — exactly as
 * {@link buildView} prints them in `ctx`'s edition (public text, then typography), without building the
 * rest of the view: the booklet lays out its contents and indexes from these, and builds each sheet's
 * view only when it draws the sheet (a view is the largest part of a sheet in memory, and building all
 * of them first delayed the first print by seconds).
 */
export function sheetHeading(sheet: LoadedSheet, ctx: ViewContext): SheetHeading {
  const re = sheet.data as ReSheet;
  const lang = ctx.config.documentLang;
  const edit = ctx.edition === 'publique' ? publicText(lang) : (text: string) => text;
  // as buildReView, then publicEdition (`subtitle && fn(subtitle)`), then typesetView
  const subtitle = re.projet.intitule === undefined ? undefined : re.projet.intitule && edit(re.projet.intitule);
  return {
    id: re.id,
    title: typesetContent(edit(re.titre)),
    subtitle: subtitle === undefined ? undefined : typesetContent(subtitle),
    place: placeView(re.territoire.province, re.territoire.commune, re.territoire.douars ?? [], lang),
  };
}

/**
 * The located problems that keep a sheet from being drawn, for the sheets a command draws without
 * having checked them (the RE sheets of a double-regard document, read from the rest of the workspace):
 * its photos, checked as `validate` checks them (outside the workspace, missing, too large, not a
 * PNG/JPEG), as `photo.*` error diagnostics. Empty when the sheet can be drawn.
 */
export function drawingProblems(sheet: LoadedSheet, ctx: ViewContext): Diagnostic[] {
  return checkPhotos(sheet, ctx.root).filter((d) => d.severity === 'error');
}
