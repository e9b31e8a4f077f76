import chalk, { Chalk } from 'chalk';
import type { CliIo } from './io.js';
import { checkPaths } from '../link/check.js';
import { buildLinkGraph, type LinkGraph } from '../link/graph.js';
import { enumLabel } from '../validate/schemas.js';
import { t } from '../i18n/index.js';
import { markdownCell as esc } from '../util/markdown-table.js';

/** Output formats of `capi links`. */
export type LinksFormat = 'text' | 'json' | 'markdown';

const status = (s: string) => (s ? enumLabel('common.schema.json#/$defs/statut', s) : '?');
const place = (r: { commune: string; communeAr?: string; province: string }) => `${r.commune}${r.communeAr ? ` (${r.communeAr})` : ''}, ${r.province}`;

/** The link graph as terminal text (coloured when `color`). */
export function formatLinksText(graph: LinkGraph, color: boolean): string {
  const c = new Chalk({ level: color ? chalk.level || 1 : 0 });
  const lines: string[] = [c.bold(t('links.title'))];
  for (const o of graph.osim) {
    lines.push(`${c.bold(o.id)}  ${o.association}${o.seat ? ` (${o.seat})` : ''}`);
    if (o.re.length === 0) lines.push(`  ${c.yellow(t('links.none'))}`);
    for (const r of o.re) lines.push(`  ← ${r.id}  ${place(r)} — ${status(r.status)}`);
  }
  lines.push('', c.bold(t('links.orphans')));
  lines.push(`  ${t('links.orphanOsim')} ${graph.orphanOsim.length ? c.yellow(graph.orphanOsim.join(', ')) : c.green(t('links.noneShort'))}`);
  lines.push(`  ${t('links.orphanRe')} ${graph.orphanRe.length ? c.yellow(graph.orphanRe.join(', ')) : c.green(t('links.noneShort'))}`);
  lines.push('', c.bold(t('links.researchers', { expected: graph.expectedTerritories })));
  for (const r of graph.researchers) {
    const ok = r.territories.length === graph.expectedTerritories;
    const list = r.territories.map((x) => `${x.commune} (${x.province}) : ${x.sheets.join(', ')}`).join(' ; ');
    lines.push(`  ${ok ? c.green('✓') : c.yellow('!')} ${r.name} — ${t('links.territoryCount', { count: r.territories.length })} : ${list}`);
  }
  if (graph.assignments.length) {
    lines.push('', c.bold(t('links.assigned')));
    for (const a of graph.assignments) {
      const ok = a.territories.every((x) => x.sheets.length > 0);
      const list = a.territories.map((x) => `${x.commune}${x.province ? ` (${x.province})` : ''} : ${x.sheets.length ? x.sheets.join(', ') : c.yellow(t('links.noSheetYet'))}`).join(' ; ');
      lines.push(`  ${ok ? c.green('✓') : c.yellow('!')} ${a.name} — ${list || t('links.noneShort')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The link graph as Markdown tables, for a coordinator's report or a CI summary. */
export function formatLinksMarkdown(graph: LinkGraph): string {
  const out: string[] = [`## ${t('links.title')}`, '', `| ${t('links.colOsim')} | ${t('links.colAssociation')} | ${t('links.colRe')} |`, '|---|---|---|'];
  for (const o of graph.osim) {
    const re = o.re.map((r) => `${r.id} — ${esc(place(r))} (${status(r.status)})`).join('<br>') || `**${t('links.none')}**`;
    out.push(`| ${o.id} | ${esc(o.association)}${o.seat ? ` (${esc(o.seat)})` : ''} | ${re} |`);
  }
  out.push('', `## ${t('links.orphans')}`, '', `- ${t('links.orphanOsim')} ${graph.orphanOsim.join(', ') || t('links.noneShort')}`, `- ${t('links.orphanRe')} ${graph.orphanRe.join(', ') || t('links.noneShort')}`);
  out.push('', `## ${t('links.researchers', { expected: graph.expectedTerritories })}`, '', `| ${t('links.colResearcher')} | ${t('links.colTerritories')} | ${t('links.colCount')} |`, '|---|---|---|');
  for (const r of graph.researchers) {
    out.push(`| ${esc(r.name)} | ${r.territories.map((x) => `${esc(x.commune)} (${esc(x.province)}) : ${x.sheets.join(', ')}`).join('<br>')} | ${r.territories.length}${r.territories.length === graph.expectedTerritories ? '' : ' ⚠'} |`);
  }
  if (graph.assignments.length) {
    out.push('', `## ${t('links.assigned')}`, '', `| ${t('links.colResearcher')} | ${t('links.colTerritories')} |`, '|---|---|');
    for (const a of graph.assignments) {
      const list = a.territories.map((x) => `${esc(x.commune)}${x.province ? ` (${esc(x.province)})` : ''} : ${x.sheets.length ? x.sheets.join(', ') : `**${t('links.noSheetYet')}**`}`).join('<br>');
      out.push(`| ${esc(a.name)} | ${list || t('links.noneShort')} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

/**
 * `capi links [workspace]`: the double-regard link graph — per OSIM sheet the RE sheets citing it,
 * orphans on both sides, territories per researcher.
 * @returns 0 (a report, empty for a workspace without sheets; problems are validate's business);
 *   throws UserError (2) for paths that do not exist
 */
export async function runLinks(paths: string[], options: { format: LinksFormat }, io: CliIo): Promise<number> {
  const result = await checkPaths(paths.length ? paths : ['.'], io.cwd, { allowEmpty: true });
  const graph = buildLinkGraph(result.sheets, result.config.chercheurs);
  if (options.format === 'json') io.stdout.write(`${JSON.stringify(graph, null, 2)}\n`);
  else if (options.format === 'markdown') io.stdout.write(formatLinksMarkdown(graph));
  else io.stdout.write(formatLinksText(graph, io.color));
  return 0;
}
