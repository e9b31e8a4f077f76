import type { ErrorObject } from 'ajv';
import type { Diagnostic } from './diagnostic.js';
import { rangeOf, type DataPath, type LoadedSheet } from '../load/sheet.js';
import { diagnosticAt, placeKey } from '../load/located.js';
import { t } from '../i18n/index.js';
import { suggest } from '../util/text.js';

interface SchemaLike {
  title?: string;
  description?: string;
  properties?: Record<string, unknown>;
  enum?: unknown[];
  const?: unknown;
  examples?: unknown[];
  pattern?: string;
  [key: string]: unknown;
}

/** Parses an Ajv instancePath (`/perceptions/0/citations`) into a data path. */
export function parsePointer(pointer: string): DataPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** A data path as people read it in YAML: `perceptions[0].citations`. */
export function formatPath(path: DataPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || t('schema.root');
}

export { fold, suggest } from '../util/text.js';

const TYPE_NAMES: Record<string, string> = {
  string: 'type.string',
  number: 'type.number',
  integer: 'type.integer',
  boolean: 'type.boolean',
  object: 'type.object',
  array: 'type.array',
  null: 'type.null',
};

function typeName(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types
    .filter((x) => x !== 'null')
    .map((x) => t(TYPE_NAMES[String(x)] ?? String(x)))
    .join(t('type.or'));
}

function actualType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * The hint for two type slips of people who are not developers: a number typed with thousands
 * separators (`montant: 620 000`, read as text: write 620000), and one value where a list is expected
 * (`osim: OSIM-FR-1`: the list written with « - », under the key).
 */
