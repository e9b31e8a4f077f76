import type { LinkGraph } from '../../link/graph.js';
import { t } from '../../i18n/index.js';
import type { FormatContext } from './types.js';
import { sheetPlace, statusLabel } from './labels.js';
import { markdownCell as esc } from '../../util/markdown-table.js';

/** `links --format markdown`: the link graph as Markdown tables, for a coordinator's report or a CI summary. */
export function format(graph: LinkGraph, { io }: FormatContext): void {
  const out: string[] = [`## ${t('links.title')}`, '', `| ${t('links.colOsim')} | ${t('links.colAssociation')} | ${t('links.colRe')} |`, '|---|---|---|'];
  for (const o of graph.osim) {
    const re = o.re.map((r) => `${r.id} — ${esc(sheetPlace(r))} (${statusLabel(r.status)})`).join('<br>') || `**${t('links.none')}**`;
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
  io.stdout.write(`${out.join('\n')}\n`);
}
