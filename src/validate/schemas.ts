import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { packagePath } from '../util/paths.js';
import type { SheetKind } from '../load/sheet.js';

/** Base of the schemas' `$id`s. */
export const SCHEMA_BASE = 'https://capi.migrations-developpement.org/schemas/';
/** File names of the schemas in `schemas/`, by kind of sheet. */
export const SCHEMA_FILES: Record<SheetKind | 'common' | 'config' | 'glossary', string> = {
  common: 'common.schema.json',
  re: 're.schema.json',
  osim: 'osim.schema.json',
  config: 'config.schema.json',
  glossary: 'glossaire.schema.json',
};

/** The generated validators module (`schemas/compiled/validators.cjs`), loaded on first use. */
let validators: Record<SheetKind | 'config' | 'glossary', ValidateFunction> | undefined;
const schemaCache = new Map<string, Record<string, unknown>>();

/** The JSON Schema (draft 2020-12) of a kind of sheet, as parsed from `schemas/`. */
export function readSchema(kind: SheetKind | 'common' | 'config' | 'glossary'): Record<string, unknown> {
  return JSON.parse(readFileSync(packagePath('schemas', SCHEMA_FILES[kind]), 'utf8')) as Record<string, unknown>;
}

/**
 * The validator of a kind of sheet, of `capi.config.yaml` or of `glossaire.yaml`: ajv's standalone code generated from the
 * schemas by `npm run gen:types` (`schemas/compiled/validators.cjs`, checked up to date by
 * test/docs/generated.test.ts), so no run compiles the schemas nor loads ajv's compiler. Options: all
 * errors, verbose errors, strict schemas, formats from ajv-formats (see scripts/gen-types.mjs).
 *
 * @returns an ajv ValidateFunction: `validate(data)` is true or false, then `validate.errors` lists why.
 * @throws Error when the generated module is missing (a broken install or an unbuilt checkout).
 */
export function validatorFor(kind: SheetKind | 'config' | 'glossary'): ValidateFunction {
  validators ??= createRequire(import.meta.url)(packagePath('schemas', 'compiled', 'validators.cjs')) as Record<SheetKind | 'config' | 'glossary', ValidateFunction>;
  return validators[kind];
}

/**
 * The French label of an enum value, from the `x-labels` of the schema definition at `schemaRef`
 * (`file#/json/pointer`, e.g. `common.schema.json#/$defs/statut`). Returns the value itself when it
 * has no label. The schema files are read once each.
 */
export function enumLabel(schemaRef: string, value: string): string {
  const [file, pointer = ''] = schemaRef.split('#');
  let schema = schemaCache.get(file!);
  if (!schema) {
    schema = JSON.parse(readFileSync(packagePath('schemas', file!), 'utf8')) as Record<string, unknown>;
    schemaCache.set(file!, schema);
  }
  let node: unknown = schema;
  for (const part of pointer.split('/').filter(Boolean)) {
    node = (node as Record<string, unknown> | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return (node as { 'x-labels'?: Record<string, string> } | undefined)?.['x-labels']?.[value] ?? value;
}
