import type { SheetKind } from '../load/sheet.js';
import { readSchema } from './schemas.js';

/**
 * A schema made self-contained for editors: the definitions it takes from `common.schema.json` are
 * copied into its own `$defs`, and `common.schema.json#/$defs/X` references become `#/$defs/X`, so the
 * YAML language server needs no other file (and never tries to fetch one from the network). Its `$id`
 * is kept: it is the stable name editors map files to.
 */
export function bundledSchema(kind: SheetKind | 'config' | 'glossary'): Record<string, unknown> {
  const schema = readSchema(kind);
  const common = readSchema('common') as { $defs: Record<string, unknown> };
  const text = JSON.stringify(schema).replaceAll('"common.schema.json#/$defs/', '"#/$defs/');
  const out = JSON.parse(text) as Record<string, unknown> & { $defs?: Record<string, unknown> };
  if (text.includes('"#/$defs/')) out.$defs = { ...common.$defs, ...(out.$defs ?? {}) };
  return out;
}
