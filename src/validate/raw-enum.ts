import type { Diagnostic } from './diagnostic.js';
import type { SheetKind } from '../load/sheet.js';
import { t } from '../i18n/index.js';
import { suggest } from './schema-errors.js';
import { enumAt, keysAt, schemaAt } from './schema-hints.js';

/**
 * The values of top-level enum fields (`statut: validée`) that the schema refuses, read from the raw
 * lines of a sheet the YAML parser could not read: reported with its syntax errors, so a person fixes
 * them in the same pass instead of one run at a time. Only `key: value` lines at column 1 whose key is
 * a one-value enum field (not a list) at the root of the schema of the sheet's kind (from its `fiche:` line, else its
 * folder `re/` or `osim/`). A key the schema does not know is left to the schema check, once the
 * syntax is fixed (it was an unexpected error, exit 2, issue 14's 1,000-sheet test found it).
 *
 * @param text the sheet's text; `file` its display path
 * @returns diagnostics `schema.enum`, as the schema check gives them, in line order
 */
export function rawEnumDiagnostics(text: string, file: string): Diagnostic[] {
  const fiche = /^fiche:\s*["']?(retour-experience|osim)\b/m.exec(text)?.[1];
  const kind: SheetKind | undefined = fiche === 'retour-experience' ? 're' : fiche === 'osim' ? 'osim' : /(^|\/)re\//.test(file) ? 're' : /(^|\/)osim\//.test(file) ? 'osim' : undefined;
  if (!kind) return [];
  const fields = new Set(keysAt(kind, []));
  const out: Diagnostic[] = [];
  text.split(/\r?\n|\r/).forEach((line, i) => {
    const m = /^([a-z_]+):[ \t]+(["']?)([^"'#\s[{|>&*][^"'#]*?)\2[ \t]*(?:#.*)?$/.exec(line);
    if (!m || m[1] === 'fiche' || !fields.has(m[1]) || schemaAt(kind, [m[1]]).items) return;
    const allowed = enumAt(kind, [m[1]]);
    if (allowed.length === 0 || allowed.includes(m[3])) return;
    const near = suggest(m[3], allowed);
    const column = line.indexOf(m[3], m[1].length + 1) + 1 - m[2].length;
    out.push({ file, line: i + 1, column, severity: 'error', code: 'schema.enum', message: t('schema.enum', { value: m[3], key: m[1], allowed: allowed.join(', ') }), ...(near ? { hint: t('schema.didYouMean', { value: near }) } : {}), source: line });
  });
  return out;
}
