import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers.js';
import { checkPaths } from '../../src/link/check.js';
import { viewContext } from '../../src/view/index.js';
import { buildReportView } from '../../src/view/report.js';
import type { Block, SheetView } from '../../src/view/model.js';
import type { ReSheet } from '../../src/types/index.js';
import { renderHtml } from '../../src/render/html.js';
import { svgChart } from '../../src/render/chart.js';

/** The example RE sheets, read independently of capi with the `yaml` package. */
function rawExamples(): Array<{ id: string; auteurs: Array<{ nom: string; role: string }>; collecte?: { entretiens?: Array<{ code: string; type_acteur: string; langues?: string[]; consentement: string }> } }> {
  const dir = path.join(ROOT, 'examples/re');
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => parse(readFileSync(path.join(dir, f), 'utf8')));
}

const blocksOf = (view: SheetView, id: string): Block[] => view.sections.find((s) => s.id === id)!.blocks;
const tableOf = (view: SheetView, id: string) => blocksOf(view, id).find((b): b is Extract<Block, { type: 'table' }> => b.type === 'table')!;
const chartOf = (view: SheetView, id: string) => blocksOf(view, id).find((b): b is Extract<Block, { type: 'chart' }> => b.type === 'chart')!;
const num = (s: string) => Number(s.replace(/\s/g, ''));

let sheets: ReSheet[];
let ctxArgs: Parameters<typeof viewContext>;
let view: SheetView;
beforeAll(async () => {
  const result = await checkPaths(['examples'], ROOT);
  const valid = result.sheets.filter((s) => !result.failed.has(s.absPath) && s.kind !== null);
  sheets = valid.filter((s) => s.kind === 're').map((s) => s.data as ReSheet);
  ctxArgs = [valid, result.config, '0.0.0-test', { edition: 'interne' }];
  view = buildReportView(sheets, viewContext(...ctxArgs));
});

describe('buildReportView on the examples', () => {
  it('is a report named rapport-deroulement, titled from capi.config.yaml, with the sections in order', () => {
    expect(view.kind).toBe('report');
    expect(view.id).toBe('rapport-deroulement');
    expect(view.kindLabel).toBe('Rapport de déroulement');
    expect(view.title).toBe(parse(readFileSync(path.join(ROOT, 'examples/capi.config.yaml'), 'utf8')).projet);
    expect(view.sections.map((s) => s.title)).toEqual([
      'Synthèse',
      "Entretiens par type d’acteur",
      'Entretiens par enquêteur·rice',
      'Entretiens par territoire',
      "Calendrier de l’enquête",
      'Langues des entretiens',
      'Consentements',
      'Acteurs non entendus',
    ]);
  });

  it('counts every interview of collecte.entretiens: the total, per actor type, per researcher, per territory and per consent add up', () => {
    const raw = rawExamples();
    expect(sheets.length).toBe(raw.length);
    const total = raw.reduce((n, s) => n + (s.collecte?.entretiens?.length ?? 0), 0);
    expect(total).toBeGreaterThan(40);

    const synth = blocksOf(view, 'synthese')[0] as Extract<Block, { type: 'fields' }>;
    expect(synth.rows.find((r) => r.label === 'Entretiens')!.value).toBe(String(total));
    expect(synth.rows.find((r) => r.label === 'Fiches retour d’expérience')!.value).toMatch(new RegExp(`^${raw.length} `));

    // per actor type: each row's count is the number of interviews of that type; the rows add up to the total
    const byActor = tableOf(view, 'par-type-acteur');
    const rows = byActor.rows.slice(0, -1);
    expect(byActor.rows.at(-1)![0]).toBe('Total');
    expect(num(byActor.rows.at(-1)![1])).toBe(total);
    expect(rows.reduce((n, r) => n + num(r[1]), 0)).toBe(total);
    const elus = raw.flatMap((s) => s.collecte?.entretiens ?? []).filter((e) => e.type_acteur === 'elu-communal').length;
    expect(num(rows.find((r) => r[0] === 'Élu·e communal·e')![1])).toBe(elus);
    expect(new Set(rows.map((r) => r[0])).size).toBe(new Set(raw.flatMap((s) => s.collecte?.entretiens ?? []).map((e) => e.type_acteur)).size);
    // sorted by count, descending
    const counts = rows.map((r) => num(r[1]));
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);

    // per researcher: the enqueteur authors, their interviews computed here from the raw YAML
    const expected = new Map<string, number>();
    for (const s of raw) {
      const name = s.auteurs.filter((a) => a.role === 'enqueteur').map((a) => a.nom).sort().join(' et ');
      expected.set(name, (expected.get(name) ?? 0) + (s.collecte?.entretiens?.length ?? 0));
    }
    const byResearcher = tableOf(view, 'par-enqueteur').rows.slice(0, -1);
    expect(Object.fromEntries(byResearcher.map((r) => [r[0], num(r[3])]))).toEqual(Object.fromEntries(expected));
    expect(byResearcher.reduce((n, r) => n + num(r[3]), 0)).toBe(total);

    // per territory and per consent
    const territories = tableOf(view, 'par-territoire').rows;
    expect(territories.slice(0, -1).reduce((n, r) => n + num(r[3]), 0)).toBe(total);
    expect(territories.some((r) => /[\u0600-\u06FF]/.test(r[0]))).toBe(true); // communes with their Arabic names
    const consents = tableOf(view, 'consentements').rows;
    expect(consents.map((r) => r[0])).toEqual(['nominatif', 'anonyme', 'sans citation', 'Total']);
    expect(consents.slice(0, -1).reduce((n, r) => n + num(r[1]), 0)).toBe(total);
    const anonymous = raw.flatMap((s) => s.collecte?.entretiens ?? []).filter((e) => e.consentement === 'anonyme').length;
    expect(num(consents[1][1])).toBe(anonymous);

    // the calendar has one row per sheet, with its interviews
    const calendar = tableOf(view, 'calendrier').rows;
    expect(calendar.map((r) => r[0]).sort()).toEqual(raw.map((s) => s.id).sort());
    expect(calendar.reduce((n, r) => n + num(r[5]), 0)).toBe(total);
  });

  it('draws charts whose bars are the table counts, and counts each language once per interview that used it', () => {
    const actors = tableOf(view, 'par-type-acteur').rows.slice(0, -1);
    expect(chartOf(view, 'par-type-acteur').bars).toEqual(actors.map((r) => ({ label: r[0], value: num(r[1]) })));
    expect(chartOf(view, 'par-enqueteur').bars.reduce((n, b) => n + b.value, 0)).toBe(num(tableOf(view, 'par-enqueteur').rows.at(-1)![3]));
    const arabic = rawExamples().flatMap((s) => s.collecte?.entretiens ?? []).filter((e) => (e.langues ?? []).includes('ar')).length;
    expect(chartOf(view, 'langues').bars.find((b) => b.label === 'arabe')!.value).toBe(arabic);
  });

  it('lists the actors not heard, with their reasons, sorted by actor type then sheet', () => {
    const raw = rawExamples();
    const expected = raw.reduce((n, s) => n + ((s.collecte as { acteurs_non_entendus?: unknown[] } | undefined)?.acteurs_non_entendus?.length ?? 0), 0);
    const list = blocksOf(view, 'non-entendus')[0] as Extract<Block, { type: 'list' }>;
    expect(list.items.length).toBe(expected);
    expect(list.items.join('\n')).toMatch(/Service déconcentré — RE-TIZ-01 \(Afella Ighir\)\u00a0: L’ONEE/);
  });

  it('shows no informant code, in either edition, and is deterministic', () => {
    const text = (v: SheetView) => JSON.stringify(v);
    expect(text(view)).not.toMatch(/INF-[A-Z0-9]+-\d{2,4}/);
    const pub = buildReportView(sheets, viewContext(ctxArgs[0], ctxArgs[1], ctxArgs[2], { edition: 'publique' }));
    expect(text(pub)).not.toMatch(/INF-[A-Z0-9]+-\d{2,4}/);
    expect(pub.subtitle).toMatch(/édition publique/);
    // an informant code written in a reason is stripped in the public edition
    const leaky = structuredClone(sheets);
    leaky[0].collecte!.acteurs_non_entendus = [{ type_acteur: 'jeunes', raison: 'Rendez-vous annulé par INF-TIZ-042.' }];
    expect(text(buildReportView(leaky, viewContext(ctxArgs[0], ctxArgs[1], ctxArgs[2], { edition: 'publique' })))).not.toMatch(/INF-TIZ-042/);
    // the input order does not matter
    expect(text(buildReportView([...sheets].reverse(), viewContext(...ctxArgs)))).toBe(text(view));
  });
});

