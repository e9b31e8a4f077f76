import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import type { CliIo } from './io.js';
import { createNew } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { type Commune, type Gazetteer, type Province } from '../link/places.js';
import { CONFIG_FILE, findSheetFiles, findWorkspaceRoot } from '../link/workspace.js';
import { isRecord, loadSheet, type SheetKind } from '../load/sheet.js';
import { suggest } from '../util/text.js';
import { patternAt } from '../validate/schema-hints.js';

/**
 * What `capi new` (both kinds) shares: where the sheet goes, what the workspace already holds, the
 * schema line for editors, the place questions, and the write that never replaces a file.
 */

/** The prompt functions `capi new` uses (@inquirer/prompts in the user's language, `./prompts.js`). */
export type Prompts = typeof import('./prompts.js');

/** An OSIM sheet of the workspace as `capi new` lists it; sheets in progress may lack any field. */
export interface OsimEntry {
  id: string;
  association: string;
  /** Communes of origin as written in the sheet (empty when the sheet has none yet). */
  communes: string[];
}

/** What the workspace already holds. */
export interface WorkspaceScan {
  /** The workspace root (the folder of `capi.config.yaml`, else the folder the sheet goes into). */
  root: string;
  /** Ids of every sheet (either kind), to choose a free one. */
  usedIds: Set<string>;
  /** OSIM sheets with a readable id, sorted by id. */
  osim: OsimEntry[];
}

