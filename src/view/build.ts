import path from 'node:path';
import { readImageHeader } from '../util/image-header.js';
import type { Block, PlaceView, QuoteView, SectionView, SheetView } from './model.js';
import type { ReSheet, OsimSheet } from '../types/index.js';
import { parseRichText } from './markdown.js';
import { mainScript } from './scripts.js';
import { loadGazetteer, PLACES_CREDIT, provincePhrase } from '../link/places.js';
import type { Lang } from '../i18n/index.js';
import { documentText, type DocumentText } from './locale.js';
import { sheetPath } from '../util/paths.js';
import type { Edition, WorkspaceConfig } from '../link/config.js';
import { placeLabel } from '../util/text.js';
import { colophonView, frameView, sheetYear, versionLine } from './frame.js';
import { fieldLabel, reviewSummarySection } from './review-summary.js';
import { fundingShares, keyFacts, leadOf, percent } from './facts.js';
import { isBlank } from '../util/typography.js';

/** What the view needs to know about the other sheets of the workspace. */
export interface ViewContext {
  /** Workspace root (absolute): photos must stay inside it. */
  root: string;
  /** The workspace configuration (`capi.config.yaml`, defaults applied): organisation, project… */
  config: WorkspaceConfig;
  /** OSIM sheets by id. */
  osim: Map<string, OsimSheet>;
  /** RE sheets by id. */
  re: Map<string, ReSheet>;
  /** capi's version, for the colophon. */
  version: string;
  /**
   * `interne` (default): everything; `publique`: what may be published — no quote without consent to
   * publication, no informant code, no interview list, no photo without consent, attributions coarsened
   * to the actor type and the province (« élu·e communal·e, province de Tiznit »).
   */
  edition?: Edition;
  /** Review edition: open review comments attached to their sections (`capi render --relecture`). */
  review?: boolean;
  /** Date of the edition, printed in the colophon (`editionDate()`: `SOURCE_DATE_EPOCH`, else now); now when absent. */
  date?: Date;
}

export type { Edition } from '../link/config.js';

const C = 'common.schema.json#/$defs/';
const R = 're.schema.json#/$defs/';

function rich(text: string | null | undefined): Block[] {
  const blocks = parseRichText(text);
  return blocks.length ? [{ type: 'rich', blocks }] : [];
}

/**
 * The small formatters of a document, bound to its language: money, beneficiaries, periods, and
 * sections that say « Section non renseignée. » (or « Section not filled in. ») when empty.
 */
function writers(doc: DocumentText) {
  function money(amount: number | undefined, currency: string | undefined): string {
    if (amount === undefined) return '';
    return `${doc.number(amount)}\u00a0${currency === 'EUR' ? '€' : currency ?? ''}`.trim();
  }

  /** « 1 430 bénéficiaires — 312 foyers… »; the number alone is not repeated when the description starts with it. */
  function beneficiaries(b: { nombre?: number; description?: string }): string {
    const desc = b.description?.trim() ?? '';
    if (b.nombre === undefined) return desc;
    if (desc.startsWith(String(b.nombre))) return desc;
    const count = doc.t('view.beneficiaryCount', { count: doc.number(b.nombre) });
    return desc ? `${count} — ${desc}` : count;
  }

  /** « mars 2015 – juin 2018 », « depuis 2019 »: months named in the document's language, years as they are. */
  function period(p: { debut: number | string; fin?: number | string } | undefined): string {
    if (!p) return '';
    const start = doc.month(String(p.debut));
    return p.fin !== undefined ? `${start} – ${doc.month(String(p.fin))}` : doc.t('view.since', { start });
  }

  function orEmpty(blocks: Block[]): Block[] {
    return blocks.length ? blocks : [{ type: 'note', text: doc.t('view.empty') }];
  }

  function section(id: string, title: string, blocks: Block[], children: SectionView[] = []): SectionView {
    return { id, title, level: 1, blocks: children.length ? blocks : orEmpty(blocks), children };
  }

  function sub(id: string, title: string, blocks: Block[]): SectionView {
    return { id, title, level: 2, blocks: orEmpty(blocks), children: [] };
  }

  return { money, beneficiaries, period, section, sub };
}

function fields(rows: Array<{ label: string; value: string | undefined | null }>): Block[] {
  const kept = rows.filter((r): r is { label: string; value: string } => typeof r.value === 'string' && r.value.trim() !== '');
  return kept.length ? [{ type: 'fields', rows: kept }] : [];
}

/**
 * The financing table of an RE sheet: one row per source (amount, its share in % of the total of its
 * currency, nature), then a total row per currency. MAD and euros are never added together: the sheet
 * gives no conversion rate, so each currency has its own total and a note says so (issue 12).
 *
 * @param money formats an amount with its currency (« 249 600 MAD », « 30 000 € »)
 * @param nature the label of a `nature` value
 */
