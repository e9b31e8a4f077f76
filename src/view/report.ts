/**
 * The fieldwork report (*rapport de déroulement*): what the field researchers did, aggregated from the
 * `collecte` data of the RE sheets — interviews per actor type, per researcher, per territory and per
 * language, the fieldwork calendar, consents and the actors who could not be heard. One view, drawn by
 * both renderers like a sheet.
 *
 * Only counts are shown: informant codes never appear, whatever the edition (the public edition also
 * removes any informant code written in free text, such as the reasons of « acteurs non entendus »).
 */
import { typesetView } from './typeset.js';
import type { Block, SectionView, SheetView } from './model.js';
import type { ReSheet } from '../types/index.js';
import { placeView, type ViewContext } from './build.js';
import { PLACES_CREDIT } from '../link/places.js';
import { publicEdition } from './edition.js';
import { placeLabel } from '../util/text.js';
import { documentText, type DocumentText } from './locale.js';

/** File name (without extension) of the report: `rapport-deroulement.pdf`, `rapport-deroulement.docx`. */
export const REPORT_ID = 'rapport-deroulement';

const R = 're.schema.json#/$defs/';
const CONSENT = 're.schema.json#/properties/collecte/properties/entretiens/items/properties/consentement';
/** Consent values in the schema's order (most open first). */
const CONSENTS = ['nominatif', 'anonyme', 'sans-citation'] as const;

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Counts by key, kept with a display label; sorted by count (descending), then label. */
class Tally {
  private readonly map = new Map<string, { label: string; count: number; sheets: Set<string> }>();

  add(key: string, label: string, sheet: string, n = 1): void {
    const entry = this.map.get(key) ?? { label, count: 0, sheets: new Set<string>() };
    entry.count += n;
    entry.sheets.add(sheet);
    this.map.set(key, entry);
  }

  sorted(): Array<{ key: string; label: string; count: number; sheets: number }> {
    return [...this.map.entries()]
      .map(([key, e]) => ({ key, label: e.label, count: e.count, sheets: e.sheets.size }))
      .sort((a, b) => b.count - a.count || collator.compare(a.label, b.label) || a.key.localeCompare(b.key));
  }
}

