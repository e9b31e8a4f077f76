import { typesetView } from './typeset.js';
import type { Block, SectionView, SheetView } from './model.js';
import type { ReSheet } from '../types/index.js';
import { buildOsimView, buildReView, crossViewBlocks, placeView, type ViewContext } from './build.js';
import { documentText, type DocumentText } from './locale.js';
import { demote } from './sections.js';
import { publicEdition } from './edition.js';
import { colophonView, frameView, joinNames } from './frame.js';

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
 * The colophon and the frame of a double-regard document: credits of every sheet in it (researchers,
 * supervisors, reviewers), no version of its own; the OSIM id in the footer (never the file slug
 * `double-regard-OSIM-FR-06`); « BROUILLON » when one of its sheets is a draft.
 */
function doubleRegardFrame(doc: DocumentText, osimId: string, osim: { statut: string; auteurs?: Array<{ nom: string; role: string }>; revue?: { relecteur?: string } | null; association: { nom: string } }, res: ReSheet[], ctx: ViewContext, osimFile: string): Pick<SheetView, 'colophon' | 'frame'> {
  const sheets = [osim, ...res];
  const names = (role: string) => sheets.flatMap((s) => (s.auteurs ?? []).filter((a) => (role === 'enqueteur' ? a.role !== 'encadrant' : a.role === role)).map((a) => a.nom));
  const reviewers = [...new Set(sheets.map((s) => s.revue?.relecteur).filter((r): r is string => !!r))];
  const edition = ctx.edition ?? 'interne';
  return {
    colophon: colophonView(doc, {
      organisation: ctx.config.organisation,
      edition,
      date: ctx.date ?? new Date(),
      title: doc.t('view.dr.title', { name: osim.association.nom }),
      designation: `${doc.t('view.dr.kind')} ${osimId}`,
      researchers: [...new Set(names('enqueteur'))],
      supervisors: [...new Set(names('encadrant'))],
      ...(reviewers.length ? { reviewer: joinNames(doc, reviewers) } : {}),
      licence: ctx.config.licence,
      ...(ctx.review ? { provenance: { file: osimFile, version: ctx.version } } : {}),
    }),
    frame: frameView(doc, osimId, edition, sheets.some((s) => s.statut === 'brouillon')),
  };
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
    ...doubleRegardFrame(doc, osimId, osim, res, ctx, osimFile.display),
    dataCredit: osimView.dataCredit,
  };
  return typesetView(ctx.edition === 'publique' ? publicEdition(combined) : combined);
}
