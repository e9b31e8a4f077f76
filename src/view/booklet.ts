/**
 * The booklet (« recueil », `capi booklet`): which RE sheets go in, and what its front matter and
 * indexes show. Page numbers are not known here: the PDF renderer computes them, Word fills them in
 * (TOC and PAGEREF fields). Both renderers draw the same {@link BookletView}.
 */
import { provincePhrase } from '../link/places.js';
import type { LoadedSheet } from '../load/sheet.js';
import type { ReSheet } from '../types/index.js';
import type { ColophonView, FrameView, RichBlock, SheetHeading, SheetView } from './model.js';
import { colophonView, frameView, joinNames } from './frame.js';
import { parseRichText } from './markdown.js';
import { typesetRichText } from './typeset.js';
import { typography } from '../util/typography.js';
import { placeView, type ViewContext } from './build.js';
import { foldPlace, loadGazetteer } from '../link/places.js';
import { enumLabel } from '../validate/schemas.js';
import { enumAt } from '../validate/schema-hints.js';
import { suggest } from '../validate/schema-errors.js';
import type { WorkspaceConfig } from '../link/config.js';
import { UserError } from '../util/errors.js';
import { t } from '../i18n/index.js';
import { documentText, type DocumentText } from './locale.js';
import { PLACES_CREDIT } from '../link/places.js';
import type { GlossaryEntry } from '../link/glossary.js';

/** The `recueil` part of `capi.config.yaml`, with defaults. */
export interface BookletConfig {
  title: string;
  subtitle?: string;
  organisation: string;
  /** Free text, e.g. « 2023 » or « mars 2024 »; an ISO date of the configuration is written « 9 mai 2024 ». */
  date: string;
  introduction: RichBlock[];
  /** The booklet's language: `langue_documents` of the configuration (`fr` by default). */
  lang: 'fr' | 'en';
  /** `licence` of the configuration (default CC BY 4.0): printed on the back cover as in every colophon. */
  licence: string;
  /** `logo`: absolute path of the organisation's logo (PNG, JPEG or SVG), when configured. */
  logo?: string;
  /** The day this edition is made, in words in the booklet's language (« 30 novembre 2026 »). */
  editionDate: string;
}

/**
 * A day in words in the booklet's language, from the calendar date of `when` on this machine
 * (« 30 novembre 2026 », « 30 November 2026 »): an edition is dated the day it is made where it is made.
 */
export function dateInWords(when: Date, lang: 'fr' | 'en'): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(when);
}

/**
 * The booklet's front matter from the workspace configuration: the `recueil` section (`titre`,
 * `sous_titre`, `date`, `introduction` in the Markdown subset) and `organisation` (its default applied
 * by `loadConfig`). Missing values get defaults (a generic title, the current year, no introduction).
 */
export function bookletConfig(config: WorkspaceConfig, now = new Date()): BookletConfig {
  const r = config.recueil;
  const str = (v: unknown): string | undefined => (v === undefined || v === null || String(v).trim() === '' ? undefined : String(v).trim());
  return {
    title: str(r.titre) ?? documentText(config.documentLang).t('booklet.defaultTitle'),
    subtitle: str(r.sous_titre),
    organisation: config.organisation,
    // an ISO date is written for readers (« 9 mai 2022 »); a YAML timestamp is read in UTC, never the machine's zone
    date: documentText(config.documentLang).date((r.date as unknown) instanceof Date ? (r.date as unknown as Date).toISOString().slice(0, 10) : str(r.date) ?? String(now.getFullYear())),
    introduction: parseRichText(str(r.introduction)),
    lang: config.documentLang,
    licence: config.licence,
    ...(config.logo ? { logo: config.logo } : {}),
    editionDate: dateInWords(now, config.documentLang),
  };
}

/** Filters of `capi booklet`. */
export interface BookletFilters {
  /** Statuses kept (comma-separated codes, default `validee`). */
  statut?: string;
  /** Province, matched loosely against the reference list. */
  province?: string;
  /** Sector code (or its label), matched loosely. */
  secteur?: string;
}

