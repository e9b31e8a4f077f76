import { existsSync } from 'node:fs';
import path from 'node:path';
import { isRecord, loadSheet } from '../load/sheet.js';
import { validatorFor } from '../validate/schemas.js';
import { schemaDiagnostics } from '../validate/schema-errors.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { CONFIG_FILE } from './workspace.js';

/**
 * Checks the workspace configuration `capi.config.yaml` at `root`, when there is one: the same file
 * checks as a sheet (encoding, YAML syntax, duplicate keys…), then `schemas/config.schema.json`.
 * Diagnostics name the configuration file and the line and column of the key or value concerned.
 * An empty file (or one holding only comments) is a valid configuration.
 *
 * @returns diagnostics in source order (empty when there is no configuration or it is valid)
 * @throws only for I/O errors (unreadable file)
 */
export async function checkConfig(root: string, cwd = process.cwd()): Promise<Diagnostic[]> {
  const file = path.join(root, CONFIG_FILE);
  if (!existsSync(file)) return [];
  const shown = displayPath(file, cwd);
  const loaded = await loadSheet(file, shown);
  const diagnostics = loaded.diagnostics.filter((d) => d.code !== 'file.empty');
  const config = loaded.sheet;
  if (!config || config.data === null || config.data === undefined) return diagnostics;
  if (!isRecord(config.data)) {
    const actual = Array.isArray(config.data) ? t('type.array') : t(`type.${typeof config.data}`);
    return [...diagnostics, { file: shown, line: 1, column: 1, severity: 'error', code: 'config.not-a-map', message: t('config.notAMap', { actual }) }];
  }
  const validate = validatorFor('config');
  if (!validate(config.data)) diagnostics.push(...schemaDiagnostics(config, validate.errors ?? [], t('config.root')));
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}
