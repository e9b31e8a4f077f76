/**
 * The frame of a publication: its colophon (who publishes it, when, which version, who made it, under
 * which licence, how to cite it) and the marks of its margins (internal edition, draft). Decided once
 * here for every document (sheet, double regard, report, booklet) and drawn alike by the PDF and the
 * DOCX. A publication never names a file or the tool that made it: only the review edition does
 * (`provenance`), for the coordinator.
 */
import type { ColophonView, FrameView } from './model.js';
import type { DocumentText } from './locale.js';
import type { Edition } from '../link/config.js';

/** What a colophon is made from. */
export interface ColophonInput {
  /** The publishing organisation (`organisation` of `capi.config.yaml`). */
  organisation: string;
  /** The edition (`interne` or `publique`). */
  edition: Edition;
  /** Date of the edition (see {@link editionDate}). */
  date: Date;
  /** The document's title, as printed on its first page. */
  title: string;
  /** Kind and reference of the document in the citation, e.g. « Fiche retour d'expérience RE-TIZ-01 ». */
  designation: string;
  /** « Version : validée, 15 mars 2023 »; absent for documents without a version of their own (report, booklet). */
  version?: string;
  /** Researchers, by display name (`auteurs` with role `enqueteur`). */
  researchers: string[];
  /** Supervisors (`auteurs` with role `encadrant`). */
  supervisors: string[];
  /** The coordinator who reviewed the sheet (`revue.relecteur`), when there is one. */
  reviewer?: string;
  /**
   * Year the citation gives: the document's own date (a sheet's last review, else its fieldwork; see
   * {@link sheetYear}); the year of the edition's `date` when absent.
   */
  citationYear?: string;
  /** `licence` of `capi.config.yaml` (see `DEFAULT_LICENCE`). */
  licence: string;
  /** Review edition only: the sheet file (relative to the workspace) and capi's version. */
  provenance?: { file: string; version: string };
}

/**
 * The date of an edition: `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention)
 * when it is set to a number, else now.
 */
export function editionDate(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

/**
 * A day in words in the document's language, read in UTC so that the machine's time zone never changes
 * it: « 1er mars 2026 », « 30 novembre 2026 », « 30 November 2026 ».
 */
export function dayInWords(doc: DocumentText, date: Date): string {
  const y = date.getUTCFullYear();
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = date.getUTCDate();
  const day = doc.lang === 'fr' && d === 1 ? '1er' : String(d);
  return `${day}\u00a0${doc.month(`${y}-${m}`)}`;
}

/** An ISO day `YYYY-MM-DD` in words (see {@link dayInWords}); other text unchanged. */
export function isoDayInWords(doc: DocumentText, iso: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? dayInWords(doc, new Date(`${iso}T12:00:00Z`)) : iso;
}

/**
 * The year a sheet is cited with: the year of its last review decision (`revue.date`, when a decision
 * was taken), else of the end of its fieldwork (`collecte.fin`), else of its start (`collecte.debut`);
 * undefined when the sheet has none of them (the edition's year is then used).
 * @param sheet an RE or OSIM sheet (ISO dates `YYYY-MM-DD`, or YAML dates read as `Date`)
 */
export function sheetYear(sheet: { revue?: { date?: unknown; decision?: unknown } | null; collecte?: { debut?: unknown; fin?: unknown } | null }): string | undefined {
  const year = (d: unknown): string | undefined => {
    if (d instanceof Date) return String(d.getUTCFullYear());
    const m = /^(\d{4})-\d{2}(-\d{2})?/.exec(String(d ?? ''));
    return m?.[1];
  };
  return (sheet.revue?.decision ? year(sheet.revue.date) : undefined) ?? year(sheet.collecte?.fin) ?? year(sheet.collecte?.debut);
}

/** Names joined for reading: « A », « A et B », « A, B et C » (« and » in English). */
export function joinNames(doc: DocumentText, names: string[]): string {
  const list = [...new Set(names.filter((n) => n.trim() !== ''))];
  if (list.length <= 1) return list[0] ?? '';
  return `${list.slice(0, -1).join(', ')} ${doc.t('frame.and')} ${list[list.length - 1]}`;
}

/**
 * The version line of a sheet: its statut, and the date of the coordinator's decision when the sheet
 * was reviewed (« Version : validée, 15 mars 2023 », « Version : brouillon »).
 */
export function versionLine(doc: DocumentText, statusLabel: string, reviewDate?: string): string {
  const status = statusLabel.toLowerCase();
  return reviewDate ? doc.t('frame.versionDated', { status, date: isoDayInWords(doc, reviewDate) }) : doc.t('frame.version', { status });
}

/**
 * The colophon of a document (see {@link ColophonView}): organisation, edition and its date, version,
 * credits, licence, and « Pour citer ce document ». The citation names the researchers (else the
 * organisation) and the document's own year (`citationYear`), never the day of the build unless the
 * document has no date of its own.
 */
export function colophonView(doc: DocumentText, input: ColophonInput): ColophonView {
  const editionLabel = doc.t(input.edition === 'publique' ? 'frame.editionPublic' : 'frame.editionInternal');
  const lines = [
    input.organisation,
    doc.t('frame.edition', { edition: editionLabel, date: dayInWords(doc, input.date) }),
    ...(input.version ? [input.version] : []),
    ...(input.researchers.length ? [doc.t('frame.researchers', { names: joinNames(doc, input.researchers) })] : []),
    ...(input.supervisors.length ? [doc.t('frame.supervisors', { names: joinNames(doc, input.supervisors) })] : []),
    ...(input.reviewer ? [doc.t('frame.reviewer', { names: input.reviewer })] : []),
    doc.t('frame.licence', { licence: input.licence }),
  ];
  const who = input.researchers.length ? input.researchers.join(', ') : input.organisation;
  const title = input.title.replace(/[.\s]+$/u, '');
  const citation = doc.t('frame.cite', { authors: who, year: input.citationYear ?? String(input.date.getUTCFullYear()), title, designation: input.designation, org: input.organisation });
  return {
    lines,
    citation,
    ...(input.provenance ? { provenance: doc.t('frame.provenance', { file: input.provenance.file, version: input.provenance.version }) } : {}),
  };
}

/**
 * The marks of every page: the reference in the footer, « Document interne — ne pas diffuser » in an
 * internal edition, « BROUILLON » when a sheet drawn in the document is a draft (statut `brouillon`).
 */
export function frameView(doc: DocumentText, reference: string, edition: Edition, draft: boolean): FrameView {
  return {
    reference,
    ...(edition === 'publique' ? {} : { internalMark: doc.t('frame.internal') }),
    ...(draft ? { draftMark: doc.t('frame.draft') } : {}),
  };
}

/**
 * Longest running-header title, in characters as a reader counts them, that fits its margin box: the
 * PDF's @top-left box is 58 % of the 174 mm text width (101 mm) at 8 pt Noto Sans, about 1.45 mm per
 * character on average; the DOCX header line has the whole text width. Longer titles are shortened with
 * `shortenTitle` (never past the margin).
 */
export const MARGIN_TITLE_MAX = 66;
/** Longest running-header place (« Afella Ighir أفلا إغير · Tiznit تيزنيت ») in the PDF's @top-right box (42 %). */
export const MARGIN_PLACE_MAX = 44;
