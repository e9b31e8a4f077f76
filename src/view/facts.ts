/**
 * The first page of an RE sheet says what the project is: a lead paragraph and a key-facts box (total
 * cost with the diaspora's share, period, beneficiaries, partners, sectors), in place of the internal
 * metadata (id, status, file) that the publication does not need on its first page (issue 12).
 */
import type { ReSheet, OsimSheet } from '../types/index.js';
import type { DocumentText } from './locale.js';

/** A financing line of `projet.financements`. */
type Financing = NonNullable<ReSheet['projet']['financements']>[number];

/** Words that mark a financing source as the diaspora's own money (French and English). */
const DIASPORA_WORDS = /\b(migrant|migrante|migrants|migrantes|diaspora|osim|émigr[ée]s?|emigrants?)\b/iu;

/**
 * True when a financing line comes from the diaspora: its source names the diaspora (« Cotisations des
 * migrants », « diaspora », « OSIM ») or one of the linked OSIM associations (its name or acronym).
 *
 * @param f the financing line.
 * @param osim the OSIM sheets linked to the RE sheet (their `association.nom` and `association.sigle`).
 */
export function isDiasporaFunding(f: Financing, osim: OsimSheet[]): boolean {
  if (DIASPORA_WORDS.test(f.source)) return true;
  const source = f.source.toLocaleLowerCase('fr');
  return osim.some((o) => {
    const names = [o.association.nom, o.association.sigle].filter((n): n is string => !!n && n.trim().length >= 3);
    return names.some((n) => source.includes(n.trim().toLocaleLowerCase('fr')));
  });
}

/**
 * The diaspora's share of the total cost, as a fraction in [0, 1], or undefined when it cannot be said
 * honestly: no total cost, no diaspora line, or a diaspora line in another currency than the total
 * (MAD and euros are never added without a rate).
 *
 * @param projet the sheet's `projet` block (`cout_total`, `financements`).
 * @param osim the linked OSIM sheets (see {@link isDiasporaFunding}).
 */
export function diasporaShare(projet: ReSheet['projet'], osim: OsimSheet[]): number | undefined {
  const total = projet.cout_total;
  if (!total || !(total.montant > 0)) return undefined;
  const lines = (projet.financements ?? []).filter((f) => isDiasporaFunding(f, osim));
  if (lines.length === 0 || lines.some((f) => f.devise !== total.devise)) return undefined;
  const sum = lines.reduce((s, f) => s + f.montant, 0);
  return Math.min(1, sum / total.montant);
}

/** A share as the document's language writes a percentage: 0.225 → « 23 % » (no-break space in French). */
export function percent(doc: DocumentText, share: number): string {
  return new Intl.NumberFormat(doc.tag, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/**
 * The lead paragraph of the first page: the good practice the sheet documents (`bonne_pratique.titre`),
 * then the titles of its contributions (« Principaux apports : … ; … »). Empty when the sheet has
 * neither (a draft).
 */
export function leadOf(doc: DocumentText, sheet: ReSheet): string {
  const parts: string[] = [];
  const practice = sheet.bonne_pratique?.titre?.trim();
  if (practice) parts.push(/[.!?…]$/u.test(practice) ? practice : `${practice}.`);
  const titles = (sheet.contributions ?? []).map((c) => c.titre.trim()).filter((t) => t !== '');
  if (titles.length) parts.push(doc.t('view.lead.contributions', { list: titles.join(' ; ') }));
  return parts.join(' ');
}

/** Formatters the key facts need, from the sheet view builder (same wording as the body). */
export interface FactWriters {
  money(amount: number | undefined, currency: string | undefined): string;
  beneficiaries(b: { nombre?: number; description?: string }): string;
  period(p: { debut: number | string; fin?: number | string } | undefined): string;
}

/**
 * The key-facts rows of an RE sheet's first page, in this order: total cost (with the diaspora's share
 * when it can be computed), period, beneficiaries, carried by (the linked OSIM associations), partners,
 * sectors. Rows without a value are left out.
 *
 * @returns label/value rows (plain text), in the document's language.
 */
export function keyFacts(doc: DocumentText, sheet: ReSheet, osim: OsimSheet[], sectors: string, w: FactWriters): Array<{ label: string; value: string }> {
  const projet = sheet.projet;
  const share = diasporaShare(projet, osim);
  const cost = projet.cout_total ? w.money(projet.cout_total.montant, projet.cout_total.devise) : '';
  const partners = (projet.partenaires ?? []).filter((p) => p.type !== 'osim').map((p) => p.nom.trim());
  const rows = [
    { label: doc.t('view.totalCost'), value: cost && share !== undefined ? doc.t('view.facts.costWithShare', { cost, share: percent(doc, share) }) : cost },
    { label: doc.t('view.period'), value: w.period(projet.periode) },
    { label: doc.t('view.beneficiaries'), value: projet.beneficiaires ? w.beneficiaries(projet.beneficiaires) : '' },
    { label: doc.t('view.facts.carriedBy'), value: osim.map((o) => o.association.nom).join(' ; ') },
    { label: doc.t('view.facts.partners'), value: partners.join(' ; ') },
    { label: doc.t('view.sectors'), value: sectors },
  ];
  return rows.filter((r) => r.value.trim() !== '');
}
