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

/** The shares of financing lines: each line's part of its currency's total (see {@link fundingShares}). */
export interface FundingShares {
  /** Sum of the lines of each currency (`''` for lines without a currency), in the order first met. */
  totals: Map<string, number>;
  /** Each line's share of its currency's total, in [0, 1]; undefined for a line without an amount. */
  shares: Array<number | undefined>;
}

/**
 * The one definition of a share, used by the financing table and the key-facts box: a line's amount
 * divided by the total of the lines in the same currency (MAD and euros are never added without a rate,
 * so a share is always within its currency group). Computed once per sheet, in the view.
 */
export function fundingShares(sources: ReadonlyArray<{ montant?: number; devise?: string }>): FundingShares {
  const totals = new Map<string, number>();
  for (const f of sources) if (f.montant !== undefined) totals.set(f.devise ?? '', (totals.get(f.devise ?? '') ?? 0) + f.montant);
  const shares = sources.map((f) => {
    const whole = totals.get(f.devise ?? '') ?? 0;
    return f.montant !== undefined && whole > 0 ? f.montant / whole : undefined;
  });
  return { totals, shares };
}

/**
 * The diaspora's share of the financing, by {@link fundingShares}: the sum of the shares of the
 * diaspora's lines, with their currency; undefined when there is no diaspora line or its lines are in
 * more than one currency (no rate to add them).
 *
 * @param projet the sheet's `projet` block (`financements`).
 * @param osim the linked OSIM sheets (see {@link isDiasporaFunding}).
 * @returns the share in [0, 1], its currency, and how many currencies the financing has.
 */
export function diasporaShare(projet: ReSheet['projet'], osim: OsimSheet[]): { share: number; currency: string; currencies: number } | undefined {
  const lines = projet.financements ?? [];
  const { totals, shares } = fundingShares(lines);
  const mine = lines.map((f, i) => ({ f, share: shares[i] })).filter(({ f, share }) => share !== undefined && isDiasporaFunding(f, osim));
  const currencies = new Set(mine.map(({ f }) => f.devise ?? ''));
  if (mine.length === 0 || currencies.size > 1) return undefined;
  return { share: Math.min(1, mine.reduce((sum, m) => sum + m.share!, 0)), currency: [...currencies][0]!, currencies: totals.size };
}

/** A share as the document's language writes a percentage, one decimal: 0.2292 → « 22,9 % » (no-break space). */
export function percent(doc: DocumentText, share: number): string {
  return `${doc.number(Math.round(share * 1000) / 10)}\u00a0%`;
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
    {
      label: doc.t('view.totalCost'),
      // the same share as the financing table's « Part » (one definition); named by its currency when there are several
      value: cost && share
        ? share.currencies > 1
          ? doc.t('view.facts.costWithShareIn', { cost, share: percent(doc, share.share), currency: share.currency === 'EUR' ? (doc.lang === 'fr' ? 'euros' : 'euros') : share.currency })
          : doc.t('view.facts.costWithShare', { cost, share: percent(doc, share.share) })
        : cost,
    },
    { label: doc.t('view.period'), value: w.period(projet.periode) },
    { label: doc.t('view.beneficiaries'), value: projet.beneficiaires ? w.beneficiaries(projet.beneficiaires) : '' },
    { label: doc.t('view.facts.carriedBy'), value: osim.map((o) => o.association.nom).join(' ; ') },
    { label: doc.t('view.facts.partners'), value: partners.join(' ; ') },
    { label: doc.t('view.sectors'), value: sectors },
  ];
  return rows.filter((r) => r.value.trim() !== '');
}
