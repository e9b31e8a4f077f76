import { typesetView } from './typeset.js';
import type { Block, SectionView, SheetView } from './model.js';
import type { ReSheet } from '../types/index.js';
import { buildOsimView, buildReView, crossViewBlocks, placeView, type ViewContext } from './build.js';
import { documentText, type DocumentText } from './locale.js';
import { demote } from './sections.js';
import { publicEdition } from './edition.js';

/** A whole sheet as one level-1 part on a new page: its summary first, then its sections. */
function part(view: SheetView): SectionView {
  return {
    id: view.id,
    title: `${view.kindLabel} ${view.id} — ${view.title}`,
    level: 1,
    pageBreakBefore: true,
    blocks: [{ type: 'fields', rows: view.summary }],
    children: demote(view.sections, view.id),
  };
}

/** Counts of appreciation levels in an RE sheet, e.g. « 2 très satisfaisante(s), 1 satisfaisante(s) ». */
function appreciations(doc: DocumentText, sheet: ReSheet): string {
  const counts = new Map<string, number>();
  for (const p of sheet.perceptions ?? []) counts.set(p.appreciation, (counts.get(p.appreciation) ?? 0) + 1);
  return [...counts.entries()]
    .map(([k, n]) => `${n} × ${doc.enumLabel('re.schema.json#/properties/perceptions/items/properties/appreciation', k).toLowerCase()}`)
    .join(', ');
}

/**
 * The combined « double regard » document of one OSIM sheet: a cross-view summary (every RE sheet that
 * cites it, with its commune, status and appreciations, then each « regard croisé »), the OSIM sheet,
 * then each RE sheet, each on a new page. Returned as one view that both renderers draw.
 *
 * @param osimId id of an OSIM sheet of `ctx`
 * @param files absolute and display paths of each sheet, by id (photos are relative to their sheet)
 * @returns undefined when no OSIM sheet has that id
 */
export function buildDoubleRegardView(osimId: string, ctx: ViewContext, files: Map<string, { abs: string; display: string }>): SheetView | undefined {
  const osim = ctx.osim.get(osimId);
  if (!osim) return undefined;
  const doc = documentText(ctx.config.documentLang);
  const osimFile = files.get(osimId)!;
  const osimView = buildOsimView(osim, osimFile.abs, osimFile.display, ctx);
  const res = [...ctx.re.values()].filter((r) => r.osim.includes(osimId)).sort((a, b) => a.id.localeCompare(b.id));
  const reViews = res.map((r) => buildReView(r, files.get(r.id)!.abs, files.get(r.id)!.display, ctx));

  const summaryBlocks: Block[] = res.length
    ? [
        {
          type: 'table',
          head: [doc.t('view.id'), doc.t('view.commune'), doc.t('view.project'), doc.t('view.status'), doc.t('view.appreciations')],
          rows: res.map((r) => {
            const p = placeView(r.territoire.province, r.territoire.commune, [], doc.lang);
            return [r.id, `${p.commune}${p.communeAr ? ` (${p.communeAr})` : ''}`, r.projet.intitule, doc.enumLabel('common.schema.json#/$defs/statut', r.statut), appreciations(doc, r)];
          }),
        },
      ]
    : [{ type: 'note', text: doc.t('view.dr.noRe') }];
  const crossSections: SectionView[] = res.map((r) => ({
    id: `synthese-${r.id}`,
    title: doc.t('view.dr.crossFor', { id: r.id, title: r.titre }),
    level: 2,
    blocks: crossViewBlocks({ ...r, osim: [osimId] }, ctx),
    children: [],
  }));

  const combined: SheetView = {
    kind: 'osim',
    kindLabel: doc.t('view.dr.kind'),
    id: `double-regard-${osimId}`,
    title: doc.t('view.dr.title', { name: osim.association.nom }),
    subtitle: doc.t('view.dr.subtitle', { count: res.length, communes: [...new Set(res.map((r) => placeView(r.territoire.province, r.territoire.commune, [], doc.lang).commune))].join(', ') || '—' }),
    lang: doc.lang,
    status: osim.statut,
    statusLabel: osimView.statusLabel,
    authors: [...new Set([...osimView.authors, ...reViews.flatMap((v) => v.authors)])],
    place: osimView.place,
    summary: [
      { label: doc.t('view.dr.osim'), value: `${osimId} — ${osimView.title}` },
      { label: doc.t('view.seat'), value: osimView.summary.find((r) => r.label === doc.t('view.seat'))?.value ?? '' },
      { label: doc.t('view.reSheets'), value: res.map((r) => r.id).join(', ') || '—' },
    ],
    sections: [
      { id: 'synthese', title: doc.t('view.dr.summary'), level: 1, blocks: summaryBlocks, children: crossSections },
      part(osimView),
      ...reViews.map(part),
    ],
    source: osimView.source,
    organisation: osimView.organisation,
    colophon: osimView.colophon,
    dataCredit: osimView.dataCredit,
  };
  return typesetView(ctx.edition === 'publique' ? publicEdition(combined) : combined);
}