export function fundingBlocks(
  doc: DocumentText,
  sources: Array<{ source: string; montant?: number; devise?: string; nature?: string }>,
  money: (amount: number | undefined, currency: string | undefined) => string,
  nature: (value: string) => string,
): Block[] {
  const { totals, shares } = fundingShares(sources);
  const rows = sources.map((f, i) => [f.source, money(f.montant, f.devise), shares[i] !== undefined ? percent(doc, shares[i]!) : '', f.nature ? nature(f.nature) : '']);
  const currencyName = (c: string) => (c === 'EUR' ? 'euros' : c);
  for (const [currency, total] of totals) {
    const label = totals.size > 1 ? doc.t('view.fundingTotalIn', { currency: currencyName(currency) }) : doc.t('view.fundingTotal');
    rows.push([label, money(total, currency || undefined), total > 0 ? percent(doc, 1) : '', '']);
  }
  // several currencies: the column says its shares are within each currency
  const shareHead = doc.t(totals.size > 1 ? 'view.shareInCurrency' : 'view.share');
  const blocks: Block[] = [{ type: 'table', head: [doc.t('view.fundingSource'), doc.t('view.amount'), shareHead, doc.t('view.nature')], rows }];
  if (totals.size > 1) blocks.push({ type: 'note', text: doc.t('view.currenciesApart', { currencies: [...totals.keys()].map(currencyName).join(doc.lang === 'fr' ? ' et en ' : ' and in ') }) });
  return blocks;
}

/** Official names (French and Arabic) of a province and commune, from the reference list. */
export function placeView(province: string, commune: string, douars: string[] = [], lang: Lang = 'fr'): PlaceView {
  const g = loadGazetteer();
  const p = g.findProvince(province);
  const c = g.findCommune(commune, p?.code) ?? g.findCommune(commune);
  return {
    province: p?.nameFr ?? province,
    provincePhrase: provincePhrase(p?.nameFr ?? province, lang),
    provinceAr: p?.nameAr,
    commune: c?.nameFr ?? commune,
    communeAr: c?.nameAr,
    douars,
  };
}

/**
 * The authors under the title, « Salma Aït Lhaj (enquête et rédaction) »: a named person's role is
 * given by what they did (the colophon's credit nouns), never by an inclusive form such as
 * « enquêteur·rice » (meant for categories) nor by a guessed gender. An unknown role prints its label.
 */
function authorsOf(doc: DocumentText, list: Array<{ nom: string; role: string }> | undefined): string[] {
  const known = ['enqueteur', 'encadrant', 'redacteur'];
  const role = (r: string) => (known.includes(r) ? doc.t(`view.authorRole.${r}`) : doc.enumLabel(C + 'auteur/properties/role', r).toLowerCase());
  return (list ?? []).map((a) => `${a.nom} (${role(a.role)})`);
}

/** The quote as shown: language label, script and direction, attribution. */
function quoteView(
  doc: DocumentText,
  q: { texte: string; langue: string; traduction?: string; informateur: string; consentement_publication: boolean },
  actor: string,
  publicProvince?: string,
): QuoteView {
  const script = mainScript(q.texte);
  // public edition: no informant code, the actor type and the province only (fiches.md, personal data)
  return {
    text: q.texte,
    lang: q.langue,
    langLabel: doc.enumLabel(R + 'langue', q.langue),
    script,
    dir: script === 'arabic' ? 'rtl' : 'ltr',
    translation: q.langue === 'fr' ? undefined : q.traduction,
    attribution: publicProvince ? doc.t('view.publicAttribution', { actor: actor.toLowerCase(), place: provincePhrase(publicProvince, doc.lang) }) : `${q.informateur}, ${actor.toLowerCase()}`,
    publishable: q.consentement_publication,
  };
}

/**
 * The quotes of a perception that the edition may print: all of them in the internal edition; in the
 * public edition only those with consent to publication, from an interview whose consent is not
 * `sans-citation` (law 09-08 / GDPR: fiches.md, « Personal data »).
 */
function printableQuotes<Q extends { informateur: string; consentement_publication: boolean }>(quotes: Q[] | undefined, sheet: ReSheet, ctx: ViewContext): Q[] {
  if (ctx.edition !== 'publique') return quotes ?? [];
  const refused = new Set((sheet.collecte?.entretiens ?? []).filter((e) => e.consentement === 'sans-citation').map((e) => e.code));
  return (quotes ?? []).filter((q) => q.consentement_publication && !refused.has(q.informateur));
}

