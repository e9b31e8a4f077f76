import path from 'node:path';
import { existsSync } from 'node:fs';
import { stringify } from 'yaml';
import type { CliIo } from './io.js';
import { UserError } from '../util/errors.js';
import { invocation } from '../util/identity.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { loadGazetteer, type Commune, type Province } from '../link/places.js';
import { loadConfig } from '../link/config.js';
import { enumAt, exampleAt, hintAt, keysAt, schemaAt, type SchemaNode } from '../validate/schema-hints.js';
import { NARRATIVE_GUIDE, chooseProvince, chooseSheetId, commentLines, editorSchema, findCommuneOrFail, missingOptionsError, nextFreeId, oneLine, reportWritten, scanWorkspace, targetDir, writeNewSheet, type Prompts } from './new-common.js';

/** Options of `capi new osim` (all optional: missing ones are asked for, or defaulted with `--yes`). */
export interface NewOsimOptions {
  id?: string;
  association?: string;
  sigle?: string;
  siege?: string;
  departement?: string;
  province?: string;
  /** Communes of origin, separated by commas. */
  communes?: string;
  auteur?: string;
  dir?: string;
  yes?: boolean;
}

/** Values of a new OSIM sheet, once everything is known. */
export interface NewOsimSheet {
  id: string;
  nom: string;
  sigle?: string;
  siege: { commune: string; departement?: string };
  province: Province;
  communes: Commune[];
  auteur: string;
}

/** Prefix of the ids `capi new osim` proposes: OSIM-FR-01, OSIM-FR-02… */
export const OSIM_ID_PREFIX = 'OSIM-FR';

/** A value as YAML lines (block style, no line folding). */
const yamlLines = (value: unknown): string[] => stringify(value, { lineWidth: 0 }).trimEnd().split('\n');

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The lines of the fields of an object of the OSIM schema at `path`, in the schema's order: the known
 * values as YAML, every other field as a commented example built from the schema (`# key: example`),
 * which is valid once its « # » is removed.
 */
function fieldLines(schemaPath: string[], values: Record<string, unknown>, indent: string): string[] {
  const lines: string[] = [];
  for (const key of keysAt('osim', schemaPath)) {
    const value = values[key];
    if (isPlainObject(value)) lines.push(`${indent}${key}:`, ...fieldLines([...schemaPath, key], value, `${indent}  `));
    else if (value !== undefined) lines.push(...yamlLines({ [key]: value }).map((l) => indent + l));
    else lines.push(...yamlLines({ [key]: exampleAt('osim', [...schemaPath, key]) }).map((l) => `${indent}# ${l}`));
  }
  return lines;
}

/** The guidance comment of a top-level section: its schema description, and the allowed values of a list of codes. */
function sectionHint(key: string): string[] {
  const values = enumAt('osim', [key]);
  return commentLines(`${hintAt('osim', [key])}${values.length > 1 && schemaAt('osim', [key]).items ? ` Valeurs : ${values.join(', ')}.` : ''}`);
}

/**
 * The YAML text of a new OSIM sheet: a `yaml-language-server` schema line, status `brouillon`, every
 * section of `schemas/osim.schema.json` in its order, each with its description from the schema as a
 * French guidance comment; what is known is written, the rest is an empty section followed by a
 * commented example built from the schema. It passes `capi validate` as written, and once the
 * examples are uncommented.
 *
 * @param schemaPath path of `osim.schema.json` relative to the sheet's folder, with `/`
 */
export function scaffoldOsim(s: NewOsimSheet, schemaPath: string): string {
  const known: Record<string, unknown> = {
    fiche: 'osim',
    id: s.id,
    statut: 'brouillon',
    auteurs: [{ nom: s.auteur, role: 'redacteur' }],
    association: { nom: s.nom, ...(s.sigle ? { sigle: s.sigle } : {}), siege: { commune: s.siege.commune, ...(s.siege.departement ? { departement: s.siege.departement } : {}) } },
    territoire_origine: { province: s.province.nameFr, communes: s.communes.map((c) => c.nameFr) },
  };
  const out: string[] = [
    `# yaml-language-server: $schema=${schemaPath}`,
    '# Fiche OSIM (côté France) — brouillon créé par capi.',
    `# Complétez chaque section, puis vérifiez avec : ${invocation()} validate`,
    '# Les lignes « # clé: valeur » sont des exemples : retirez « # » et remplacez la valeur.',
    ...NARRATIVE_GUIDE.map((l) => `# ${l}`.trimEnd()),
    '# Sur une seule ligne, mettez entre guillemets ("…") un texte qui contient « : » ou « # », ou qui',
    '# commence par * & @ [ { ou un tiret.',
  ];
  for (const key of keysAt('osim', [])) {
    if (key === 'fiche' || key === 'id') {
      out.push(...yamlLines({ [key]: known[key] }));
      continue;
    }
    if (key === 'revue') {
      out.push('', ...commentLines(`revue : ${hintAt('osim', ['revue'])}`));
      continue;
    }
    out.push('', ...sectionHint(key));
    const value = known[key];
    if (isPlainObject(value)) out.push(`${key}:`, ...fieldLines([key], value, '  '));
    else if (value !== undefined) out.push(...yamlLines({ [key]: value }));
    else out.push(...emptySection(key, s));
    if (key === 'auteurs') out.push(...yamlLines({ email: exampleAt('osim', ['auteurs', '*', 'email']) }).map((l) => `    # ${l}`));
  }
  return `${out.join('\n')}\n`;
}