/** A value typed on one line: line breaks and runs of spaces become one space; undefined stays undefined. */
export function oneLine(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * The folder a new sheet goes into (`--dir`, resolved from the current folder; may not exist yet: it
 * is created on writing) and the workspace it belongs to, found from the nearest existing folder.
 *
 * A `--dir` outside the current workspace and of no other workspace (no capi.config.yaml above it) is
 * refused: the sheet would be checked with no configuration and its editor schemas written elsewhere.
 *
 * @throws UserError (exit 2) when `--dir` names a file, or a folder outside any workspace
 */
export function targetDir(dirOption: string | undefined, io: CliIo, defaultSub: string): { dir: string; root: string } {
  if (!dirOption) {
    const root = findWorkspaceRoot(io.cwd);
    return { dir: path.join(root, defaultSub), root };
  }
  const dir = path.resolve(io.cwd, dirOption);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UserError(t('new.dirNotDir', { dir: dirOption }));
  let existing = dir;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  if (existsSync(existing) && !statSync(existing).isDirectory()) throw new UserError(t('new.dirNotDir', { dir: displayPath(existing, io.cwd) }));
  // a folder of another workspace (its own capi.config.yaml above it) is that workspace's
  const own = findWorkspaceRoot(existing);
  if (existsSync(path.join(own, CONFIG_FILE))) return { dir, root: own };
  // otherwise it must be inside the workspace of the current folder: the editor schemas (.capi/schemas/)
  // are written at the workspace's root, never into the parent of a folder elsewhere
  const root = findWorkspaceRoot(io.cwd);
  const inside = path.relative(root, dir);
  if (inside.startsWith('..') || path.isAbsolute(inside)) throw new UserError(t('new.dirOutside', { dir: dirOption, root: displayPath(root, io.cwd) || '.' }));
  return { dir, root };
}

/**
 * Reads the sheets of the workspace for their ids and the OSIM sheets. Sheets in progress, broken or
 * unreadable are skipped field by field, never fatal: only a string `id` is needed.
 */
export async function scanWorkspace(root: string, io: CliIo): Promise<WorkspaceScan> {
  const usedIds = new Set<string>();
  const osim: OsimEntry[] = [];
  for (const file of await findSheetFiles([root], io.cwd).catch(() => [] as string[])) {
    const { sheet } = await loadSheet(file, displayPath(file, io.cwd)).catch(() => ({ sheet: undefined }));
    const data = sheet && isRecord(sheet.data) ? sheet.data : undefined;
    if (typeof data?.id !== 'string') continue;
    usedIds.add(data.id);
    if (sheet?.kind !== 'osim') continue;
    const association = isRecord(data.association) && typeof data.association.nom === 'string' ? data.association.nom : '';
    const origin = isRecord(data.territoire_origine) ? data.territoire_origine : {};
    const communes = Array.isArray(origin.communes) ? origin.communes.filter((c): c is string => typeof c === 'string') : [];
    osim.push({ id: data.id, association, communes });
  }
  osim.sort((a, b) => a.id.localeCompare(b.id));
  return { root, usedIds, osim };
}

/** The first free id `PREFIX-NN` (e.g. `RE-TIZ-03`, `OSIM-FR-11`), given the ids already used. */
export function nextFreeId(prefix: string, used: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}-${String(n).padStart(2, '0')}`;
    if (!used.has(id)) return id;
  }
}

/**
 * The path, relative to the sheet's folder and with `/`, of the bundled (self-contained) schema of a
 * kind in the workspace's `.capi/schemas/`, which `capi init` writes. When it is missing, it is written
 * now (never replacing a file), so the `$schema` line of every new sheet loads in editors offline and
 * on every clone; `written` lists the files created, for the command to say so.
 */
export async function editorSchema(kind: SheetKind, sheetDir: string, root: string): Promise<{ reference: string; written: string[] }> {
  const { bundledSchema } = await import('../validate/bundle.js');
  const dir = path.join(root, '.capi', 'schemas');
  const written: string[] = [];
  // both kinds: an RE sheet's workspace soon gets OSIM sheets, and the other way round
  for (const k of ['re', 'osim'] as const) {
    const file = path.join(dir, `${k}.schema.json`);
    if (existsSync(file)) continue;
    try {
      if (await createNew(file, `${JSON.stringify(bundledSchema(k), null, 2)}\n`)) written.push(file);
    } catch (error) {
      throw new UserError(t('init.cannotWrite', { path: file, reason: (error as Error).message }));
    }
  }
  return { reference: path.relative(sheetDir, path.join(dir, `${kind}.schema.json`)).split(path.sep).join('/'), written };
}

/**
 * Writes a new sheet, creating its folder; never replaces a file (exclusive create).
 *
 * @throws UserError (exit 2) when the file exists or cannot be written
 */
export async function writeNewSheet(file: string, text: string, io: CliIo): Promise<void> {
  let created: boolean;
  try {
    created = await createNew(file, text);
  } catch (error) {
    throw new UserError(t('init.cannotWrite', { path: displayPath(file, io.cwd), reason: (error as Error).message }));
  }
  if (!created) throw new UserError(t('new.exists', { file: displayPath(file, io.cwd) }));
}

/** Tells what `capi new` wrote: the sheet, and the editor schemas when it had to write them. */
export function reportWritten(file: string, schemas: string[], io: CliIo): void {
  io.stdout.write(`${t('new.written', { file: displayPath(file, io.cwd) })}\n`);
  if (schemas.length > 0) io.stdout.write(`${t('new.schemasWritten', { dir: displayPath(path.dirname(schemas[0]), io.cwd) })}\n`);
}

/**
 * The province named by `--province` (loosely matched), or asked for in a terminal.
 *
 * @throws UserError (exit 2) for an unknown province
 */
export async function chooseProvince(g: Gazetteer, value: string | undefined, prompts: Prompts | undefined, message: string): Promise<Province | undefined> {
  if (value) {
    const province = g.findProvince(value);
    if (province) return province;
    const near = suggest(value, g.provinces.map((p) => p.nameFr));
    throw new UserError(t('new.unknownProvince', { value, list: g.provinces.map((p) => p.nameFr).join(', ') }) + (near ? ` ${t('schema.didYouMean', { value: near })}` : ''));
  }
  if (!prompts) return undefined;
  const code = await prompts.select({ message, choices: g.provinces.map((p) => ({ name: `${p.nameFr} (${p.nameAr})`, value: p.code })) });
  return g.provinces.find((p) => p.code === code);
}

/**
 * A commune named on the command line, within `province` when known.
 *
 * @throws UserError (exit 2) for an unknown commune, or one of another province (naming it)
 */
export function findCommuneOrFail(g: Gazetteer, value: string, province: Province | undefined): Commune {
  const commune = g.findCommune(value, province?.code);
  if (commune) return commune;
  const pool = province ? g.communesOf(province.code) : g.communes;
  const elsewhere = province ? g.findCommune(value) : undefined;
  const near = suggest(value, pool.map((c) => c.nameFr));
  throw new UserError(
    elsewhere
      ? t('new.communeElsewhere', { value, province: province!.nameFr, other: g.provinces.find((p) => p.code === elsewhere.provinceCode)?.nameFr ?? '' })
      : t('new.unknownCommune', { value, province: province?.nameFr ?? 'Souss-Massa' }) + (near ? ` ${t('schema.didYouMean', { value: near })}` : ''),
  );
}

/**
 * The guidance at the top of a new sheet on long texts: they go in `|` blocks, where commas, « : »
 * and quotes need no care (the flow forms `{ … }` and `[ … ]` break on a comma in a French sentence);
 * shown with a paragraph and a list (comment lines without their « # »). Shared by both kinds of sheet.
 */
export const NARRATIVE_GUIDE: readonly string[] = [
  'Les textes longs s\'écrivent sous « clé: | », indentés de 2 espaces : virgules, « : » et guillemets',
  'y sont permis sans précaution. Une ligne vide sépare les paragraphes ; une liste s\'écrit avec des',
  'tirets « - ». Par exemple :',
  '  enseignements: |',
  '    La contribution des migrants débloque les financements publics : c\'est un signal d\'engagement.',
  '',
  '    Ce qui a marché :',
  '    - la tarification décidée avant la mise en service ;',
  '    - les comptes présentés chaque année devant le douar.',
];

/** Comment lines (`# …`) holding `text`, wrapped at 100 columns. */
export function commentLines(text: string, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + 2 + line.length + 1 + word.length > 100) {
      lines.push(`${indent}# ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${indent}# ${line}`);
  return lines;
}

/**
 * The id of a new sheet of `kind`: `given` (NFC, trimmed), else asked in a terminal (proposing
 * `fallback`), else `fallback` with `--yes`. The rule is the schema's id pattern, and an id already
 * used in the workspace is refused (a sheet is never overwritten).
 *
 * @param o.askKey the catalogue key of the question; `o.badKey` that of « not an id of this kind »
 * @returns the id, or undefined with `--id` (`--id FALLBACK` when there is one, see `missingOptionsError`)
 *   added to `o.missing` when nothing gives one
 * @throws UserError when the id does not fit the pattern or is already used
 */
export async function chooseSheetId(
  kind: SheetKind,
  o: { given?: string; fallback?: string; yes?: boolean; used: ReadonlySet<string>; prompts?: Prompts; missing: string[]; askKey: string; badKey: string },
): Promise<string | undefined> {
  const pattern = patternAt(kind, ['id']);
  const check = (v: string) => (!pattern.test(v) ? t(o.badKey, { id: v }) : o.used.has(v) ? t('new.idUsed', { id: v }) : true);
  let id = o.given?.normalize('NFC').trim();
  if (!id) {
    if (o.prompts) id = (await o.prompts.input({ message: t(o.askKey), default: o.fallback, validate: check })).trim();
    else if (o.yes && o.fallback) id = o.fallback;
    else {
      // name the id capi would propose, so the person can add it as it is (or accept it with -y)
      o.missing.push(o.fallback ? `--id ${o.fallback}` : '--id');
      return undefined;
    }
  }
  const verdict = check(id);
  if (verdict !== true) throw new UserError(verdict);
  return id;
}

/**
 * The error of `capi new` when options are missing and nothing can ask for them: the options to add,
 * as they can be typed (`--id RE-TIZ-03` when capi proposes an id), and `-y` to accept the proposed
 * id when there is one.
 *
 * @param missing the options, in the order of the command (`--id ID` for a proposed id)
 * @param interactive whether a terminal was there (then only options without a default are missing)
 * @param note a sentence added at the end (why `--osim` has no default), or ''
 */
export function missingOptionsError(missing: readonly string[], interactive: boolean, note = ''): UserError {
  const proposed = missing.find((m) => m.startsWith('--id '))?.slice('--id '.length);
  const accept = proposed ? ` ${t('new.acceptProposedId', { id: proposed })}` : '';
  return new UserError(`${t(interactive ? 'new.missingYes' : 'new.missing', { flags: missing.join(', ') })}${accept}${note ? ` ${note}` : ''}`);
}