/**
 * A photo block, with the image's size in pixels. The photos were checked before (`checkPhotos`, which
 * `validate` and every command run, and `drawingProblems` for the sheets a command did not check): they
 * stay inside the workspace and are readable PNG or JPEG images. A photo unreadable all the same (removed
 * since the check) is left out of the view rather than failing the document.
 */
function photoBlock(sheetFile: string, photo: { fichier: string; legende: string; credit: string }): Block | undefined {
  const abs = path.resolve(path.dirname(sheetFile), sheetPath(photo.fichier));
  let size: { width?: number; height?: number };
  try {
    size = readImageHeader(abs);
  } catch {
    return undefined;
  }
  if (!size.width || !size.height) return undefined;
  return { type: 'photo', file: abs, width: size.width, height: size.height, caption: photo.legende, credit: photo.credit };
}

/** A sheet's data as its colophon needs it (RE and OSIM sheets alike). */
interface SheetCredits {
  id: string;
  statut: string;
  auteurs?: Array<{ nom: string; role: string }>;
  revue?: { relecteur?: string; date?: string; decision?: string } | null;
  collecte?: { debut?: string; fin?: string } | null;
}

/**
 * The colophon and the page frame of one sheet: organisation, edition date, version (statut and date of
 * the review decision), researchers, supervisors, reviewer, licence, citation; the source file and
 * capi's version in the review edition only; the internal mark unless public, « BROUILLON » for a draft.
 */
function sheetFrame(doc: DocumentText, sheet: SheetCredits, title: string, kindLabel: string, displayFile: string, ctx: ViewContext): Pick<SheetView, 'colophon' | 'frame'> {
  const edition = ctx.edition ?? 'interne';
  const byRole = (role: string) => (sheet.auteurs ?? []).filter((a) => a.role === role).map((a) => a.nom);
  const others = (sheet.auteurs ?? []).filter((a) => a.role !== 'enqueteur' && a.role !== 'encadrant').map((a) => a.nom);
  return {
    colophon: colophonView(doc, {
      organisation: ctx.config.organisation,
      edition,
      date: ctx.date ?? new Date(),
      title,
      designation: `${kindLabel} ${sheet.id}`,
      version: versionLine(doc, doc.enumLabel(C + 'statut', sheet.statut), sheet.revue?.decision ? sheet.revue.date : undefined),
      researchers: [...byRole('enqueteur'), ...others],
      supervisors: byRole('encadrant'),
      reviewer: sheet.revue?.relecteur,
      ...(sheetYear(sheet) ? { citationYear: sheetYear(sheet) } : {}),
      licence: ctx.config.licence,
      ...(ctx.review ? { provenance: { file: displayFile, version: ctx.version } } : {}),
    }),
    frame: frameView(doc, sheet.id, edition, sheet.statut === 'brouillon'),
  };
}

/**
 * The review edition's additions to a sheet's sections: its open comments on the sections they are
 * about (fields named by their French labels), then the review summary as the first section.
 */
function withReview(doc: DocumentText, kind: 're' | 'osim', sections: SectionView[], revue: Parameters<typeof attachComments>[1], ctx: ViewContext): SectionView[] {
  if (!ctx.review) return sections;
  attachComments(sections, revue, (path) => fieldLabel(doc, kind, path));
  return [reviewSummarySection(doc, kind, revue), ...sections];
}

/**
 * Builds the view of an RE sheet (fiche retour d'expérience): summary box, then the sections of
 * fiches.md in reading order. Labels come from the schemas' `x-labels`; place names from the HCP
 * reference list.
 *
 * @param sheet the sheet's data, already valid against `schemas/re.schema.json`
 * @param file absolute path of the sheet (photos are relative to it)
 * @param displayFile path shown in messages and the colophon
 */
