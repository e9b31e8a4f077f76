import type { SheetKind } from '../load/sheet.js';
import { bundledSchema } from './bundle.js';

/**
 * What a scaffold (`capi new`) needs to know about a schema, read from the schema itself so the
 * guidance comments, examples and lists of values are never written twice: a node's description, its
 * enum values, its example value.
 */

/** A JSON Schema node, as far as the scaffolds read it. */
export interface SchemaNode {
  title?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  examples?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  pattern?: string;
  minimum?: number;
  $ref?: string;
}

const bundles = new Map<SheetKind, SchemaNode & { $defs?: Record<string, SchemaNode> }>();

function bundle(kind: SheetKind): SchemaNode & { $defs?: Record<string, SchemaNode> } {
  let b = bundles.get(kind);
  if (!b) {
    b = bundledSchema(kind) as SchemaNode & { $defs?: Record<string, SchemaNode> };
    bundles.set(kind, b);
  }
  return b;
}

/** A node with its `$ref` (to `#/$defs/…`) resolved; the node's own title, description and examples win. */
function resolve(kind: SheetKind, node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const name = node.$ref.replace('#/$defs/', '');
  const target = resolve(kind, bundle(kind).$defs?.[name] ?? {});
  const { $ref: _ref, ...own } = node;
  return { ...target, ...own };
}

/**
 * The schema node of a field of a sheet, by its path of keys (`['association', 'siege', 'commune']`;
 * `'*'` steps into the items of a list), with `$ref`s resolved.
 *
 * @throws Error when the path names no field of the schema (a programming error, not the user's)
 */
export function schemaAt(kind: SheetKind, path: readonly string[]): SchemaNode {
  let node = resolve(kind, bundle(kind));
  for (const key of path) {
    const next = key === '*' ? node.items : node.properties?.[key];
    if (!next) throw new Error(`no field ${path.join('.')} in the ${kind} schema`);
    node = resolve(kind, next);
  }
  return node;
}

/** The keys of an object node, in the schema's order. */
export function keysAt(kind: SheetKind, path: readonly string[]): string[] {
  return Object.keys(schemaAt(kind, path).properties ?? {});
}

/** The values an enum field allows (of the items, for a list of enum values), or `[]`. */
export function enumAt(kind: SheetKind, path: readonly string[]): string[] {
  const node = schemaAt(kind, path);
  return enumOf(kind, node.items ? resolve(kind, node.items) : node).map(String);
}

/** Enum values of a node, or of the alternatives of its `anyOf` (`leviers_changement`: a code or `autre`). */
function enumOf(kind: SheetKind, node: SchemaNode): unknown[] {
  return node.enum ?? (node.anyOf ?? []).flatMap((alt) => enumOf(kind, resolve(kind, alt)));
}

/** The field's description as one line of plain text: Markdown backticks removed. */
export function hintAt(kind: SheetKind, path: readonly string[]): string {
  return (schemaAt(kind, path).description ?? '').replace(/`/g, '').replace(/\s+/g, ' ').trim();
}

/** The `pattern` of a text field, as a RegExp (e.g. the sheet ids). */
export function patternAt(kind: SheetKind, path: readonly string[]): RegExp {
  const pattern = schemaAt(kind, path).pattern;
  if (!pattern) throw new Error(`no pattern at ${path.join('.')} in the ${kind} schema`);
  return new RegExp(pattern);
}

/**
 * An example value of a field, built from the schema: its first `examples` value, else its first
 * enum value, else an object of examples of all its properties, a list of one example item, a number
 * at its minimum, or « … » for a text. The result is valid against the field's schema for the
 * schemas capi ships (a test checks it on every OSIM section).
 *
 * @param overrides example values by path below `path` (e.g. `{ 'commune': 'Tafraout' }`)
 */
export function exampleAt(kind: SheetKind, path: readonly string[], overrides: Readonly<Record<string, unknown>> = {}): unknown {
  return example(kind, schemaAt(kind, path), '', overrides);
}

function example(kind: SheetKind, node: SchemaNode, at: string, overrides: Readonly<Record<string, unknown>>): unknown {
  if (at in overrides) return overrides[at];
  if (node.examples?.length) return node.examples[0];
  if (node.const !== undefined) return node.const;
  if (node.enum?.length) return node.enum[0];
  if (node.anyOf?.length) return example(kind, resolve(kind, node.anyOf[0]), at, overrides);
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (node.properties || types.includes('object')) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node.properties ?? {})) out[key] = example(kind, resolve(kind, child), at ? `${at}.${key}` : key, overrides);
    return out;
  }
  if (types.includes('array')) return node.items ? [example(kind, resolve(kind, node.items), at, overrides)] : [];
  if (types.includes('integer') || types.includes('number')) return node.minimum ?? 0;
  if (types.includes('boolean')) return true;
  return '…';
}
