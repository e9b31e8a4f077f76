import { isRecord, type SheetKind } from '../load/sheet.js';
import { readSchema, SCHEMA_FILES } from './schemas.js';

/**
 * Whether a sheet valid at its own status stays valid against its schema at another status, decided from
 * the schema itself (`schemas/re.schema.json`, `schemas/osim.schema.json`) without running the validator
 * again: `nextStatusDiagnostics` asks it before re-validating a sheet at the next status (issue 14: that
 * re-validation was a quarter of `validate`'s checks beyond parsing, and finds nothing on most sheets).
 *
 * Only the statut-dependent parts of the root schema can change their verdict when `statut` alone
 * changes: `properties.statut` and the root `allOf` rules (`if: {properties: {statut: …}}, then: …`).
 * They are evaluated here with a small, conservative reading of JSON Schema (the keywords those rules
 * use); anything it does not know, or a root keyword that could look at `statut` in another way, makes
 * the answer « not sure », and the caller runs ajv as before. The answer is never « valid » when ajv
 * would say otherwise: the diagnostics stay those of the full validation.
 */

type Schema = Record<string, unknown>;
/** true: surely valid; false: surely invalid; undefined: not known (a keyword this reading does not handle). */
type Verdict = boolean | undefined;

/** Root keywords whose verdict cannot change when only the value of `statut` changes (given `properties.statut` is declared). */
const STATUS_BLIND_ROOT = new Set(['$schema', '$id', 'title', 'description', 'type', 'additionalProperties', 'required', 'properties', '$defs']);
/** Keywords that say nothing about validity. */
const ANNOTATIONS = new Set(['title', 'description', 'markdownDescription', 'examples', 'default', '$comment', 'deprecated', 'readOnly', 'writeOnly', 'markdownEnumDescriptions', 'enumDescriptions']);

const schemas = new Map<string, Schema>();
/** A schema file of `schemas/` by file name, parsed once. */
function schemaFile(file: string): Schema {
  let s = schemas.get(file);
  if (!s) {
    const kind = (Object.keys(SCHEMA_FILES) as Array<keyof typeof SCHEMA_FILES>).find((k) => SCHEMA_FILES[k] === file);
    if (!kind) throw new Error(`unknown schema file ${file}`);
    s = readSchema(kind);
    schemas.set(file, s);
  }
  return s;
}