export function buildReView(sheet: ReSheet, file: string, displayFile: string, ctx: ViewContext): SheetView {
  const doc = documentText(ctx.config.documentLang);
  const { money, beneficiaries, period, section, sub } = writers(doc);
  const place = placeView(sheet.territoire.province, sheet.territoire.commune, sheet.territoire.douars ?? [], doc.lang);
  const projet = sheet.projet;
  const sectors = projet.secteurs.map((s) => doc.enumLabel(C + 'secteur', s)).join(', ');
  // page 1 says what the project is: key facts, not the internal metadata (id and status are in the footer and colophon)
  const linkedOsim = sheet.osim.map((id) => ctx.osim.get(id)).filter((o): o is OsimSheet => o !== undefined);
  const summary = keyFacts(doc, sheet, linkedOsim, sectors, { money, beneficiaries, period });
  const lead = leadOf(doc, sheet);

  const sections: SectionView[] = [];
  // Le projet
  const projectBlocks: Block[] = [
    // intitulé, secteurs, période, total cost and beneficiaries are in the first page's key facts
  ];
  if (projet.financements?.length) {
    projectBlocks.push(...fundingBlocks(doc, projet.financements, money, (n) => labelAt('#/properties/projet/properties/financements/items/properties/nature', n)));
  }
  if (projet.partenaires?.length) {
    projectBlocks.push({ type: 'table', head: [doc.t('view.partner'), doc.t('view.partnerType'), doc.t('view.partnerRole')], rows: projet.partenaires.map((p) => [p.nom, doc.enumLabel(C + 'type_partenaire', p.type), p.role ?? '']) });
  }
  sections.push(section('projet', doc.t('view.section.projet'), projectBlocks));
  sections.push(section('contexte', doc.t('view.section.contexte'), rich(sheet.contexte)));

  const d = sheet.description ?? undefined;
  sections.push(
    section('description', doc.t('view.section.description'), [], [
      sub('description-acteurs', doc.t('view.section.acteurs'), d?.acteurs?.length ? [{ type: 'table', head: [doc.t('view.actor'), doc.t('view.role')], rows: d.acteurs.map((a) => [a.nom, a.role]) }] : []),
      sub('description-etapes', doc.t('view.section.etapes'), rich(d?.etapes)),
      sub('description-ressources', doc.t('view.section.ressources'), rich(d?.ressources)),
    ]),
  );

  const contributions = sheet.contributions ?? [];
  sections.push(
    section(
      'contributions',
      doc.t('view.section.contributions'),
      [],
      contributions.length
        ? contributions.map((c, i) =>
            sub(`contributions-${i + 1}`, c.titre, [
              ...rich(c.description),
              ...(!isBlank(c.preuves) ? [{ type: 'note', text: doc.t('view.evidence'), lead: true } as Block, ...rich(c.preuves)] : []),
            ]),
          )
        : [sub('contributions-vide', doc.t('view.section.contributions'), [])],
    ),
  );

  const perceptions = sheet.perceptions ?? [];
  sections.push(
    section(
      'perceptions',
      doc.t('view.section.perceptions'),
      [],
      perceptions.length
        ? perceptions.map((p, i) => {
            const actor = doc.enumLabel(R + 'type_acteur', p.type_acteur);
            const levels = ['non-satisfaisante', 'moyennement-satisfaisante', 'satisfaisante', 'tres-satisfaisante'];
            return sub(`perceptions-${i + 1}`, actor, [
              { type: 'rating', label: doc.t('view.appreciation'), value: labelAt('#/properties/perceptions/items/properties/appreciation', p.appreciation), level: levels.indexOf(p.appreciation) + 1, max: 4 },
              ...(p.points?.length ? [{ type: 'list', items: p.points } as Block] : []),
              ...(!isBlank(p.preuves) ? [{ type: 'note', text: doc.t('view.evidence'), lead: true } as Block, ...rich(p.preuves)] : []),
              ...printableQuotes(p.citations, sheet, ctx).map((q) => ({ type: 'quote', quote: quoteView(doc, q, actor, ctx.edition === 'publique' ? place.province : undefined) }) as Block),
            ]);
          })
        : [sub('perceptions-vide', doc.t('view.section.perceptions'), [])],
    ),
  );

  const leviers = (sheet.leviers_changement ?? []).map((l) => (typeof l === 'string' ? doc.enumLabel(R + 'levier', l) : l.autre));
  sections.push(section('regard-croise', doc.t('view.section.regardCroise'), crossViewBlocks(sheet, ctx)));
  sections.push(section('leviers-changement', doc.t('view.section.leviers'), leviers.length ? [{ type: 'list', items: leviers }] : []));
  sections.push(section('valeur-ajoutee', doc.t('view.section.valeur'), rich(sheet.valeur_ajoutee)));
  const lpp = sheet.leviers_politiques_publiques ?? [];
  sections.push(
    section('politiques-publiques', doc.t('view.section.politiques'), lpp.length ? [{ type: 'table', head: [doc.t('view.level'), doc.t('view.descriptionCol')], rows: lpp.map((l) => [labelAt('#/properties/leviers_politiques_publiques/items/properties/niveau', l.niveau), l.description]) }] : []),
  );

  const bp = sheet.bonne_pratique ?? undefined;
  const criteria: Array<[string, string]> = [
    ['resultats_prouves', doc.t('view.crit.resultats_prouves')],
    ['durable', doc.t('view.crit.durable')],
    ['sensible_genre', doc.t('view.crit.sensible_genre')],
    ['techniquement_faisable', doc.t('view.crit.techniquement_faisable')],
    ['participatif', doc.t('view.crit.participatif')],
    ['reproductible', doc.t('view.crit.reproductible')],
    ['reduction_risques', doc.t('view.crit.reduction_risques')],
  ];
  const critRows = criteria
    .map(([key, label]) => {
      const c = (bp?.criteres as Record<string, { evaluation: string; justification?: string }> | undefined)?.[key];
      return c ? [label, labelAt('#/$defs/critere/properties/evaluation', c.evaluation), c.justification ?? ''] : undefined;
    })
    .filter((r): r is string[] => r !== undefined);
  sections.push(
    section('bonne-pratique', doc.t('view.section.bonnePratique'), [
      ...fields([
        { label: doc.t('view.practice'), value: bp?.titre },
        { label: doc.t('view.maturity'), value: bp?.maturite ? labelAt('#/properties/bonne_pratique/properties/maturite', bp.maturite) : undefined },
      ]),
      ...(critRows.length ? [{ type: 'table', head: [doc.t('view.criterion'), doc.t('view.evaluation'), doc.t('view.justification')], rows: critRows } as Block] : []),
      ...(!isBlank(bp?.conditions_reproduction) ? [{ type: 'note', text: doc.t('view.replication'), lead: true } as Block, ...rich(bp!.conditions_reproduction)] : []),
    ]),
  );
  sections.push(section('contraintes', doc.t('view.section.contraintes'), rich(sheet.contraintes)));
  sections.push(section('enseignements', doc.t('view.section.enseignements'), rich(sheet.enseignements)));
  const recos = sheet.recommandations ?? [];
  sections.push(
    section('recommandations', doc.t('view.section.recommandations'), recos.length ? [{ type: 'table', head: [doc.t('view.addressee'), doc.t('view.recommendation')], rows: recos.map((r) => [labelAt('#/properties/recommandations/items/properties/destinataire', r.destinataire), r.texte]) }] : []),
  );
  const photos = (sheet.photos ?? []).filter((p) => ctx.edition !== 'publique' || p.consentement);
  if (photos.length) {
    sections.push(section('photos', doc.t('view.section.photos'), photos.flatMap((p) => photoBlock(file, p) ?? [])));
  }
  const collecte = sheet.collecte;
  if (collecte) {
    const blocks: Block[] = [
      ...fields([{ label: doc.t('view.fieldwork'), value: collecte.debut ? doc.dateRange(collecte.debut, collecte.fin) : undefined }]),
    ];
    if (collecte.entretiens?.length && ctx.edition === 'publique') {
      const counts = new Map<string, number>();
      for (const e of collecte.entretiens) counts.set(e.type_acteur, (counts.get(e.type_acteur) ?? 0) + 1);
      blocks.push({
        type: 'table',
        head: [doc.t('view.actorType'), doc.t('view.interviews')],
        rows: [...counts.entries()].map(([k, n]) => [doc.enumLabel(R + 'type_acteur', k), String(n)]),
      });
    } else if (collecte.entretiens?.length) {
      blocks.push({
        type: 'table',
        head: [doc.t('view.informant'), doc.t('view.actorType'), doc.t('view.date'), doc.t('view.placeCol'), doc.t('view.languages'), doc.t('view.consent')],
        rows: collecte.entretiens.map((e) => [
          e.code,
          doc.enumLabel(R + 'type_acteur', e.type_acteur),
          e.date ? doc.date(e.date) : '',
          e.lieu ?? '',
          (e.langues ?? []).map((l) => doc.enumLabel(R + 'langue', l)).join(', '),
          labelAt('#/properties/collecte/properties/entretiens/items/properties/consentement', e.consentement),
        ]),
      });
    }
    if (collecte.acteurs_non_entendus?.length) {
      blocks.push({ type: 'note', text: doc.t('view.notHeard'), lead: true });
      blocks.push({ type: 'list', items: collecte.acteurs_non_entendus.map((a) => `${doc.enumLabel(R + 'type_acteur', a.type_acteur)} : ${a.raison}`) });
    }
    if (collecte.documents?.length) {
      blocks.push({ type: 'note', text: doc.t('view.documents'), lead: true });
      blocks.push({ type: 'list', items: collecte.documents });
    }
    sections.push(section('collecte', doc.t('view.section.collecte'), blocks));
  }

  return {
    kind: 're',
    kindLabel: doc.t('view.kind.re'),
    id: sheet.id,
    title: sheet.titre,
    subtitle: projet.intitule,
    lang: doc.lang,
    status: sheet.statut,
    statusLabel: doc.enumLabel(C + 'statut', sheet.statut),
    authors: authorsOf(doc, sheet.auteurs),
    place,
    summary,
    ...(lead ? { lead } : {}),
    ...(ctx.config.logo ? { logo: ctx.config.logo } : {}),
    sections: withReview(doc, 're', sections, sheet.revue, ctx),
    source: displayFile,
    organisation: ctx.config.organisation,
    ...sheetFrame(doc, sheet, sheet.titre, doc.t('view.kind.re'), displayFile, ctx),
    dataCredit: doc.t('view.dataCredit', { credit: PLACES_CREDIT }),
  };

  function labelAt(pointer: string, value: string): string {
    return doc.enumLabel('re.schema.json' + pointer, value);
  }
}