/** The researchers of a sheet (`auteurs` with role `enqueteur`), names sorted, joined: « A et B ». */
function researchersOf(doc: DocumentText, sheet: ReSheet): string {
  const names = sheet.auteurs.filter((a) => a.role === 'enqueteur').map((a) => a.nom.trim()).sort(collator.compare);
  if (names.length === 0) return doc.t('report.noResearcher');
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} ${doc.t('report.and')} ${names[names.length - 1]}`;
}

function percent(doc: DocumentText, part: number, whole: number): string {
  return whole > 0 ? doc.t('report.percent', { value: doc.number(Math.round((part * 100) / whole)) }) : '—';
}

function level1(doc: DocumentText, id: string, title: string, blocks: Block[]): SectionView {
  return { id, title, level: 1, blocks: blocks.length ? blocks : [{ type: 'note', text: doc.t('view.empty') }], children: [] };
}

/**
 * Builds the fieldwork report of a set of RE sheets.
 *
 * Aggregation rules: an interview counts once in the totals, per actor type, per researcher (the
 * sheet's `enqueteur` authors together: a sheet written by two researchers counts for the pair, so the
 * per-researcher counts add up to the total) and per territory (the sheet's commune); it counts once
 * for each language it used (so the language counts may add up to more than the total; interviews
 * without a stated language count as « non précisée »). The fieldwork period runs from the earliest
 * `collecte.debut` or interview date to the latest `collecte.fin` or interview date (ISO dates).
 *
 * @param sheets RE sheets, already valid against `schemas/re.schema.json` (any order; sorted by id here)
 * @param ctx the view context: `config` (its `projet` is the title, its `organisation` in the colophon), `version`,
 *   `edition` (`publique`: `publicEdition()` strips informant codes from free text — the report shows no code anyway)
 * @returns a `SheetView` of kind `report` and id `rapport-deroulement`
 */
export function buildReportView(sheets: readonly ReSheet[], ctx: ViewContext): SheetView {
  const list = [...sheets].sort((a, b) => a.id.localeCompare(b.id));
  const isPublic = ctx.edition === 'publique';
  const doc = documentText(ctx.config.documentLang);

  const byActor = new Tally();
  const byResearcher = new Tally();
  const byLanguage = new Tally();
  const consents = new Map<string, number>(CONSENTS.map((c) => [c, 0]));
  const territories = new Map<string, { commune: string; communeAr?: string; province: string; sheets: Set<string>; interviews: number }>();
  const researcherCommunes = new Map<string, Set<string>>();
  const researcherNames = new Set<string>();
  const calendar: Array<{ id: string; researcher: string; commune: string; start: string; end: string; interviews: number }> = [];
  const notHeard: Array<{ actor: string; id: string; commune: string; reason: string }> = [];
  const dates: string[] = [];
  let total = 0;

  for (const sheet of list) {
    const place = placeView(sheet.territoire.province, sheet.territoire.commune, [], doc.lang);
    const researcher = researchersOf(doc, sheet);
    for (const a of sheet.auteurs) if (a.role === 'enqueteur') researcherNames.add(a.nom.trim());
    const interviews = sheet.collecte?.entretiens ?? [];
    total += interviews.length;

    const territoryKey = `${place.province}\u0000${place.commune}`;
    const territory = territories.get(territoryKey) ?? { commune: place.commune, communeAr: place.communeAr, province: place.province, sheets: new Set<string>(), interviews: 0 };
    territory.sheets.add(sheet.id);
    territory.interviews += interviews.length;
    territories.set(territoryKey, territory);

    byResearcher.add(researcher, researcher, sheet.id, interviews.length);
    researcherCommunes.set(researcher, (researcherCommunes.get(researcher) ?? new Set<string>()).add(territoryKey));

    const sheetDates: string[] = [];
    for (const e of interviews) {
      byActor.add(e.type_acteur, doc.enumLabel(R + 'type_acteur', e.type_acteur), sheet.id);
      const langs = [...new Set(e.langues ?? [])];
      if (langs.length === 0) byLanguage.add('', doc.t('report.noLanguage'), sheet.id);
      for (const l of langs) byLanguage.add(l, doc.enumLabel(R + 'langue', l), sheet.id);
      consents.set(e.consentement, (consents.get(e.consentement) ?? 0) + 1);
      if (e.date) sheetDates.push(e.date);
    }
    const c = sheet.collecte;
    const start = [c?.debut, ...sheetDates].filter((d): d is string => !!d).sort()[0] ?? '';
    const end = [c?.fin, ...sheetDates].filter((d): d is string => !!d).sort().at(-1) ?? '';
    dates.push(...[start, end].filter(Boolean));
    // the Arabic names are in the territory table; a narrow calendar column would wrap them
    calendar.push({ id: sheet.id, researcher, commune: place.commune, start, end, interviews: interviews.length });

    for (const n of c?.acteurs_non_entendus ?? []) {
      notHeard.push({ actor: doc.enumLabel(R + 'type_acteur', n.type_acteur), id: sheet.id, commune: place.commune, reason: n.raison.trim() });
    }
  }
  dates.sort();
  const periodText = dates.length ? doc.dateRange(dates[0]!, dates[dates.length - 1]) : '—';
  const totalText = doc.number(total);
  const unit = doc.t('report.unit');
  const totalRow = (cells: string[]) => [doc.t('report.total'), ...cells];

  const actors = byActor.sorted();
  const researchers = byResearcher.sorted();
  const languages = byLanguage.sorted();
  const provinces = new Set([...territories.values()].map((x) => x.province));
  const territoryRows = [...territories.values()].sort((a, b) => collator.compare(a.province, b.province) || collator.compare(a.commune, b.commune));
  calendar.sort((a, b) => (a.start || '9999').localeCompare(b.start || '9999') || a.id.localeCompare(b.id));
  notHeard.sort((a, b) => collator.compare(a.actor, b.actor) || a.id.localeCompare(b.id));

  const sections: SectionView[] = [
    level1(doc, 'synthese', doc.t('report.section.synthese'), [
      {
        type: 'fields',
        rows: [
          { label: doc.t('report.sheets'), value: `${doc.number(list.length)} (${list.map((s) => s.id).join(', ')})` },
          { label: doc.t('report.researchers'), value: `${doc.number(researcherNames.size)} (${[...researcherNames].sort(collator.compare).join(', ')})` },
          { label: doc.t('report.territories'), value: doc.t('report.territoriesValue', { communes: doc.number(territories.size), provinces: doc.number(provinces.size) }) },
          { label: doc.t('report.interviews'), value: totalText },
          { label: doc.t('report.period'), value: periodText },
          { label: doc.t('report.languages'), value: languages.map((l) => `${l.label} (${doc.number(l.count)})`).join(', ') || '—' },
        ],
      },
    ]),
    level1(doc, 'par-type-acteur', doc.t('report.section.acteurs'), actors.length ? [
      { type: 'table', head: [doc.t('view.actorType'), doc.t('report.col.interviews'), doc.t('report.col.share'), doc.t('report.col.sheets')], rows: [
        ...actors.map((a) => [a.label, doc.number(a.count), percent(doc, a.count, total), doc.number(a.sheets)]),
        totalRow([totalText, percent(doc, total, total), doc.number(list.length)]),
      ] },
      { type: 'chart', title: doc.t('report.chart.acteurs'), unit, bars: actors.map((a) => ({ label: a.label, value: a.count })) },
    ] : []),
    level1(doc, 'par-enqueteur', doc.t('report.section.enqueteurs'), researchers.length ? [
      { type: 'table', head: [doc.t('report.col.researcher'), doc.t('report.col.sheets'), doc.t('report.col.communes'), doc.t('report.col.interviews')], rows: [
        ...researchers.map((r) => [r.label, doc.number(r.sheets), doc.number(researcherCommunes.get(r.key)?.size ?? 0), doc.number(r.count)]),
        totalRow([doc.number(list.length), doc.number(territories.size), totalText]),
      ] },
      { type: 'chart', title: doc.t('report.chart.enqueteurs'), unit, bars: researchers.map((r) => ({ label: r.label, value: r.count })) },
    ] : []),
    level1(doc, 'par-territoire', doc.t('report.section.territoires'), territoryRows.length ? [
      { type: 'table', head: [doc.t('view.commune'), doc.t('view.province'), doc.t('report.col.sheets'), doc.t('report.col.interviews')], rows: [
        ...territoryRows.map((x) => [placeLabel(x.commune, x.communeAr), x.province, doc.number(x.sheets.size), doc.number(x.interviews)]),
        totalRow(['', doc.number(list.length), totalText]),
      ] },
    ] : []),
    level1(doc, 'calendrier', doc.t('report.section.calendrier'), calendar.length ? [
      { type: 'table', head: [doc.t('report.col.sheet'), doc.t('report.col.researcher'), doc.t('view.commune'), doc.t('report.col.start'), doc.t('report.col.end'), doc.t('report.col.interviews')], rows:
        calendar.map((x) => [x.id, x.researcher, x.commune, x.start ? doc.date(x.start) : '—', x.end ? doc.date(x.end) : '—', doc.number(x.interviews)]) },
    ] : []),
    level1(doc, 'langues', doc.t('report.section.langues'), languages.length ? [
      { type: 'table', head: [doc.t('report.col.language'), doc.t('report.col.interviews'), doc.t('report.col.share')], rows:
        languages.map((l) => [l.label, doc.number(l.count), percent(doc, l.count, total)]) },
      { type: 'note', text: doc.t('report.languagesNote') },
      { type: 'chart', title: doc.t('report.chart.langues'), unit, bars: languages.map((l) => ({ label: l.label, value: l.count })) },
    ] : []),
    level1(doc, 'consentements', doc.t('report.section.consentements'), total ? [
      { type: 'table', head: [doc.t('view.consent'), doc.t('report.col.interviews'), doc.t('report.col.share')], rows: [
        ...[...consents.entries()].map(([k, n]) => [doc.enumLabel(CONSENT, k), doc.number(n), percent(doc, n, total)]),
        totalRow([totalText, percent(doc, total, total)]),
      ] },
    ] : []),
    level1(doc, 'non-entendus', doc.t('report.section.nonEntendus'), notHeard.length
      ? [{ type: 'list', items: notHeard.map((n) => doc.t('report.notHeardItem', { actor: n.actor, id: n.id, commune: n.commune, reason: n.reason })) }]
      : [{ type: 'note', text: doc.t('report.allHeard') }]),
  ];

  const project = ctx.config.projet;
  const view: SheetView = {
    kind: 'report',
    kindLabel: doc.t('report.kind'),
    id: REPORT_ID,
    title: project ?? doc.t('report.defaultTitle'),
    subtitle: doc.t('report.subtitle', {
      sheets: doc.number(list.length),
      interviews: totalText,
      period: periodText,
      edition: isPublic ? doc.t('report.editionPublic') : doc.t('report.editionInternal'),
    }),
    lang: doc.lang,
    status: ctx.edition ?? 'interne',
    statusLabel: isPublic ? doc.t('report.editionPublic') : doc.t('report.editionInternal'),
    // the researchers are listed in the synthesis: the report itself is generated, not written
    authors: [],
    summary: [],
    sections,
    source: doc.t('report.source', { count: doc.number(list.length) }),
    organisation: ctx.config.organisation,
    colophon: doc.t('report.colophon', { org: ctx.config.organisation, version: ctx.version }),
    dataCredit: doc.t('view.dataCredit', { credit: PLACES_CREDIT }),
  };
  return typesetView(isPublic ? publicEdition(view) : view);
}