/** The RE sheets a booklet takes, and the ones it had to leave out. */
export interface BookletSelection {
  /** Valid sheets matching every filter, in booklet order (province, then id). */
  sheets: LoadedSheet[];
  /** Sheets matching the filters that have errors: left out, named to the user. */
  refused: LoadedSheet[];
}

const C = 'common.schema.json#/$defs/';

/** « Vouliez-vous dire « X » ? » after a space, for the nearest of `candidates` (as the sheet fields get), or nothing. */
function didYouMean(value: string, candidates: readonly string[]): string {
  const near = suggest(value, candidates);
  return near ? ` ${t('schema.didYouMean', { value: near })}` : '';
}

/**
 * Statuses of `--statut` must be those of the schema (`validée` is not `validee`).
 * @throws UserError (exit 2) naming the unknown status, the list and the nearest
 */
function checkStatuses(statuses: readonly string[]): void {
  const allowed = enumAt('re', ['statut']);
  const unknown = statuses.find((s) => !allowed.includes(s));
  if (unknown !== undefined) throw new UserError(t('booklet.unknownStatut', { value: unknown, list: allowed.join(', ') }) + didYouMean(unknown, allowed));
}

/**
 * `--secteur` is a code of the sector list or its label, loosely written (accents, case, hyphens).
 * @throws UserError (exit 2) naming the unknown sector, the list of codes and the nearest
 */
function checkSector(value: string): void {
  const codes = enumAt('re', ['projet', 'secteurs']);
  const folded = foldPlace(value);
  if (codes.some((code) => foldPlace(code) === folded || foldPlace(enumLabel(C + 'secteur', code)) === folded)) return;
  throw new UserError(t('booklet.unknownSecteur', { value, list: codes.join(', ') }) + didYouMean(value, codes));
}

/**
 * Selects the RE sheets of a booklet among `sheets` (those asked for), keeping those whose status,
 * province (loose match through the gazetteer) and sector match. Sheets with errors (`failed`) that
 * match are returned in `refused`.
 * @throws UserError (exit 2) for an unknown status, province or sector (with the nearest), or when no sheet matches (the message names
 *   the filters that matched nothing)
 */
export function selectBookletSheets(sheets: readonly LoadedSheet[], failed: ReadonlySet<string>, filters: BookletFilters): BookletSelection {
  const statuses = (filters.statut ?? 'validee').split(',').map((s) => s.trim()).filter(Boolean);
  checkStatuses(statuses);
  const g = loadGazetteer();
  const province = filters.province ? g.findProvince(filters.province) : undefined;
  if (filters.province && !province) {
    const names = g.provinces.map((p) => p.nameFr);
    throw new UserError(t('booklet.unknownProvince', { province: filters.province, list: names.join(', ') }) + didYouMean(filters.province, names));
  }
  const sector = filters.secteur ? foldPlace(filters.secteur) : undefined;
  if (filters.secteur) checkSector(filters.secteur);
  const re = sheets.filter((s) => s.kind === 're' && s.data && typeof s.data === 'object');
  const data = (s: LoadedSheet) => s.data as Partial<ReSheet>;
  const tests: Array<{ label: string; test: (s: LoadedSheet) => boolean }> = [
    { label: t('booklet.filterStatut', { value: statuses.join(', ') }), test: (s) => statuses.includes(String(data(s).statut)) },
  ];
  if (province) {
    tests.push({
      label: t('booklet.filterProvince', { value: province.nameFr }),
      test: (s) => {
        const p = data(s).territoire?.province;
        return typeof p === 'string' && g.findProvince(p)?.code === province.code;
      },
    });
  }
  if (sector) {
    tests.push({
      label: t('booklet.filterSecteur', { value: filters.secteur! }),
      test: (s) =>
        (data(s).projet?.secteurs ?? []).some((code) => foldPlace(String(code)) === sector || foldPlace(enumLabel(C + 'secteur', String(code))) === sector),
    });
  }
  const matching = re.filter((s) => tests.every((f) => f.test(s)));
  const sheetsOut = matching.filter((s) => !failed.has(s.absPath));
  const refused = matching.filter((s) => failed.has(s.absPath));
  if (sheetsOut.length === 0 && refused.length === 0) {
    const empty = tests.filter((f) => !re.some(f.test)).map((f) => f.label);
    const detail = empty.length
      ? t('booklet.nothingFilters', { filters: empty.join(' ; ') })
      : t('booklet.nothingCombined', { filters: tests.map((f) => f.label).join(' + ') });
    throw new UserError(t('booklet.nothingSelected', { count: re.length, detail }));
  }
  const key = (s: LoadedSheet) => {
    const d = data(s);
    const p = typeof d.territoire?.province === 'string' ? (g.findProvince(d.territoire.province)?.nameFr ?? d.territoire.province) : '';
    return { p, id: String(d.id ?? '') };
  };
  const order = (a: LoadedSheet, b: LoadedSheet) => {
    const ka = key(a);
    const kb = key(b);
    return ka.p.localeCompare(kb.p, 'fr') || ka.id.localeCompare(kb.id, 'fr');
  };
  return { sheets: sheetsOut.sort(order), refused: refused.sort(order) };
}