/** Section ids of the top-level keys whose section id differs from the key. */
const SECTION_OF_KEY: Record<string, string> = {
  leviers_changement: 'leviers-changement',
  valeur_ajoutee: 'valeur-ajoutee',
  leviers_politiques_publiques: 'politiques-publiques',
  bonne_pratique: 'bonne-pratique',
  osim: 'regard-croise',
  territoire_origine: 'territoire-origine',
  pratiques: 'pratiques',
};

/**
 * Attaches the open (unresolved) review comments of a sheet to the sections their `champ` points at:
 * `contributions` → the « Contributions » section, `perceptions.1.citations` → the second perception's
 * sub-section; keys without a section of their own (`titre`, `territoire`…) go to the first section.
 * Numbers are 1-based positions in `revue.commentaires` (what `capi review --resoudre N` takes).
 * `label` names the field for readers (`fieldLabel`: schema titles); the raw path stays in `path`.
 */
export function attachComments(
  sections: SectionView[],
  revue: { relecteur?: string; date?: string; commentaires?: Array<{ champ: string; texte: string; auteur?: string; date?: string; resolu?: boolean }> } | null | undefined,
  label: (path: string) => string = (path) => path,
): void {
  if (!revue?.commentaires?.length || sections.length === 0) return;
  revue.commentaires.forEach((c, i) => {
    if (c.resolu) return;
    const [key, index] = c.champ.split(/[.[\]]+/).filter(Boolean);
    const id = SECTION_OF_KEY[key] ?? key.replace(/_/g, '-');
    const top = sections.find((s) => s.id === id) ?? sections[0];
    const child = index !== undefined && /^\d+$/.test(index) ? top.children.find((ch) => ch.id === `${top.id}-${Number(index) + 1}`) : undefined;
    const target = child ?? top;
    // each comment keeps its own author and date; older comments without them take the review's
    target.comments = [...(target.comments ?? []), { number: i + 1, author: c.auteur ?? revue.relecteur ?? '', date: c.date ?? revue.date, field: label(c.champ), path: c.champ, text: c.texte }];
  });
}

