import type { CliIo } from './io.js';
import { checkPaths } from '../link/check.js';
import { buildLinkGraph } from '../link/graph.js';
import { loadFormatter } from './formatters/index.js';

/** Output formats of `capi links` (one module each in `formatters/`). */
export type LinksFormat = 'text' | 'json' | 'markdown';

/**
 * `capi links [workspace]`: the double-regard link graph — per OSIM sheet the RE sheets citing it,
 * orphans on both sides, territories per researcher — in the `--format` asked.
 * @returns 0 (a report, empty for a workspace without sheets; problems are validate's business);
 *   throws UserError (2) for paths that do not exist
 */
export async function runLinks(paths: string[], options: { format: LinksFormat }, io: CliIo): Promise<number> {
  const result = await checkPaths(paths.length ? paths : ['.'], io.cwd);
  const graph = buildLinkGraph(result.sheets, result.config.chercheurs);
  await (await loadFormatter('links', options.format))(graph, { io });
  return 0;
}
