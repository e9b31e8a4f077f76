/**
 * The workspace configuration, `capi.config.yaml` at the workspace root: found, loaded, checked and
 * typed once, here. Every command that works in a workspace reads it through `loadConfig` (a broken file
 * stops the command with located errors, exit 2: no silent fall-back to defaults); `capi validate`
 * reports its problems among the sheets' through `readConfig`. The TypeScript type of the file comes
 * from `schemas/config.schema.json` (`src/types/config.ts`, written by `npm run gen:types`).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { readImageHeader } from '../util/image-header.js';
import { isRecord, rangeOf, type DataPath, type LoadedSheet } from '../load/sheet.js';
import { readWorkspaceFile } from './workspace-file.js';
import { validatorFor } from '../validate/schemas.js';
import { schemaDiagnostics } from '../validate/schema-errors.js';
import { sortDiagnostics, type Diagnostic } from '../validate/diagnostic.js';
import type { CapiConfig, ChercheurSe, Recueil } from '../types/index.js';
import { displayPath } from '../util/paths.js';
import { UserError } from '../util/errors.js';
import { t } from '../i18n/index.js';
import { CONFIG_FILE, findWorkspaceRoot } from './workspace.js';
import { mayBeInGitRepository } from './git.js';

/** The editions of a document: `interne` (everything) or `publique` (what may be published). */
export type Edition = 'interne' | 'publique';

/** The organisation named in documents when the configuration names none (the only place it is written). */
export const DEFAULT_ORGANISATION = 'Migrations & Développement';
/** The output folder, relative to the workspace root, when the configuration names none. */
export const DEFAULT_OUT_DIR = 'dist';
/**
 * The licence printed in the colophon of documents when the configuration names none: Creative Commons
 * Attribution 4.0, the licence of the reference data capi prints (HCP, fiches.md) and the usual one of
 * NGO capitalisation publications.
 */
export const DEFAULT_LICENCE = 'CC BY 4.0';
/** The editions produced when neither `--edition` nor the configuration says. */
export const DEFAULT_EDITIONS: readonly Edition[] = ['interne'];

/** The configuration of a workspace, every default applied and every path made absolute. */
export interface WorkspaceConfig {
  /** Workspace root (absolute): the folder of `capi.config.yaml`. */
  root: string;
  /** Absolute path of `capi.config.yaml`, when the workspace has one. */
  file?: string;
  /** `projet`: title of the fieldwork report; undefined when not given. */
  projet?: string;
  /** `organisation`, else {@link DEFAULT_ORGANISATION}. */
  organisation: string;
  /** `logo`, as an absolute path of an existing PNG, JPEG or SVG file inside the workspace. */
  logo?: string;
  /** `recueil` (booklet cover and introduction), as written (empty when absent). */
  recueil: Recueil;
  /** `chercheurs`: the researchers and the territories assigned to them (empty when absent). */
  chercheurs: ChercheurSe[];
  /** `sortie` resolved against the root (absolute), else `<root>/dist`. */
  sortie: string;
  /** `editions` as a list without repeats, else {@link DEFAULT_EDITIONS}. */
  editions: Edition[];
  /** `langue_documents`: the language documents are written in, else `fr` (never the interface language). */
  documentLang: 'fr' | 'en';
  /** `licence` of the published documents (their colophon), else {@link DEFAULT_LICENCE}. */
  licence: string;
}

