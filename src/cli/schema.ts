import { writeAtomic } from '../util/atomic-write.js';
import path from 'node:path';
import { makeDirs } from '../util/fs.js';
import type { CliIo } from './io.js';
import { bundledSchema } from '../validate/bundle.js';
import { displayPath } from '../util/paths.js';
import { UserError } from '../util/errors.js';
import { t } from '../i18n/index.js';

/** The kinds `capi schema --kind` accepts. */
export type SchemaKind = 're' | 'osim' | 'config';

/**
 * `capi schema [--kind re|osim|config] [--out FILE]`: the self-contained JSON Schema of a kind of sheet
 * (or of `capi.config.yaml`), as editors read it (see `bundledSchema`), printed as JSON with a 2-space
 * indent, or written to `--out` (folders created as needed).
 *
 * @returns 0
 * @throws UserError (exit 2) when the file cannot be written
 */
export async function runSchema(options: { kind: SchemaKind; out?: string }, io: CliIo): Promise<number> {
  const text = `${JSON.stringify(bundledSchema(options.kind), null, 2)}\n`;
  if (!options.out) {
    io.stdout.write(text);
    return 0;
  }
  const file = path.resolve(io.cwd, options.out);
  try {
    await makeDirs(path.dirname(file));
    await writeAtomic(file, text);
  } catch (error) {
    throw new UserError(t('schema.cannotWrite', { file: displayPath(file, io.cwd), reason: (error as Error).message }));
  }
  io.stderr.write(`${t('schema.written', { kind: options.kind, file: displayPath(file, io.cwd) })}\n`);
  return 0;
}
