import type { Diagnostic } from '../types/diagnostic.js';
import { rangeOf, type DataPath, type LoadedSheet, type SourceRange } from './sheet.js';

/** Where a lazily located diagnostic points: the sheet and the data path (see `rangeOf`). */
interface Place {
  sheet: LoadedSheet;
  path: DataPath;
  key: boolean;
  /** The range, once computed (the same for every diagnostic at this place). */
  range?: SourceRange;
}

/** The place of each diagnostic made by `diagnosticAt` (kept off the object: a spread copies no position source). */
const places = new WeakMap<Diagnostic, Place>();

/** The position fields of a diagnostic, in the order JSON output and spreads list them. */
const POSITION = ['line', 'column', 'endLine', 'endColumn'] as const;

/**
 * A diagnostic at the node `path` of `sheet` (its key when `options.key`), whose line and column are
 * found on first read. Positions need the `yaml` document of the sheet (about a fifth of `validate`'s
 * time when every sheet had one built): a diagnostic never printed (a warning under `validate -q`)
 * never builds it. The object is a plain diagnostic: `line`, `column`, `endLine`, `endColumn` are own
 * enumerable properties (a getter computing `rangeOf` once), so spreads, JSON and equality see them.
 *
 * @param fields everything but the file and the position
 */
export function diagnosticAt(sheet: LoadedSheet, path: DataPath, fields: Omit<Diagnostic, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>, options: { key?: boolean } = {}): Diagnostic {
  const place: Place = { sheet, path, key: options.key === true };
  return withPlace(sheet.file, place, fields);
}

/**
 * `diagnostic` with other fields (severity, code, message, hint), at the same place; still unlocated
 * when `diagnostic` was (a spread `{ ...d }` would locate it).
 */
export function relabel(diagnostic: Diagnostic, changes: Partial<Omit<Diagnostic, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>>): Diagnostic {
  const place = places.get(diagnostic);
  if (!place) return { ...diagnostic, ...changes };
  const { file, ...rest } = withoutPosition(diagnostic);
  return withPlace(file, place, { ...rest, ...changes });
}

/**
 * A key equal for two diagnostics at the same place, without locating them: the data path (and
 * whether the key is meant) for a diagnostic of `diagnosticAt`, `line:column` for any other. Two
 * diagnostics of one kind (one code) are made the same way, so their keys compare.
 */
export function placeKey(diagnostic: Diagnostic): string {
  const place = places.get(diagnostic);
  return place ? pathKey(place.path, place.key) : `${diagnostic.line}:${diagnostic.column}`;
}

/** The `placeKey` a diagnostic made by `diagnosticAt(sheet, path, …, { key })` will have, before it is made. */
export function pathKey(path: DataPath, key = false): string {
  return `${key ? 'k' : 'v'}${JSON.stringify(path)}`;
}

/** True when the diagnostic's position has not been computed yet (for tests and measures). */
export function isUnlocated(diagnostic: Diagnostic): boolean {
  const own = Object.getOwnPropertyDescriptor(diagnostic, 'line');
  return own?.get !== undefined && places.has(diagnostic) && !located.has(diagnostic);
}

/**
 * Points the lazily located diagnostics among `diagnostics` at `sheet` (a sheet with the same text and
 * positions, e.g. `linkSheet` of the one they were made on): the sheet they were made on, and its data,
 * can then be collected before they are located. Others are left as they are.
 */
export function relocate(diagnostics: readonly Diagnostic[], sheet: LoadedSheet): void {
  for (const d of diagnostics) {
    const place = places.get(d);
    if (place) place.sheet = sheet;
  }
}

/** A diagnostic sent between threads: its fields, and its place when it is still unlocated (see `toWire`). */
export interface WireDiagnostic {
  /** Every field but the position when `place` is set; every field, position included, otherwise. */
  fields: Diagnostic | Omit<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>;
  place?: { path: DataPath; key: boolean };
}

/**
 * `diagnostic` as plain data a worker thread can post (structured clone): with `locate`, or when it
 * is located already, the diagnostic itself (a clone reads its position, locating it where its sheet's
 * document is); otherwise its fields and its data path, for `fromWire` to make it lazily located again
 * on the receiving side (a warning `validate -q` only counts is never located).
 */
export function toWire(diagnostic: Diagnostic, locate: boolean): WireDiagnostic {
  const place = places.get(diagnostic);
  if (locate || !place || !isUnlocated(diagnostic)) return { fields: { ...diagnostic } };
  return { fields: withoutPosition(diagnostic), place: { path: place.path, key: place.key } };
}

/** The diagnostic `toWire` sent, at `sheet` (the same text as the sheet it was made on) when it was unlocated. */
export function fromWire(wire: WireDiagnostic, sheet: LoadedSheet | undefined): Diagnostic {
  if (!wire.place || !sheet) return wire.fields as Diagnostic;
  const { file, ...fields } = wire.fields;
  return withPlace(file, { sheet, path: wire.place.path, key: wire.place.key }, fields);
}

/** Diagnostics whose range has been computed. */
const located = new WeakSet<Diagnostic>();

/** The range of a diagnostic made by `withPlace`, computed on the first call for its place. */
function rangeFor(d: Diagnostic): SourceRange {
  const place = places.get(d)!;
  place.range ??= rangeOf(place.sheet, place.path, { key: place.key });
  located.add(d);
  return place.range;
}

/**
 * The accessors of the position fields, the same functions for every diagnostic (`this` is the
 * diagnostic, its place found in `places`): getters made for each diagnostic, closing over its place,
 * kept the sheet they were made on, its data and text alive past the young generation's collections,
 * to be copied into the old one (issue 14).
 */
const POSITION_ACCESSORS: PropertyDescriptorMap = Object.fromEntries(
  POSITION.map((name) => [
    name,
    {
      enumerable: true,
      configurable: true,
      get(this: Diagnostic) {
        return rangeFor(this)[name];
      },
      // a position set by hand replaces the computed one
      set(this: Diagnostic, value: number) {
        Object.defineProperty(this, name, { value, enumerable: true, configurable: true, writable: true });
      },
    },
  ]),
);

function withPlace(file: string, place: Place, fields: Omit<Diagnostic, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>): Diagnostic {
  const d = Object.defineProperties({ file } as Diagnostic, POSITION_ACCESSORS);
  Object.assign(d, fields);
  places.set(d, place);
  return d;
}

/** The fields of a diagnostic without reading its position getters. */
function withoutPosition(d: Diagnostic): Omit<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const out = {} as Record<string, unknown>;
  for (const name of Object.keys(d)) if (!(POSITION as readonly string[]).includes(name)) out[name] = (d as unknown as Record<string, unknown>)[name];
  return out as unknown as Omit<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>;
}
