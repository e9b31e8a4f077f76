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