/** The first paragraph of a narrative text, as plain text (for short excerpts). */
function firstParagraph(text: string | null | undefined): string {
  const first = parseRichText(text).find((b) => b.type === 'paragraph');
  if (!first || first.type !== 'paragraph') return '';
  const plain = (inl: import('./model.js').Inline[]): string => inl.map((i) => (i.type === 'text' ? i.value : i.type === 'break' ? ' ' : plain(i.children))).join('');
  return plain(first.children);
}

/**
 * The « regard croisé » of an RE sheet: for each OSIM sheet it cites, the France side (what the OSIM
 * sheet says of the action: its project in this commune, its characterised practices) beside the
 * territory side (what local actors said: appreciation per actor type, perceived added value, a quote).
 * A cited OSIM sheet missing from the workspace gets a note instead.
 */
export function crossViewBlocks(sheet: ReSheet, ctx: ViewContext): Block[] {
  const doc = documentText(ctx.config.documentLang);
  const { money, period } = writers(doc);
  const blocks: Block[] = [];
  const g = loadGazetteer();
  const communeCode = g.findCommune(sheet.territoire.commune)?.code;
  const place = placeView(sheet.territoire.province, sheet.territoire.commune, [], doc.lang);
  for (const id of sheet.osim) {
    const o = ctx.osim.get(id);
    if (!o) {
      blocks.push({ type: 'note', text: doc.t('view.cross.missing', { id }) });
      continue;
    }
    const seat = [o.association.siege.commune, o.association.siege.departement].filter(Boolean).join(', ');
    const projects = (o.projets ?? []).filter((p) => (communeCode ? g.findCommune(p.commune)?.code === communeCode : p.commune === sheet.territoire.commune));
    const france: Block[] = [];
    for (const p of projects) {
      france.push(...fields([
        { label: doc.t('view.project'), value: p.intitule },
        { label: doc.t('view.period'), value: period(p.periode) },
        { label: doc.t('view.budget'), value: p.budget ? money(p.budget.montant, p.budget.devise) : undefined },
        { label: doc.t('view.cofunders'), value: (p.cofinanceurs ?? []).join(', ') },
        { label: doc.t('view.projectStatus'), value: p.statut ? doc.enumLabel('osim.schema.json#/properties/projets/items/properties/statut', p.statut) : undefined },
      ]));
    }
    if (projects.length === 0) france.push({ type: 'note', text: doc.t('view.cross.noProject', { commune: place.commune }) });
    if (o.pratiques?.length) {
      france.push({ type: 'note', text: doc.t('view.cross.practices'), lead: true });
      france.push({
        type: 'rich',
        blocks: [{ type: 'list', ordered: false, start: 1, items: o.pratiques.map((p) => {
          const excerpt = firstParagraph(p.description);
          return [{ type: 'paragraph', children: [{ type: 'strong', children: [{ type: 'text', value: p.titre }] }, ...(excerpt ? [{ type: 'text', value: ` — ${excerpt}` } as const] : [])] }];
        }) }],
      });
    }
    const territory: Block[] = [];
    const perceptions = sheet.perceptions ?? [];
    if (perceptions.length) {
      territory.push({
        type: 'fields',
        rows: perceptions.map((p) => ({
          label: doc.enumLabel('re.schema.json#/$defs/type_acteur', p.type_acteur),
          value: doc.enumLabel('re.schema.json#/properties/perceptions/items/properties/appreciation', p.appreciation),
        })),
      });
    } else territory.push({ type: 'note', text: doc.t('view.cross.noPerception') });
    const added = firstParagraph(sheet.valeur_ajoutee);
    if (added) {
      territory.push({ type: 'note', text: doc.t('view.cross.addedValue'), lead: true });
      territory.push({ type: 'rich', blocks: [{ type: 'paragraph', children: [{ type: 'text', value: added }] }] });
    }
    const quoted = perceptions.flatMap((p) => printableQuotes(p.citations, sheet, ctx).map((q) => ({ q, actor: doc.enumLabel('re.schema.json#/$defs/type_acteur', p.type_acteur) }))).find((x) => x.q.consentement_publication);
    if (quoted) territory.push({ type: 'quote', quote: quoteView(doc, quoted.q, quoted.actor, ctx.edition === 'publique' ? place.province : undefined) });
    blocks.push({
      type: 'columns',
      columns: [
        { title: doc.t('view.cross.france', { name: o.association.nom }), subtitle: doc.t('view.cross.franceSub', { id, seat }), blocks: france },
        { title: doc.t('view.cross.territory', { commune: place.commune }), subtitle: doc.t('view.cross.territorySub', { id: sheet.id, province: place.province }), blocks: territory },
      ],
    });
  }
  return blocks;
}