/** The configuration of a workspace without `capi.config.yaml` (or with an empty one). */
export function defaultConfig(root: string): WorkspaceConfig {
  return { root, organisation: DEFAULT_ORGANISATION, recueil: {}, chercheurs: [], sortie: path.join(root, DEFAULT_OUT_DIR), editions: [...DEFAULT_EDITIONS], documentLang: 'fr', licence: DEFAULT_LICENCE };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The typed configuration from data that passed `schemas/config.schema.json`. */
function resolveConfig(root: string, file: string, data: CapiConfig): WorkspaceConfig {
  const editions = data.editions === undefined ? [...DEFAULT_EDITIONS] : [...new Set(typeof data.editions === 'string' ? [data.editions] : data.editions)];
  return {
    root,
    file,
    projet: text(data.projet),
    organisation: text(data.organisation) ?? DEFAULT_ORGANISATION,
    ...(data.logo ? { logo: path.resolve(root, data.logo) } : {}),
    recueil: data.recueil ?? {},
    chercheurs: data.chercheurs ?? [],
    sortie: path.resolve(root, data.sortie ?? DEFAULT_OUT_DIR),
    editions,
    documentLang: data.langue_documents ?? 'fr',
    licence: text(data.licence) ?? DEFAULT_LICENCE,
  };
}

/**
 * Checks `logo`: inside the workspace, present, and a PNG, JPEG or SVG image by its bytes (not its
 * name). The schema has already checked the form of the path (relative, with an image extension).
 */
function checkLogo(config: LoadedSheet, root: string, logo: string): Diagnostic[] {
  const at = (code: string, key: string, hint: string): Diagnostic => {
    const r = rangeOf(config, ['logo'] satisfies DataPath);
    return { file: config.file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, severity: 'error', code, message: t(key, { path: logo }), hint: t(hint) };
  };
  const abs = path.resolve(root, logo);
  const rel = path.relative(root, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return [at('config.logo-outside', 'config.logoOutside', 'config.logoOutsideHint')];
  let type: string | undefined;
  try {
    type = readImageHeader(abs).type;
  } catch {
    return [at('config.logo-missing', 'config.logoMissing', 'config.logoMissingHint')];
  }
  return type === 'png' || type === 'jpg' || type === 'svg' ? [] : [at('config.logo-invalid', 'config.logoInvalid', 'config.logoInvalidHint')];
}

/**
 * A warning when the output folder (`sortie`, inside the workspace) is not ignored by git: its PDF and
 * DOCX would be committed by the next `git add .` (`capi init`'s `.gitignore` names only `dist/`).
 * Asks `git check-ignore` (git's own rules: every .gitignore, global excludes); silent outside a git
 * repository, when git is missing, or for a folder outside the workspace.
 */
function checkOutputIgnored(config: LoadedSheet, root: string, sortie: string): Promise<Diagnostic[]> {
  const rel = path.relative(root, sortie);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || !mayBeInGitRepository(root)) return Promise.resolve([]);
  const folder = `${rel.split(path.sep).join('/')}/`;
  // asynchronous: git runs in its own process while the sheets are read (see `readConfig`)
  return new Promise((resolve) => {
    execFile('git', ['check-ignore', '-q', folder], { cwd: root, timeout: 10_000 }, (error) => {
      // 0: ignored; 1: not ignored; 128: not a repository; no code: git missing or too slow
      if (!error || (error as { code?: unknown }).code !== 1) return resolve([]);
      const r = rangeOf(config, ['sortie'] satisfies DataPath);
      resolve([{ file: config.file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, severity: 'warning', code: 'config.sortie-not-ignored', message: t('config.sortieNotIgnored', { folder }), hint: t('config.sortieNotIgnoredHint', { folder }) }]);
    });
  });
}

/**
 * Reads and checks the configuration of the workspace at `root`: the same file checks as a sheet
 * (encoding, YAML syntax, duplicate keys…), then `schemas/config.schema.json`, then the `logo` file.
 * Diagnostics name the file as seen from `cwd`, with the line and column of the key or value concerned.
 * An absent file, an empty one or one holding only comments is a valid configuration (every default).
 * With `options.checkIgnored` (`capi validate`), also warns when `sortie` is not ignored by git: that
 * warning comes in `ignored`, a promise (git runs in its own process meanwhile; the caller reads the
 * sheets, then adds it to `diagnostics`).
 *
 * @returns `config`: the typed configuration (the defaults when there are errors); `diagnostics`: its
 *   problems in source order; `ignored`: the warning about `sortie` (or none), when asked;
 *   `file`: the absolute path of `capi.config.yaml` when it exists
 * @throws UserError (exit 2) only when the file exists but cannot be read (permissions)
 */
export async function readConfig(root: string, cwd = process.cwd(), options: { checkIgnored?: boolean } = {}): Promise<{ config: WorkspaceConfig; diagnostics: Diagnostic[]; ignored?: Promise<Diagnostic[]>; file?: string }> {
  const read = await readWorkspaceFile(root, CONFIG_FILE, cwd);
  if (!read) return { config: defaultConfig(root), diagnostics: [] };
  const { file, shown, sheet, diagnostics } = read;
  const fallback = { config: { ...defaultConfig(root), file }, file };
  if (!sheet || sheet.data === null || sheet.data === undefined) return { ...fallback, diagnostics };
  if (!isRecord(sheet.data)) {
    const actual = Array.isArray(sheet.data) ? t('type.array') : t(`type.${typeof sheet.data}`);
    return { ...fallback, diagnostics: [...diagnostics, { file: shown, line: 1, column: 1, severity: 'error', code: 'config.not-a-map', message: t('config.notAMap', { actual }) }] };
  }
  const validate = validatorFor('config');
  if (!validate(sheet.data)) diagnostics.push(...schemaDiagnostics(sheet, validate.errors ?? [], t('config.root')));
  if (diagnostics.some((d) => d.severity === 'error')) return { ...fallback, diagnostics: sortDiagnostics(diagnostics) };
  const data = sheet.data as CapiConfig;
  if (data.logo) diagnostics.push(...checkLogo(sheet, root, data.logo));
  const config = resolveConfig(root, file, data);
  const ignored = options.checkIgnored ? checkOutputIgnored(sheet, root, config.sortie) : undefined;
  return { config, diagnostics: sortDiagnostics(diagnostics), ...(ignored ? { ignored } : {}), file };
}

/**
 * The error that stops a command when `capi.config.yaml` has errors: one located line per problem
 * (`capi.config.yaml:3:9  erreur  …` with its fix), then what to do. Exit code 2: capi cannot run
 * on a configuration it cannot trust, and writes nothing.
 */
export function configError(diagnostics: readonly Diagnostic[], file: string): UserError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return new UserError(t('config.broken', { file, count: errors.length }), 2, errors);
}

/**
 * The configuration of the workspace at `root`, for a command that uses it (see `readConfig`).
 * @throws UserError (exit 2) listing the located errors when the file has any (see `configError`)
 */
export async function loadConfig(root: string, cwd = process.cwd()): Promise<WorkspaceConfig> {
  const { config, diagnostics, file } = await readConfig(root, cwd);
  if (file && diagnostics.some((d) => d.severity === 'error')) throw configError(diagnostics, displayPath(file, cwd));
  return config;
}

/**
 * The configuration of the workspace holding `start` (a file or folder; see `findWorkspaceRoot`).
 * @throws UserError (exit 2) when the configuration has errors
 */
export async function loadConfigFor(start: string, cwd = process.cwd()): Promise<WorkspaceConfig> {
  return loadConfig(findWorkspaceRoot(path.resolve(cwd, start)), cwd);
}

/**
 * The output folder of a command (absolute). The rule: an `--out` given on the command line is relative
 * to the current folder (what a shell user expects); otherwise the output goes to the configuration's
 * `sortie`, relative to the workspace root (`dist` by default), wherever the command is run from.
 */
export function outputDir(config: WorkspaceConfig, out: string | undefined, cwd: string): string {
  return out !== undefined && out !== '' ? path.resolve(cwd, out) : config.sortie;
}