/** One sheet of the booklet, as the table of contents and the bookmarks show it. */
export interface BookletEntry {
  id: string;
  /** Anchor/bookmark name usable in HTML and Word (letters, digits, `_`), e.g. `fiche_RE_TIZ_01`. */
  anchor: string;
  title: string;
  /** The project's title. */
  subtitle?: string;
  /** « Afella Ighir (أفلا إغير) · Tiznit ». */
  placeLine: string;
  province: string;
  /**
   * The sheet's whole view (photos prepared), built when asked: the PDF asks for each sheet's just before
   * printing it, so that printing starts at once and memory holds only the sheets being drawn.
   * @throws what building the view throws (a photo that cannot be prepared)
   */
  view: () => Promise<SheetView>;
}

/**
 * A sheet given to {@link buildBookletView}: its data, its heading (`sheetHeading`: what the contents and
 * indexes show) and how to build its whole view; or simply its view, already built.
 */
export type BookletSheet = { sheet: ReSheet; heading: SheetHeading; view: () => Promise<SheetView> } | { sheet: ReSheet; view: SheetView };

/** An index line: a name (with its Arabic name or the association), and the sheets it points to. */
export interface BookletIndexEntry {
  /** Sort and display name (commune's official name; OSIM id). */
  name: string;
  /** Arabic name of a commune. */
  nameAr?: string;
  /** Second part of the line: the province of a commune, the association of an OSIM. */
  detail?: string;
  /** Ids of the sheets, in booklet order (each is an entry of {@link BookletView.entries}). */
  sheets: string[];
}

/** A glossary entry as the booklet prints it. */
export interface BookletGlossaryEntry {
  /** The term or acronym (« INDH », « séguia »). */
  term: string;
  /** What an acronym stands for. */
  expansion?: string;
  /** The term in Arabic or Tifinagh script. */
  script?: string;
  /** The definition (Markdown subset: *italic*, **bold**). */
  definition: RichBlock[];
}

/** The back cover: who publishes, when, under which licence; the logo when configured. */
export interface BookletBackCover {
  organisation: string;
  /** « Édition du 30 novembre 2026 ». */
  edition: string;
  /** « Licence : … », from the configuration's `licence` (the same line as the colophons'). */
  licence?: string;
  /** Credit of the reference data (place names). */
  credit: string;
  /** Absolute path of the logo. */
  logo?: string;
}

/** Everything both booklet renderers draw. */
export interface BookletView {
  config: BookletConfig;
  /** The booklet's language (that of its configuration). */
  lang: 'fr' | 'en';
  entries: BookletEntry[];
  /** Groups of the table of contents: consecutive entries of one province. */
  groups: Array<{ title: string; ids: string[] }>;
  communes: BookletIndexEntry[];
  osim: BookletIndexEntry[];
  /** The colophon closing the booklet (organisation, edition, credits of every sheet, licence, citation). */
  colophon: ColophonView;
  /** The marks of the booklet's own pages (cover, contents, indexes): the internal mark unless public. */
  frame: FrameView;
  /** The glossary (`glossaire.yaml`), in alphabetical order; empty when the workspace has none. */
  glossary: BookletGlossaryEntry[];
  back: BookletBackCover;
  /** Labels, in the booklet's language. */
  labels: {
    contents: string;
    introduction: string;
    communeIndex: string;
    osimIndex: string;
    sheets: string;
    page: string;
    count: string;
    /** The colophon's lines on one line (document properties); never a tool name. */
    colophon: string;
    glossary: string;
    backCover: string;
  };
}