/**
 * Builds the view of an OSIM sheet (France side): association, governance, territory of origin with
 * official names, networks, projects, partners, characterised practices, lessons, and the RE sheets
 * that cite it (backlinks).
 *
 * @param sheet the sheet's data, already valid against `schemas/osim.schema.json`
 * @param _file the sheet's absolute path (unused: an OSIM sheet has no photos; kept so both builders share one signature)
 */
export function buildOsimView(sheet: OsimSheet, _file: string, displayFile: string, ctx: ViewContext): SheetView {
  const doc = documentText(ctx.config.documentLang);
  const { money, period, section, sub } = writers(doc);
  const a = sheet.association;
  const to = sheet.territoire_origine;
  const g = loadGazetteer();
  const province = g.findProvince(to.province);
  const communes = to.communes.map((c) => {
    const found = g.findCommune(c, province?.code) ?? g.findCommune(c);
    return placeLabel(found?.nameFr ?? c, found?.nameAr);
  });
  const seat = [a.siege.commune, a.siege.departement, a.siege.region].filter(Boolean).join(', ');
  const L = (pointer: string, value: string) => doc.enumLabel('osim.schema.json' + pointer, value);
  const backlinks = [...ctx.re.values()].filter((r) => r.osim.includes(sheet.id)).sort((x, y) => x.id.localeCompare(y.id));
  const firstCommune = to.communes[0];
  const place = firstCommune ? placeView(to.province, firstCommune, to.douars ?? [], doc.lang) : undefined;

  const sections: SectionView[] = [
    section('association', doc.t('view.section.association'), fields([
      { label: doc.t('view.assocName'), value: a.nom },
      { label: doc.t('view.acronym'), value: a.sigle },
      { label: doc.t('view.created'), value: a.annee_creation !== undefined ? String(a.annee_creation) : undefined },
      { label: doc.t('view.seat'), value: seat },
      { label: doc.t('view.website'), value: a.site_web },
    ])),
    section('gouvernance', doc.t('view.section.gouvernance'), fields([
      { label: doc.t('view.members'), value: sheet.gouvernance?.membres !== undefined ? doc.number(sheet.gouvernance.membres) : undefined },
      { label: doc.t('view.volunteers'), value: sheet.gouvernance?.benevoles !== undefined ? doc.number(sheet.gouvernance.benevoles) : undefined },
      { label: doc.t('view.women'), value: sheet.gouvernance?.part_femmes !== undefined ? `${doc.number(sheet.gouvernance.part_femmes)} %` : undefined },
      { label: doc.t('view.young'), value: sheet.gouvernance?.part_jeunes !== undefined ? `${doc.number(sheet.gouvernance.part_jeunes)} %` : undefined },
      { label: doc.t('view.assembly'), value: sheet.gouvernance?.assemblee_generale },
      { label: doc.t('view.accounts'), value: sheet.gouvernance?.comptes },
    ])),
    section('territoire-origine', doc.t('view.section.territoireOrigine'), fields([
      { label: doc.t('view.province'), value: placeLabel(province?.nameFr ?? to.province, province?.nameAr) },
      { label: doc.t('view.communes'), value: communes.join(', ') },
      { label: doc.t('view.douars'), value: (to.douars ?? []).join(', ') },
      { label: doc.t('view.villageAssociation'), value: to.association_partenaire },
    ])),
    section('reseaux', doc.t('view.section.reseaux'), [
      ...(sheet.reseaux?.length ? [{ type: 'list', items: sheet.reseaux } as Block] : []),
      ...fields([{ label: doc.t('view.domains'), value: (sheet.domaines ?? []).map((s) => doc.enumLabel(C + 'secteur', s)).join(', ') }]),
    ]),
    section('projets', doc.t('view.section.projets'), sheet.projets?.length ? [{
      type: 'table',
      head: [doc.t('view.project'), doc.t('view.commune'), doc.t('view.period'), doc.t('view.sector'), doc.t('view.budget'), doc.t('view.projectStatus')],
      rows: sheet.projets.map((p) => [
        p.intitule,
        p.commune,
        period(p.periode),
        p.secteur ? doc.enumLabel(C + 'secteur', p.secteur) : '',
        p.budget ? money(p.budget.montant, p.budget.devise) : '',
        p.statut ? L('#/properties/projets/items/properties/statut', p.statut) : '',
      ]),
    }] : []),
    section('partenaires', doc.t('view.section.partenaires'), fields([
      { label: doc.t('view.partnersMa'), value: (sheet.partenaires?.locaux ?? []).join(', ') },
      { label: doc.t('view.partnersFr'), value: (sheet.partenaires?.francais ?? []).join(', ') },
      { label: doc.t('view.funders'), value: (sheet.partenaires?.bailleurs ?? []).join(', ') },
    ])),
    section('pratiques', doc.t('view.section.pratiques'), [], (sheet.pratiques ?? []).length ? (sheet.pratiques ?? []).map((p, i) => sub(`pratiques-${i + 1}`, p.titre, rich(p.description))) : [sub('pratiques-vide', doc.t('view.section.pratiques'), [])]),
    section('enseignements', doc.t('view.section.enseignements'), rich(sheet.enseignements)),
    section('fiches-re', doc.t('view.section.backlinks'), backlinks.length ? [{
      type: 'table',
      head: [doc.t('view.id'), doc.t('view.title'), doc.t('view.commune'), doc.t('view.status')],
      rows: backlinks.map((r) => {
        const pv = placeView(r.territoire.province, r.territoire.commune, [], doc.lang);
        return [r.id, r.titre, placeLabel(pv.commune, pv.communeAr), doc.enumLabel(C + 'statut', r.statut)];
      }),
    }] : []),
  ];

  const title = a.sigle ? `${a.nom} (${a.sigle})` : a.nom;
  return {
    kind: 'osim',
    kindLabel: doc.t('view.kind.osim'),
    id: sheet.id,
    title,
    subtitle: doc.t('view.osimSubtitle', { seat }),
    lang: doc.lang,
    status: sheet.statut,
    statusLabel: doc.enumLabel(C + 'statut', sheet.statut),
    authors: authorsOf(doc, sheet.auteurs),
    place,
    // page 1: what the association is (its id and status are in the footer and colophon)
    summary: [
      { label: doc.t('view.seat'), value: seat },
      { label: doc.t('view.territory'), value: `${communes.join(', ')} — ${placeLabel(province?.nameFr ?? to.province, province?.nameAr)}` },
      ...(backlinks.length ? [{ label: doc.t('view.reSheets'), value: backlinks.map((r) => r.id).join(', ') }] : []),
    ],
    ...(ctx.config.logo ? { logo: ctx.config.logo } : {}),
    sections: withReview(doc, 'osim', sections, sheet.revue, ctx),
    source: displayFile,
    organisation: ctx.config.organisation,
    ...sheetFrame(doc, sheet, title, doc.t('view.kind.osim'), displayFile, ctx),
    dataCredit: doc.t('view.dataCredit', { credit: PLACES_CREDIT }),
  };
}