/** A section not written yet: `key:` (empty), then a commented example (none for a text). */
function emptySection(key: string, s: NewOsimSheet): string[] {
  const node = schemaAt('osim', [key]);
  const types = Array.isArray(node.type) ? node.type : [node.type];
  // a text is a `|` block from the start: commas, « : » and quotes need no care there
  if (!node.properties && !types.includes('array')) return [isNarrative(node) ? `${key}: |` : `${key}:`];
  const example = blockTexts([key], exampleAt('osim', [key], { commune: s.communes[0]?.nameFr ?? '…' }));
  return [`${key}:`, ...yamlLines(example).map((l) => `  # ${l}`)];
}

/** True for a narrative text of the schema (`texte` of common.schema.json: a string that may be empty, no list of values). */
function isNarrative(node: SchemaNode): boolean {
  const types = Array.isArray(node.type) ? node.type : [node.type];
  return types.includes('string') && types.includes('null') && !node.enum && !node.pattern && !node.examples?.length;
}

/**
 * An example value with its narrative texts as `|` blocks (a text ending with a line break is written
 * so by the yaml package), walking the schema at `path` beside it.
 */
function blockTexts(path: string[], value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => blockTexts([...path, '*'], v));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blockTexts([...path, k], v)]));
  return typeof value === 'string' && isNarrative(schemaAt('osim', path)) ? `${value}\n` : value;
}

/**
 * `capi new osim`: asks for (or takes from flags) the association's name, acronym, seat in France
 * (commune, département), province and communes of origin (reference list of Souss-Massa), the id and
 * the author, then writes `ID.yaml` in `--dir` (default: `osim/` of the workspace). Never overwrites a
 * file; writes the editor schemas into `.capi/schemas/` when the workspace has none.
 *
 * @returns 0 when the sheet is written
 * @throws UserError (exit 2) when flags are missing without a terminal, a value is unknown, or the file exists
 */
export async function runNewOsim(options: NewOsimOptions, io: CliIo): Promise<number> {
  const g = loadGazetteer();
  const { dir, root } = targetDir(options.dir, io, 'osim');
  // a broken capi.config.yaml stops here, located (exit 2), before any question
  await loadConfig(root, io.cwd);
  const scan = await scanWorkspace(root, io);
  const prompts: Prompts | undefined = io.interactive && !options.yes ? await import('./prompts.js') : undefined;
  const missing: string[] = [];
  const required = (v: string) => (v.trim() ? true : t('new.valueRequired'));

  const text = async (value: string | undefined, flag: string, message: string, optional = false): Promise<string | undefined> => {
    const given = oneLine(value);
    if (given) return given;
    if (prompts) return oneLine(await prompts.input({ message, ...(optional ? {} : { validate: required }) })) || undefined;
    if (!optional) missing.push(flag);
    return undefined;
  };

  const nom = await text(options.association, '--association', t('new.ask.association'));
  const sigle = await text(options.sigle, '--sigle', t('new.ask.sigle'), true);
  const siege = await text(options.siege, '--siege', t('new.ask.siege'));
  const departement = await text(options.departement, '--departement', t('new.ask.departement'), true);

  const province = await chooseProvince(g, options.province, prompts, t('new.ask.originProvince'));
  if (!province) missing.push('--province');
  let communes: Commune[] = [];
  if (options.communes) {
    const names = [...new Set(options.communes.split(',').map((c) => c.trim()).filter(Boolean))];
    communes = [...new Map(names.map((n) => findCommuneOrFail(g, n, province)).map((c) => [c.code, c])).values()];
  } else if (prompts && province) {
    const pool = g.communesOf(province.code);
    const codes = await prompts.checkbox({
      message: t('new.ask.originCommunes'),
      choices: pool.map((c) => ({ name: `${c.nameFr} (${c.nameAr})`, value: c.code })),
      pageSize: 15,
      validate: (list) => (list.length > 0 ? true : t('new.communeRequired')),
    });
    communes = pool.filter((c) => codes.includes(c.code));
  }
  if (communes.length === 0 && !options.communes) missing.push('--communes');

  const id = await chooseSheetId('osim', { given: options.id, fallback: nextFreeId(OSIM_ID_PREFIX, scan.usedIds), yes: options.yes, used: scan.usedIds, prompts, missing, askKey: 'new.ask.osimId', badKey: 'new.badOsimId' });
  const auteur = await text(options.auteur, '--auteur', t('new.ask.redacteur'));

  if (missing.length > 0) throw missingOptionsError(missing, io.interactive);

  const file = path.join(dir, `${id}.yaml`);
  if (existsSync(file)) throw new UserError(t('new.exists', { file: displayPath(file, io.cwd) }));
  const schema = await editorSchema('osim', dir, root);
  const sheet: NewOsimSheet = { id: id!, nom: nom!, sigle, siege: { commune: siege!, departement }, province: province!, communes, auteur: auteur! };
  await writeNewSheet(file, scaffoldOsim(sheet, schema.reference), io);
  reportWritten(file, schema.written, io);
  return 0;
}