describe('the chart block in HTML (SVG)', () => {
  const chart: Extract<Block, { type: 'chart' }> = {
    type: 'chart',
    title: 'Entretiens <b>par</b> type',
    unit: 'entretiens',
    bars: [
      { label: '<script>alert("x")</script>', value: 4 },
      { label: 'Élu·e communal·e & co', value: 8 },
      { label: 'Aucun', value: 0 },
    ],
  };
  const sheet: SheetView = {
    kind: 'report', kindLabel: 'Rapport de déroulement', id: 'rapport-deroulement', title: 'Test', lang: 'fr', status: 'interne', statusLabel: 'interne',
    authors: [], summary: [], source: 's', colophon: 'c', dataCredit: '',
    sections: [{ id: 'x', title: 'X', level: 1, blocks: [chart], children: [] }],
  };

  it('draws one bar per label, bars proportional to the largest value, labels and title escaped', () => {
    const html = renderHtml(sheet);
    const svg = html.slice(html.indexOf('<svg class="chart-svg"'), html.indexOf('</svg>') + 6);
    expect(svg.match(/<rect /g)?.length).toBe(3);
    expect(svg.match(/class="chart-label"/g)?.length).toBe(3);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>par</b>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(svg).toContain('Élu·e communal·e &amp; co');
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[2]).toBe(0);
    expect(widths[0]! / widths[1]!).toBeCloseTo(0.5, 2);
    // values printed after each bar
    expect([...svg.matchAll(/class="chart-value"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['4', '8', '0']);
  });

  it('computes the geometry in TypeScript: the longest bar fills the bar area and leaves room for its value', () => {
    const g = svgChart(chart);
    expect(g.bars.length).toBe(3);
    const longest = g.bars[1]!;
    expect(longest.barX + longest.barWidth).toBeLessThanOrEqual(g.width);
    expect(longest.valueX).toBeGreaterThan(longest.barX + longest.barWidth);
    expect(g.height).toBe(3 * 22);
    expect(svgChart({ ...chart, bars: [{ label: 'a', value: Number.NaN }, { label: 'b', value: -3 }] }).bars.map((b) => b.barWidth)).toEqual([0, 0]);
  });
});
