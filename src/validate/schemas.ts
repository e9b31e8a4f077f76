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

/** What `schemas/compiled/validators.cjs` exports: a validator by kind, and the status rules of each kind of sheet (`reStatut`, `osimStatut`). */
type Validators = Record<SheetKind | 'config' | 'glossary' | `${SheetKind}Statut`, ValidateFunction>;

/** The generated validators module (`schemas/compiled/validators.cjs`), loaded on first use. */
let validators: Validators | undefined;
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
  return compiled()[kind];
}

/**
 * The validator of the rules of a sheet's schema that depend on its `statut` (its `properties.statut`
 * and root `allOf`, see `statusSchema` in scripts/gen-types.mjs): for a sheet valid against its schema
 * as it is, the errors it would have at another status are exactly this validator's on its data with
 * that status (test/validate/status-schema.test.ts).
 * @throws Error when the generated module is missing
 */
export function statusValidatorFor(kind: SheetKind): ValidateFunction {
  return compiled()[`${kind}Statut`];
}

/** The generated validators, required on first use. */
function compiled(): Validators {
  return (validators ??= createRequire(import.meta.url)(packagePath('schemas', 'compiled', 'validators.cjs')) as Validators);
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