/**
 * The booklet's colophon: the organisation, the edition and its date, the researchers, supervisors and
 * reviewers of its sheets, the licence and how to cite the booklet (no tool name, no file).
 */
function bookletColophon(doc: DocumentText, config: BookletConfig, sheets: ReSheet[], ctx: ViewContext): ColophonView {
  const names = (keep: (role: string) => boolean) => [...new Set(sheets.flatMap((s) => (s.auteurs ?? []).filter((a) => keep(a.role)).map((a) => a.nom)))];
  const reviewers = [...new Set(sheets.map((s) => s.revue?.relecteur).filter((r): r is string => !!r))];
  return colophonView(doc, {
    organisation: config.organisation,
    edition: ctx.edition ?? 'interne',
    date: ctx.date ?? new Date(),
    title: config.title,
    designation: doc.t('frame.bookletDesignation', { count: sheets.length }),
    researchers: names((r) => r !== 'encadrant'),
    supervisors: names((r) => r === 'encadrant'),
    ...(reviewers.length ? { reviewer: joinNames(doc, reviewers) } : {}),
    // cited with the year its cover gives (`recueil.date`, « 2023 »), as the cover says
    ...(/\b(\d{4})\b/u.test(config.date) ? { citationYear: /\b(\d{4})\b/u.exec(config.date)![1] } : {}),
    licence: config.licence,
  });
}

/** A name safe as an HTML id and a Word bookmark (≤ 40 characters, starts with a letter). */
export function bookletAnchor(id: string): string {
  return `fiche_${id.replace(/[^A-Za-z0-9]+/g, '_')}`.slice(0, 40);
}

/**
 * The booklet's view: entries in the order of `views`, TOC groups by province, the index of
 * communes (official name and Arabic name, from the gazetteer) and of the OSIM the sheets cite
 * (id and association name; an OSIM missing from the workspace is listed by its id).
 */
