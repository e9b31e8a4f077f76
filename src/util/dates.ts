/**
 * The calendar date of `when` in the local time zone of the machine, as `YYYY-MM-DD`.
 *
 * Not `toISOString().slice(0, 10)`: that is the UTC date, so a review recorded just after midnight in
 * Morocco (UTC+1, UTC+0 during Ramadan) or France (UTC+1/+2) would carry yesterday's date.
 *
 * @param when an instant (default: now)
 * @returns `YYYY-MM-DD` (four-digit year, zero-padded month and day)
 */
export function localDate(when: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(when.getFullYear()).padStart(4, '0')}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
}

/** The parts of a calendar date written `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, read from the text alone. */
interface DateParts {
  year: string;
  month?: number;
  day?: number;
}

function dateParts(text: string): DateParts | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const month = m[2] ? Number(m[2]) : undefined;
  const day = m[3] ? Number(m[3]) : undefined;
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  return { year: m[1]!, month, day };
}

/** « 1er » in French (the Lexique's rule for the first day of a month), the number otherwise. */
function dayWord(day: number, lang: string): string {
  return day === 1 && lang.startsWith('fr') ? '1er' : String(day);
}

/**
 * A date for readers: `2022-05-09` → « 9 mai 2022 » (« 1er juin 2022 »), `2015-03` → « mars 2015 »,
 * `2019` → « 2019 »; other text is returned unchanged. Read from the text only, never through `Date`:
 * the result does not depend on the machine's time zone.
 *
 * @param text an ISO calendar date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`)
 * @param months the twelve month names of the document language (January first)
 * @param lang the document language (`fr`, `en`): « 1er » in French
 */
export function readerDate(text: string, months: readonly string[], lang: string): string {
  const p = dateParts(text);
  if (!p) return text;
  const month = p.month !== undefined ? months[p.month - 1] : undefined;
  if (!month) return p.year;
  return p.day !== undefined ? `${dayWord(p.day, lang)}\u00a0${month} ${p.year}` : `${month} ${p.year}`;
}

/**
 * A span of dates for readers, with what both ends share written once: « 2–21 juin 2022 »,
 * « 28 mai – 3 juin 2022 », « mars 2015 – juin 2018 », « 9 mai 2022 » when both ends are equal.
 * An en dash, closed up between two numbers, spaced otherwise (Lexique). Ends that are not ISO dates are
 * printed as given. Time-zone independent (see `readerDate`).
 *
 * @param start first day (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`)
 * @param end last day, or undefined for a single date
 */
export function readerDateRange(start: string, end: string | undefined, months: readonly string[], lang: string): string {
  if (end === undefined || end.trim() === '' || end.trim() === start.trim()) return readerDate(start, months, lang);
  const a = dateParts(start);
  const b = dateParts(end);
  if (a && b && a.year === b.year && a.month !== undefined && a.month === b.month && a.day !== undefined && b.day !== undefined) {
    return `${dayWord(a.day, lang)}–${readerDate(end, months, lang)}`;
  }
  if (a && b && a.year === b.year && a.month !== undefined && b.month !== undefined && a.day !== undefined && b.day !== undefined) {
    return `${dayWord(a.day, lang)}\u00a0${months[a.month - 1]} – ${readerDate(end, months, lang)}`;
  }
  return `${readerDate(start, months, lang)} – ${readerDate(end, months, lang)}`;
}
