import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { packagePath } from '../util/paths.js';
import type { SheetKind } from '../load/sheet.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

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

let ajv: Ajv2020 | undefined;
const compiled = new Map<SheetKind | 'config' | 'glossary', ValidateFunction>();

/** The JSON Schema (draft 2020-12) of a kind of sheet, as parsed from `schemas/`. */
export function readSchema(kind: SheetKind | 'common' | 'config' | 'glossary'): Record<string, unknown> {
  return JSON.parse(readFileSync(packagePath('schemas', SCHEMA_FILES[kind]), 'utf8')) as Record<string, unknown>;
}

/** The Ajv instance holding all schemas (created once per process). */
export function getAjv(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({
      allErrors: true,
      verbose: true,
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
    });
    addFormats(ajv);
    // French labels of enum values, used by the renderers.
    ajv.addKeyword({ keyword: 'x-labels', schemaType: 'object' });
    // Editor keywords (YAML language server, VS Code): Markdown hover help and per-value help of enums.
    ajv.addKeyword({ keyword: 'markdownDescription', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'markdownEnumDescriptions', schemaType: 'array' });
    for (const kind of ['common', 're', 'osim', 'config', 'glossary'] as const) ajv.addSchema(readSchema(kind));
  }
  return ajv;
}

/** The compiled validator of a kind of sheet, of `capi.config.yaml` or of `glossaire.yaml` (compiled once per process). */
export function validatorFor(kind: SheetKind | 'config' | 'glossary'): ValidateFunction {
  let fn = compiled.get(kind);
  if (!fn) {
    fn = getAjv().getSchema(SCHEMA_BASE + SCHEMA_FILES[kind]);
    if (!fn) throw new Error(`schema ${kind} missing`);
    compiled.set(kind, fn);
  }
  return fn;
}

/**
 * The French label of an enum value, from the `x-labels` of the schema definition at `pointer`
 * (e.g. `common.schema.json#/$defs/secteur`). Returns the value itself when it has no label.
 */
export function enumLabel(schemaRef: string, value: string): string {
  const schema = getAjv().getSchema(SCHEMA_BASE + schemaRef)?.schema as { 'x-labels'?: Record<string, string> } | undefined;
  return schema?.['x-labels']?.[value] ?? value;
}
