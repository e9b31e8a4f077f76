import { formatMessage, type Lang } from '../i18n/index.js';
import { documentLocales } from '../i18n/document/index.js';
import { enumLabel as schemaLabel } from '../validate/schemas.js';
import { readerDate, readerDateRange } from '../util/dates.js';
import { typography } from '../util/typography.js';

/**
 * The words of one document in its own language (`langue_documents` of `capi.config.yaml`, French by
 * default), passed explicitly to the views and the renderers: never the interface language of `--lang`.
 */
export interface DocumentText {
  /** The document language (HTML `lang`, PDF language). */
  lang: Lang;
  /** BCP 47 tag for `Intl` and the Word language, e.g. `fr-FR`. */
  tag: string;
  /** The label `key` of the document catalogue; `count` picks `.one`/`.other` (see `formatMessage`). */
  t(key: string, params?: Record<string, string | number>): string;
  /** The label of an enumeration value (`schemaRef` as in `enumLabel`); the value itself when unknown. */
  enumLabel(schemaRef: string, value: string): string;
  /** « mars 2024 » / « March 2024 » for a `YYYY-MM` or `YYYY-MM-DD` date; other text unchanged. */
  month(date: string): string;
  /** A number with the language's grouping (« 1 430 » with U+202F, « 1,430 »). */
  number(value: number): string;
  /** « 9 mai 2022 » / « 9 May 2022 » for `YYYY-MM-DD` (see `readerDate`); time-zone independent. */
  date(date: string): string;
  /** « 2–21 juin 2022 », « mars 2015 – juin 2018 » (see `readerDateRange`); time-zone independent. */
  dateRange(start: string, end?: string): string;
  /** The typography of the document language applied to `text` (`frenchTypography` for `fr`). */
  typeset(text: string): string;
}

const cache = new Map<Lang, DocumentText>();

/** The `DocumentText` of `lang` (French when not given). */
export function documentText(lang: Lang = 'fr'): DocumentText {
  const known = cache.get(lang);
  if (known) return known;
  const locale = documentLocales[lang];
  const reference = documentLocales.fr;
  const numbers = new Intl.NumberFormat(locale.tag);
  const text: DocumentText = {
    lang,
    tag: locale.tag,
    // labels are typeset in their language (no-break spaces, apostrophes) before any value is put in
    t: (key, params = {}) => typography(formatMessage(locale.labels, reference.labels, key, params, lang), lang),
    enumLabel: (schemaRef, value) => typography(locale.enumLabels[schemaRef]?.[value] ?? schemaLabel(schemaRef, value), lang),
    month: (date) => {
      const m = /^(\d{4})-(\d{2})(?:-\d{2})?$/.exec(date);
      const name = m ? locale.months[Number(m[2]) - 1] : undefined;
      return m && name ? `${name} ${m[1]}` : date;
    },
    number: (value) => numbers.format(value).replace(/[\u00a0 ](?=\d)/g, '\u202f'),
    date: (date) => readerDate(date, locale.months, lang),
    dateRange: (start, end) => readerDateRange(start, end, locale.months, lang),
    typeset: (text) => typography(text, lang),
  };
  cache.set(lang, text);
  return text;
}