export function buildBookletView(
  config: BookletConfig,
  sheets: readonly BookletSheet[],
  ctx: ViewContext,
  glossary: readonly GlossaryEntry[] = [],
): BookletView {
  const doc = documentText(config.lang);
  const views = sheets.map((s) =>
    typeof s.view === 'function' ? { sheet: s.sheet, view: (s as { heading: SheetHeading }).heading, load: s.view } : { sheet: s.sheet, view: s.view, load: ((v: SheetView) => async () => v)(s.view) },
  );
  const entries: BookletEntry[] = views.map(({ view, sheet, load }) => {
    const p = view.place ?? placeView(sheet.territoire.province, sheet.territoire.commune, [], doc.lang);
    return {
      id: view.id,
      anchor: bookletAnchor(view.id),
      title: view.title,
      subtitle: view.subtitle,
      placeLine: `${p.commune}${p.communeAr ? ` (${p.communeAr})` : ''} · ${p.province}`,
      province: p.province,
      view: load,
    };
  });
  const groups: BookletView['groups'] = [];
  for (const e of entries) {
    const last = groups[groups.length - 1];
    const phrase = doc.t('booklet.provinceGroup', { place: provincePhrase(e.province, doc.lang) });
    const title = phrase.charAt(0).toUpperCase() + phrase.slice(1);
    if (last && last.title === title) last.ids.push(e.id);
    else groups.push({ title, ids: [e.id] });
  }
  const communes = new Map<string, BookletIndexEntry>();
  const osim = new Map<string, BookletIndexEntry>();
  for (const { view, sheet } of views) {
    const p = view.place ?? placeView(sheet.territoire.province, sheet.territoire.commune, [], doc.lang);
    const key = `${p.province}\u0000${p.commune}`;
    const c = communes.get(key) ?? { name: p.commune, nameAr: p.communeAr, detail: p.province, sheets: [] };
    c.sheets.push(view.id);
    communes.set(key, c);
    for (const id of sheet.osim ?? []) {
      const name = ctx.osim.get(id)?.association.nom;
      const o = osim.get(id) ?? { name: id, detail: name === undefined ? undefined : typography(name, doc.lang), sheets: [] };
      if (!o.sheets.includes(view.id)) o.sheets.push(view.id);
      osim.set(id, o);
    }
  }
  const colophon = bookletColophon(doc, config, views.map((v) => v.sheet), ctx);
  const byName = (a: BookletIndexEntry, b: BookletIndexEntry) => a.name.localeCompare(b.name, 'fr') || (a.detail ?? '').localeCompare(b.detail ?? '', 'fr');
  const own = (text: string) => typography(text, doc.lang);
  return {
    // printed text of the configuration, typeset as the sheets' text (title, subtitle, introduction)
    config: { ...config, title: own(config.title), ...(config.subtitle ? { subtitle: own(config.subtitle) } : {}), introduction: typesetRichText(config.introduction, doc.lang) },
    lang: doc.lang,
    entries,
    groups,
    communes: [...communes.values()].sort(byName),
    osim: [...osim.values()].sort(byName),
    colophon,
    frame: frameView(doc, '', ctx.edition ?? 'interne', false),
    glossary: glossaryView(glossary, doc.lang),
    back: {
      organisation: config.organisation,
      edition: doc.t('booklet.editionDate', { date: config.editionDate }),
      licence: doc.t('frame.licence', { licence: config.licence }),
      credit: doc.t('view.dataCredit', { credit: PLACES_CREDIT }),
      ...(config.logo ? { logo: config.logo } : {}),
    },
    labels: {
      contents: doc.t('booklet.contents'),
      introduction: doc.t('booklet.introduction'),
      communeIndex: doc.t('booklet.communeIndex'),
      osimIndex: doc.t('booklet.osimIndex'),
      sheets: doc.t('booklet.sheetsLabel'),
      page: doc.t('booklet.pageAbbr'),
      count: doc.t('booklet.count', { count: entries.length }),
      colophon: colophon.lines.join(' · '),
      glossary: doc.t('booklet.glossary'),
      backCover: doc.t('booklet.backCover'),
    },
  };
}

/**
 * The glossary's entries in alphabetical order of the language (accents and case folded, « séguia »
 * between « PERG » and « SEDIF »), definitions parsed as the Markdown subset, every text typeset in
 * the booklet's language (apostrophes, no-break spaces before « ; : ! ? »).
 */
function glossaryView(entries: readonly GlossaryEntry[], lang: 'fr' | 'en'): BookletGlossaryEntry[] {
  const collator = new Intl.Collator(lang, { sensitivity: 'base' });
  return [...entries]
    .sort((a, b) => collator.compare(a.terme, b.terme))
    .map((e) => ({
      term: typography(e.terme, lang),
      ...(e.forme_developpee ? { expansion: typography(e.forme_developpee, lang) } : {}),
      ...(e.graphie ? { script: e.graphie } : {}),
      definition: typesetRichText(parseRichText(e.definition), lang),
    }));
}

/** The booklet without some sheets (e.g. ones that could not be printed): entries, groups and indexes. */
export function withoutSheets(book: BookletView, ids: ReadonlySet<string>): BookletView {
  const keep = (list: string[]) => list.filter((id) => !ids.has(id));
  const index = (list: BookletIndexEntry[]) => list.map((e) => ({ ...e, sheets: keep(e.sheets) })).filter((e) => e.sheets.length > 0);
  const entries = book.entries.filter((e) => !ids.has(e.id));
  return {
    ...book,
    entries,
    groups: book.groups.map((g) => ({ ...g, ids: keep(g.ids) })).filter((g) => g.ids.length > 0),
    communes: index(book.communes),
    osim: index(book.osim),
    labels: { ...book.labels, count: documentText(book.lang).t('booklet.count', { count: entries.length }) },
  };
}