/** The schema a `$ref` (`common.schema.json#/$defs/statut`, `#/$defs/x`) names, read from `base`'s file; undefined when not found. */
function resolve(ref: string, base: string): { schema: Schema; file: string } | undefined {
  const [file = '', pointer = ''] = ref.split('#');
  const target = file === '' ? base : file;
  let node: unknown = schemaFile(target);
  for (const part of pointer.split('/').filter(Boolean)) node = isRecord(node) ? node[part.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
  return isRecord(node) ? { schema: node, file: target } : undefined;
}

/** `resolve`'s answers, by file and reference: the same few references are followed for every sheet. */
const resolvedRefs = new Map<string, { schema: Schema; file: string } | undefined>();

/** `resolve(ref, base)`, worked out once per run. */
function resolved(ref: string, base: string): { schema: Schema; file: string } | undefined {
  const id = `${base}|${ref}`;
  if (!resolvedRefs.has(id)) resolvedRefs.set(id, resolve(ref, base));
  return resolvedRefs.get(id);
}

const isPrimitive = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** Does `data` have JSON Schema type `type`? */
function hasType(data: unknown, type: unknown): boolean {
  if (Array.isArray(type)) return type.some((x) => hasType(data, x));
  switch (type) {
    case 'object':
      return isRecord(data);
    case 'array':
      return Array.isArray(data);
    case 'string':
      return typeof data === 'string';
    case 'number':
      return typeof data === 'number';
    case 'integer':
      return Number.isInteger(data);
    case 'boolean':
      return typeof data === 'boolean';
    case 'null':
      return data === null;
    default:
      return false;
  }
}

/** Length in code points (as ajv counts `minLength`: a surrogate pair is one). */
const codePoints = (s: string) => Array.from(s).length;

/** Combines verdicts of parts that must all hold: false wins, then undefined. */
function all(verdicts: Iterable<Verdict>): Verdict {
  let out: Verdict = true;
  for (const v of verdicts) {
    if (v === false) return false;
    if (v === undefined) out = undefined;
  }
  return out;
}

/**
 * The verdict of `schema` (from file `file`) on `data`, for the keywords: type, enum and const of plain
 * values, required, properties, items (one schema), min/maxItems, min/maxLength, allOf, if/then/else,
 * $ref; annotations ignored. Any other keyword gives undefined.
 * The keywords of each schema object are listed once (`keywordsOf`): a schema is not changed once read.
 */
export function evaluate(schema: unknown, data: unknown, file: string): Verdict {
  if (schema === true) return true;
  if (schema === false) return false;
  if (!isRecord(schema)) return undefined;
  let out: Verdict = true;
  for (const [key, value] of keywordsOf(schema)) {
    const verdict = keyword(key, value, schema, data, file);
    if (verdict === false) return false;
    if (verdict === undefined) out = undefined;
  }
  return out;
}

/** The keywords of each schema object `evaluate` read, in order, annotations, `x-…`, `then` and `else` left out. */
const keywordLists = new WeakMap<Schema, Array<[string, unknown]>>();

/** The keywords `evaluate` reads of `schema` (worked out once per schema object: the rules are the same for every sheet). */
function keywordsOf(schema: Schema): Array<[string, unknown]> {
  let list = keywordLists.get(schema);
  if (!list) {
    list = Object.entries(schema).filter(([key]) => !(ANNOTATIONS.has(key) || key.startsWith('x-') || key === 'then' || key === 'else'));
    keywordLists.set(schema, list);
  }
  return list;
}

/** The verdict of one keyword of `schema` on `data` (see `evaluate`). */
function keyword(key: string, value: unknown, schema: Schema, data: unknown, file: string): Verdict {
  switch (key) {
    case 'type':
      return hasType(data, value);
    case 'enum':
      return Array.isArray(value) && value.every(isPrimitive) ? value.includes(data) : undefined;
    case 'const':
      return isPrimitive(value) ? data === value : undefined;
    case 'required':
      return !isRecord(data) || (Array.isArray(value) && value.every((k) => typeof k === 'string' && data[k] !== undefined));
    case 'properties':
      if (!isRecord(value)) return undefined;
      return !isRecord(data) || all(Object.keys(value).filter((k) => data[k] !== undefined).map((k) => evaluate(value[k], data[k], file)));
    case 'items':
      return !Array.isArray(data) || all(data.map((x) => evaluate(value, x, file)));
    case 'minItems':
      return !Array.isArray(data) || data.length >= (value as number);
    case 'maxItems':
      return !Array.isArray(data) || data.length <= (value as number);
    case 'minLength':
      return typeof data !== 'string' || (data.length >= 2 * (value as number) ? true : codePoints(data) >= (value as number));
    case 'maxLength':
      return typeof data !== 'string' || (data.length <= (value as number) ? true : codePoints(data) <= (value as number));
    case 'allOf':
      return Array.isArray(value) ? all(value.map((s) => evaluate(s, data, file))) : undefined;
    case 'if': {
      const test = evaluate(value, data, file);
      if (test === undefined) return undefined;
      const branch = test ? schema.then : schema.else;
      return branch === undefined ? true : evaluate(branch, data, file);
    }
    case '$ref': {
      const target = typeof value === 'string' ? resolved(value, file) : undefined;
      return target ? evaluate(target.schema, data, target.file) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Whether a sheet of kind `kind`, whose data `data` is valid against its schema as it is, is surely
 * still valid with `statut` set to `statut`: the root `properties.statut` and `allOf` rules hold for the
 * data with that status (see the module's comment).
 *
 * @returns true when ajv would accept the sheet at `statut`; false when it might not (the caller then
 *   runs the validator)
 */
export function surelyValidAtStatus(kind: SheetKind, data: Record<string, unknown>, statut: string): boolean {
  const rules = statusRules(kind, statut);
  // the sheet's data with the other status: a copy of its root (its fields shared). Not an object made
  // with `Object.create(data, …)`: the engine turns a prototype into an object of the old generation's
  // kind, and the whole data of each sheet was then copied into the old generation (issue 14)
  return rules !== undefined && evaluate(rules.allOf, { ...data, statut }, rules.file) === true;
}

/** By kind and status: the root `allOf` rules to evaluate, or undefined when the schema is not read this way (see `surelyValidAtStatus`). */
const rulesByStatus = new Map<string, { allOf: Schema; file: string } | undefined>();

/** The root rules of `kind`'s schema that may refuse a sheet at `statut` (worked out once per run). */
function statusRules(kind: SheetKind, statut: string): { allOf: Schema; file: string } | undefined {
  const id = `${kind}|${statut}`;
  if (rulesByStatus.has(id)) return rulesByStatus.get(id);
  const file = SCHEMA_FILES[kind];
  const root = schemaFile(file);
  const properties = isRecord(root.properties) ? root.properties : {};
  const readable = Object.keys(root).every((k) => STATUS_BLIND_ROOT.has(k) || k === 'allOf') && 'statut' in properties && evaluate(properties.statut, statut, file) === true;
  const rules = readable ? { allOf: { allOf: root.allOf ?? [] }, file } : undefined;
  rulesByStatus.set(id, rules);
  return rules;
}
