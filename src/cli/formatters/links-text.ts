import chalk, { Chalk } from 'chalk';
import type { LinkGraph } from '../../link/graph.js';
import { t } from '../../i18n/index.js';
import type { FormatContext } from './types.js';
import { sheetPlace, statusLabel } from './labels.js';

/** The link graph as terminal text (coloured when `color`). */
export function linksText(graph: LinkGraph, color: boolean): string {
  const c = new Chalk({ level: color ? chalk.level || 1 : 0 });
  const lines: string[] = [c.bold(t('links.title'))];
  for (const o of graph.osim) {
    lines.push(`${c.bold(o.id)}  ${o.association}${o.seat ? ` (${o.seat})` : ''}`);
    if (o.re.length === 0) lines.push(`  ${c.yellow(t('links.none'))}`);
    for (const r of o.re) lines.push(`  ← ${r.id}  ${sheetPlace(r)} — ${statusLabel(r.status)}`);
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

/** `links --format text` (the default): the graph, then orphans, then territories per researcher. */
export function format(graph: LinkGraph, { io }: FormatContext): void {
  io.stdout.write(linksText(graph, io.color));
}