function typeHint(error: ErrorObject, actual: string): string | undefined {
  const expected = String((error.params as { type: unknown }).type);
  if ((expected === 'number' || expected === 'integer') && actual === 'string' && typeof error.data === 'string') {
    const digits = error.data.replace(/[\s\u00a0\u202f.']/g, '').replace(',', '.');
    if (/^\d+(\.\d+)?$/.test(digits) && digits !== error.data) return t('schema.typeNumberSpacesHint', { value: error.data, number: digits });
  }
  if (expected === 'array' && (actual === 'string' || actual === 'number')) {
    const key = error.instancePath.split('/').pop() ?? '';
    return t('schema.typeListHint', { key, value: String(error.data) });
  }
  return undefined;
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** The value at `path` exactly as written in the file (`02142`, not the number 2142 YAML read). */
function sourceText(sheet: LoadedSheet, path: DataPath): string | undefined {
  const r = rangeOf(sheet, path);
  if (r.line !== r.endLine) return undefined;
  const line = sheet.text.split('\n')[r.line - 1] ?? '';
  const text = line.slice(r.column - 1, r.endColumn - 1).trim();
  return text || undefined;
}

/** The YAML key name a data path ends with (or its parent's key for an array item). */
function fieldName(path: DataPath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i]);
  return t('schema.root');
}

/**
 * Turns Ajv's errors for one sheet into diagnostics a researcher understands, in the current language,
 * located at the YAML node concerned.
 *
 * Grouping rules (one mistake, one message): errors under a failing `anyOf` collapse into the anyOf's
 * message — except when one branch alone has the value's type and is a list or a list of words
 * (`editions: [interne, publique]` or `editions: interne`): that branch's errors speak, located at the
 * wrong item, with the allowed words; an unmet `if/then` reports its own requirement only; at one location, a type error hides
 * every other error; identical messages at one location print once.
 *
 * @param sheet the loaded sheet (for positions)
 * @param errors `validate.errors` from an Ajv validator compiled with `allErrors` and `verbose`
 * @param rootLabel how messages name the document itself (default « la fiche »; `capi.config.yaml` is no sheet)
 */
export function schemaDiagnostics(sheet: LoadedSheet, errors: readonly ErrorObject[], rootLabel?: string): Diagnostic[] {
  // errors under a failing anyOf or contains: the parent error speaks for them (unless one branch alone
  // has the value's type and is a list or an enum: that branch's errors speak instead)
  const listBranch = (e: ErrorObject): number => {
    if (e.keyword !== 'anyOf') return -1;
    const type = Array.isArray(e.data) ? 'array' : typeof e.data;
    const branches = ((e.parentSchema ?? {}) as { anyOf?: Array<{ type?: unknown; enum?: unknown }> }).anyOf ?? [];
    const same = branches.map((b, i) => (b.type === type ? i : -1)).filter((i) => i >= 0);
    if (same.length !== 1) return -1;
    return type === 'array' || branches[same[0]!]!.enum !== undefined ? same[0]! : -1;
  };
  const byBranch = errors.filter((e) => listBranch(e) >= 0);
  const inBranch = (e: ErrorObject) => byBranch.some((p) => e.schemaPath.startsWith(`${p.schemaPath}/${listBranch(p)}/`) && e.instancePath.startsWith(p.instancePath));
  const parents = errors.filter((e) => (e.keyword === 'anyOf' && !byBranch.includes(e)) || e.keyword === 'contains');
  const kept = errors.filter((e) => {
    if (e.keyword === 'if') return false;
    if (byBranch.includes(e)) return false;
    if (byBranch.some((p) => e.schemaPath.startsWith(p.schemaPath + '/') && e.instancePath.startsWith(p.instancePath)) && !inBranch(e)) return false;
    return !parents.some((p) => p !== e && e.schemaPath.startsWith(p.schemaPath + '/') && e.instancePath.startsWith(p.instancePath));
  });
  // a validated sheet keeps no open review comment: one message per open comment
  const openComment = (e: ErrorObject) => e.schemaPath.includes('/then/') && /^\/revue\/commentaires\/\d+(\/resolu)?$/.test(e.instancePath);
  const openComments = kept.filter(openComment);
  // sections required by the status: one message listing them all, at the `statut` value
  const forStatus = kept.filter((e) => !openComment(e) && e.schemaPath.includes('/allOf/0/then'));
  // a misspelt key (`légende`) is one mistake: its « unknown key, did you mean legende » speaks for the
  // « legende is missing » of the same block
  const misspelt = new Set(
    kept
      .filter((e) => e.keyword === 'additionalProperties')
      .map((e) => {
        const extra = String((e.params as { additionalProperty: string }).additionalProperty);
        return `${e.instancePath}/${suggest(extra, Object.keys(((e.parentSchema ?? {}) as { properties?: object }).properties ?? {})) ?? ''}`;
      }),
  );
  const rest = kept.filter(
    (e) => !openComment(e) && !e.schemaPath.includes('/allOf/0/then') && !(e.keyword === 'required' && misspelt.has(`${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`)),
  );
  // a type error at a location hides the other errors there
  const typeAt = new Set(rest.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const out: Diagnostic[] = [];
  if (forStatus.length > 0) {
    const names = forStatus.map((e) => {
      const p = parsePointer(e.instancePath);
      return e.keyword === 'required' ? formatPath([...p, String((e.params as { missingProperty: string }).missingProperty)]) : formatPath(p);
    });
    const status = (sheet.data as { statut?: unknown } | null)?.statut;
    out.push(
      diagnosticAt(sheet, ['statut'], {
        severity: 'error',
        code: 'schema.required-for-status',
        message: t('schema.requiredForStatus', { keys: [...new Set(names)].join(', '), status: show(status) }),
        hint: t('schema.requiredForStatusHint'),
      }),
    );
  }
  for (const e of openComments) {
    const path = parsePointer(e.instancePath).slice(0, 3);
    const n = Number(path[2]) + 1;
    if (out.some((d) => d.code === 'schema.open-comment' && d.message.includes(`n° ${n} `))) continue;
    out.push(diagnosticAt(sheet, path, { severity: 'error', code: 'schema.open-comment', message: t('schema.openComment', { number: n }), hint: t('schema.openCommentHint', { number: n }) }));
  }
  const seen = new Set<string>();
  for (const error of rest) {
    if (typeAt.has(error.instancePath) && error.keyword !== 'type') continue;
    const diagnostic = translate(sheet, error, rootLabel);
    if (!diagnostic) continue;
    const key = `${placeKey(diagnostic)}:${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(diagnostic);
  }
  return out;
}

function translate(sheet: LoadedSheet, error: ErrorObject, rootLabel?: string): Diagnostic | undefined {
  const path = parsePointer(error.instancePath);
  const parent = (error.parentSchema ?? {}) as SchemaLike;
  const field = formatPath(path);
  const make = (code: string, message: string, hint: string | undefined, p: DataPath = path, key = false): Diagnostic => diagnosticAt(sheet, p, { severity: 'error', code, message, hint }, { key });
  const where = path.length ? `« ${field} »` : (rootLabel ?? t('schema.root'));

  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      const near = suggest(extra, allowed);
      return make(
        'schema.unknown-key',
        t('schema.unknownKey', { key: extra, where }),
        near ? t('schema.didYouMean', { value: near }) : t('schema.allowedKeys', { keys: allowed.join(', ') }),
        [...path, extra],
        true,
      );
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      if (missing === 'traduction') {
        const lang = (error.data as { langue?: string } | undefined)?.langue ?? '';
        return make('schema.quote-without-translation', t('schema.quoteWithoutTranslation', { lang: t(`lang.${lang}`) === `lang.${lang}` ? lang : t(`lang.${lang}`) }), t('schema.quoteWithoutTranslationHint'), path, true);
      }
      return make('schema.required', t('schema.required', { key: missing, where }), t('schema.requiredHint', { key: missing }), path, true);
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const near = typeof error.data === 'string' ? suggest(error.data, allowed) : undefined;
      return make(
        'schema.enum',
        t('schema.enum', { value: show(error.data), key: fieldName(path), allowed: allowed.join(', ') }),
        near ? t('schema.didYouMean', { value: near }) : undefined,
      );
    }
    case 'const': {
      const expected = show((error.params as { allowedValue: unknown }).allowedValue);
      return make('schema.const', t('schema.const', { key: fieldName(path), expected, value: show(error.data) }), t('schema.constHint', { key: fieldName(path), expected }));
    }
    case 'type': {
      const expected = typeName((error.params as { type: unknown }).type);
      const actual = actualType(error.data);
      const hint =
        (actual === 'number' || actual === 'integer' || actual === 'boolean') && String((error.params as { type: unknown }).type).includes('string')
          ? t('schema.typeQuoteHint', { value: sourceText(sheet, path) ?? show(error.data) })
          : actual === 'null'
            ? t('schema.typeNullHint')
            : typeHint(error, actual);
      return make('schema.type', t('schema.type', { key: fieldName(path), expected, actual: t(TYPE_NAMES[actual] ?? actual) }), hint);
    }
    case 'pattern': {
      const example = parent.examples?.[0];
      const invisible = typeof error.data === 'string' ? /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD]/u.exec(error.data) : null;
      if (invisible) {
        const code = `U+${invisible[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
        return make('schema.invisible-char', t('schema.invisibleChar', { key: fieldName(path), code }), t('schema.invisibleCharHint'));
      }
      if (fieldName(path) === 'fichier' && /\.(heic|heif)$/i.test(String(error.data))) return make('photo.heic', t('photo.heic', { path: show(error.data) }), t('photo.heicHint'));
      if (fieldName(path) === 'fichier') return make('schema.photo-path', t('schema.photoPath', { value: show(error.data) }), t('schema.photoPathHint'));
      return make('schema.pattern', t('schema.pattern', { value: show(error.data), key: fieldName(path) }), example !== undefined ? t('schema.patternExample', { example: show(example) }) : parent.description);
    }
    case 'format': {
      const format = String((error.params as { format: string }).format);
      return make('schema.format', t(`schema.format.${format}`, { value: show(error.data), key: fieldName(path) }), t(`schema.format.${format}.hint`));
    }
    case 'minLength': {
      const limit = (error.params as { limit: number }).limit;
      if (limit > 1 && typeof error.data === 'string' && error.data.trim() !== '') {
        return make('schema.too-short', t('schema.tooShort', { key: fieldName(path), limit }), undefined);
      }
      return make('schema.empty', t('schema.empty', { key: fieldName(path) }), t('schema.emptyHint'));
    }
    case 'uniqueItems': {
      const { i, j } = error.params as { i: number; j: number };
      const items = Array.isArray(error.data) ? error.data : [];
      return make('schema.unique-items', t('schema.uniqueItems', { key: fieldName(path), value: show(items[i]) }), t('schema.uniqueItemsHint'), [...path, Math.max(i, j)]);
    }
    case 'minItems': {
      const limit = (error.params as { limit: number }).limit;
      return make('schema.min-items', t('schema.minItems', { key: fieldName(path), limit }), undefined, path, true);
    }
    case 'minimum':
    case 'maximum': {
      const limit = (error.params as { limit: number }).limit;
      return make(`schema.${error.keyword}`, t(`schema.${error.keyword}`, { key: fieldName(path), value: show(error.data), limit }), undefined);
    }
    case 'contains':
      if (fieldName(path) === 'auteurs') return make('schema.no-enqueteur', t('schema.noEnqueteur'), t('schema.noEnqueteurHint'), path, true);
      return make('schema.contains', t('schema.contains', { key: fieldName(path) }), undefined, path, true);
    case 'anyOf': {
      const desc = parent.description ?? parent.title;
      return make('schema.invalid', t('schema.anyOf', { value: show(error.data), key: fieldName(path) }), desc);
    }
    default:
      return make(`schema.${error.keyword}`, t('schema.generic', { key: field, detail: error.message ?? error.keyword }), undefined);
  }
}
