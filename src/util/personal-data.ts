/**
 * Personal details a public edition must not print, found in free text (fiches.md, « Personal data »:
 * law 09-08 (CNDP) in Morocco, the GDPR in France): a person named with their function (« Fatima,
 * présidente de l'association de Tizi »), a function tied to a place (« le président de l'association
 * de Tizi », one person in a village), a phone number, an e-mail address. Shared by the public edition
 * (`src/view/edition.ts`, which coarsens them) and `capi validate --edition publique` (which warns).
 * Detection is by pattern: it finds the usual forms, not every possible one.
 */

/** Functions that name one person in a village or a commune (masculine, feminine and inclusive forms). */
const FUNCTION = String.raw`(?:vice-)?pr[ée]sident(?:e|·e)?|tr[ée]sori(?:er|ère|er·ère)|secr[ée]taire(?:\s+g[ée]n[ée]ral(?:e|·e)?)?|directeur|directrice|directeur·rice|[ée]lu(?:e|·e)?|conseill(?:er|ère|er·ère)|ca[ïi]d|cheikh|chikh|moqaddem|mokadem|na[ïi]b|imam|instituteur|institutrice|enseignant(?:e|·e)?|infirmi(?:er|ère|er·ère)|m[ée]decin|sage-femme|technicien(?:ne|·ne)?|fontainier|gardien(?:ne|·ne)?|coordinat(?:eur|rice|eur·rice)|animat(?:eur|rice|eur·rice)|maire|responsable`;

/** Capitalised words that start sentences, not names (« Selon Fatima, présidente… » names Fatima only). */
const NOT_NAME = String.raw`(?!(?:Selon|Pour|Avec|Chez|Comme|Pendant|Après|Avant|Mais|Et|Ou|Donc|Car|Alors|Ainsi|Puis|Enfin|Quand|Si|Dans|Sur|Par|Le|La|Les|Un|Une|Des|Ce|Cette|Monsieur|Madame|Mme|Lalla|Si|Hajj|Hadj)\b)`;
/** A first name (and maybe a family name): capitalised words, Latin script. */
const NAME = String.raw`${NOT_NAME}[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:[-\s]${NOT_NAME}[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)?`;

/** What ties a function to a place: « de l'association de Tizi », « du douar Ighir », « de la commune d'Afella Ighir ». */
const OF_PLACE = String.raw`(?:\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*[^,.;:()«»\n]{2,60}?\b(?:de|du|d['’]|des)\s*[A-ZÀ-ÖØ-Þ][\p{L}'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\p{L}'’-]+)*|\s+(?:de|du|d['’])\s*(?:douar\s+)?[A-ZÀ-ÖØ-Þ][\p{L}'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\p{L}'’-]+)*)`;

/** « Fatima, présidente de l'association de Tizi »: a name, a comma, a function, maybe its place. */
const NAMED_FUNCTION = new RegExp(String.raw`(?<![\p{L}])(?:(?:Mme|M\.|Monsieur|Madame|Lalla|Hajj|Hadj)\s+)?(${NAME})\s*,\s*(?:la\s+|le\s+|l['’])?(${FUNCTION})\b(${OF_PLACE})?`, 'gu');
/** « le président de l'association de Tizi », « l'imam du douar Ighir »: a function and its place. */
const FUNCTION_OF_PLACE = new RegExp(String.raw`(?<![\p{L}])(?:[Ll]a\s+|[Ll]e\s+|[Ll]['’]|[Ll]es\s+)?(${FUNCTION})\b(${OF_PLACE})`, 'gu');
/** Moroccan and French phone numbers: +212 6 12 34 56 78, 0612345678, 06 12 34 56 78, 05.28.86.00.00, +33 1 23 45 67 89. */
const PHONE = /(?<![\d\w])(?:(?:\+|00)\s?(?:212|33)[\s.-]?\(?0?\)?[\s.-]?[5-7]|0[1-9])(?:[\s.-]?\d{2}){4}(?!\d)/g;
/** E-mail addresses. */
const EMAIL = /[\p{L}\d._%+-]+@[\p{L}\d.-]+\.\p{L}{2,}/gu;

/** Kinds of personal detail. */
export type PersonalDetailKind = 'named-function' | 'function-place' | 'phone' | 'email';

/** One personal detail found in a text: its kind, the text found, and where (UTF-16 offset and length). */
export interface PersonalDetail {
  kind: PersonalDetailKind;
  text: string;
  index: number;
}

/**
 * The personal details of a text, in reading order, without overlaps (a name with its function is one
 * detail, not also a function with its place).
 */
export function findPersonalDetails(text: string): PersonalDetail[] {
  const found: PersonalDetail[] = [];
  const take = (kind: PersonalDetailKind, re: RegExp) => {
    for (const m of text.matchAll(re)) {
      const index = m.index ?? 0;
      const end = index + m[0].length;
      if (found.some((f) => index < f.index + f.text.length && f.index < end)) continue;
      found.push({ kind, text: m[0].trim(), index });
    }
  };
  take('email', EMAIL);
  take('phone', PHONE);
  take('named-function', NAMED_FUNCTION);
  take('function-place', FUNCTION_OF_PLACE);
  return found.sort((a, b) => a.index - b.index);
}

/**
 * A text with its personal details coarsened, for the public edition: a name with a function keeps
 * the function only (« Fatima, présidente de l'association de Tizi » → « une présidente d'association
 * locale »), a function tied to a place loses the place (« le président de l'association de Tizi » →
 * « le président d'une association locale »); phone numbers and e-mail addresses become `removed`.
 *
 * @param removed what replaces a phone number or an e-mail address (« [coordonnées retirées] »)
 */
export function coarsenPersonalDetails(text: string, removed: string): string {
  return text
    .replace(EMAIL, removed)
    .replace(PHONE, removed)
    .replace(NAMED_FUNCTION, (_all, _name: string, fn: string, place?: string) => `${article(fn)} ${fn.toLowerCase()}${place ? genericPlace(place) : ''}`)
    .replace(FUNCTION_OF_PLACE, (all: string, fn: string, place: string) => `${all.slice(0, all.toLowerCase().indexOf(fn.toLowerCase()))}${fn}${genericPlace(place)}`);
}

/** « un » or « une » for a function's form (feminine endings take « une »; inclusive forms « un·e »). */
function article(fn: string): string {
  if (/·/.test(fn)) return 'un·e';
  return /(?:e|ère|rice|ne)$/i.test(fn) && !/(?:maire|responsable|secr[ée]taire|imam|ca[ïi]d|m[ée]decin|sage-femme)$/i.test(fn) ? 'une' : fn.toLowerCase() === 'sage-femme' ? 'une' : 'un';
}

/** The kind of place without its name: « d'une association locale », « d'un douar », « de la commune ». */
function genericPlace(place: string): string {
  const p = place.toLowerCase();
  if (/association/.test(p)) return ' d’une association locale';
  if (/coop[ée]rative/.test(p)) return ' d’une coopérative';
  if (/[ée]cole/.test(p)) return ' d’une école';
  if (/dispensaire|centre de sant[ée]/.test(p)) return ' d’un centre de santé';
  if (/commune|conseil/.test(p)) return ' de la commune';
  return ' du douar';
}
