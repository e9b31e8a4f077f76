import type { Catalogue } from '../types.js';

/**
 * What a document (sheet, double regard, report, booklet) needs to be written in one language, as data —
 * the way RenderCV keeps one locale file per language: labels and headings, month names, the BCP 47 tag
 * used for numbers and for the HTML `lang`/Word language, and the labels of the schemas' enumerations.
 * Kept apart from the CLI message catalogues: the interface language never leaks into a document.
 */
export interface DocumentLocale {
  /** BCP 47 tag of the language, e.g. `fr-FR`: `Intl` formats and the Word language. */
  tag: string;
  /** The twelve month names, January first, as written inside a sentence (« mars 2024 »). */
  months: string[];
  /** Labels and headings by key (`view.*`, `sheet.*`, `report.*`, `booklet.*`); plurals as `.one`/`.other`. */
  labels: Catalogue;
  /**
   * Enumeration labels by schema reference (`re.schema.json#/$defs/langue`) and value. Empty for French:
   * the French labels are the schemas' own `x-labels`.
   */
  enumLabels: Record<string, Record<string, string>>;
}
