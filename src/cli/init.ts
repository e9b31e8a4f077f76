import path from 'node:path';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { makeDirs } from '../util/fs.js';
import { link, rm, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import type { CliIo } from './io.js';
import { UserError } from '../util/errors.js';
import { displayPath, packagePath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { CONFIG_FILE } from '../link/workspace.js';
import { SCHEMA_FILES } from '../validate/schemas.js';

/** Options of `capi init`. */
export interface InitOptions {
  projet?: string;
  organisation?: string;
  yes?: boolean;
}

/** The project named in a new configuration when none is given. */
export const DEFAULT_PROJET = 'Capitalisation des expériences des OSIM — région Souss-Massa';
/** The organisation named in a new configuration when none is given. */
export const DEFAULT_ORGANISATION = 'Migrations & Développement';

/** Folders of a workspace; each gets a `.gitkeep` so git keeps it while it is empty. */
export const INIT_DIRS = ['re', 'osim', 'images'] as const;

/** Kinds whose bundled schema is copied into `.capi/schemas/` (config only once capi ships its schema). */
const SCHEMA_KINDS = ['re', 'osim', 'config'] as const;

/**
 * The files `capi init` copies from `templates/init/` (which a coordinator or designer may edit), by
 * their path in the workspace. Template names have no leading dot: npm drops `.gitignore` from packages.
 */
export const INIT_TEMPLATES: Readonly<Record<string, string>> = {
  '.gitattributes': 'gitattributes',
  '.editorconfig': 'editorconfig',
  '.gitignore': 'gitignore',
  '.vscode/settings.json': 'vscode-settings.json',
  '.vscode/extensions.json': 'vscode-extensions.json',
  '.github/workflows/capi.yml': 'github-workflow.yml',
  '.gitlab-ci.yml': 'gitlab-ci.yml',
  'LISEZMOI.md': 'LISEZMOI.md',
};

/** What `capi init` did: paths relative to the workspace, with `/`. */
export interface InitResult {
  created: string[];
  skipped: string[];
}

/** A YAML scalar for one line of the configuration template (quoted when YAML needs it). */
function scalar(value: string): string {
  return stringify(value.normalize('NFC').replace(/\s+/g, ' ').trim(), { lineWidth: 0 }).trimEnd();
}

/** The text of `capi.config.yaml` for a project and an organisation. */
export function configText(projet: string, organisation: string, now = new Date()): string {
  const values: Record<string, string> = {
    projet: scalar(projet),
    organisation: scalar(organisation),
    titre: scalar(projet),
    annee: String(now.getFullYear()),
  };
  return readFileSync(packagePath('templates', 'init', 'capi.config.yaml'), 'utf8').replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * Creates `file` with `content` unless it exists, never replacing anything: the text goes to a temporary
 * file first, then is hard-linked to its name (which fails when the name is taken), so a file is either
 * absent or complete. Where hard links are not possible, an exclusive create (`wx`).
 *
 * @returns false when the file already existed
 */
async function createNew(file: string, content: string): Promise<boolean> {
  if (existsSync(file)) return false;
  await makeDirs(path.dirname(file));
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, content);
    try {
      await link(tmp, file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      await writeFile(file, content, { flag: 'wx' });
      return true;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * `capi init [dir]`: makes `dir` (default: the current folder) a ready shared workspace — configuration,
 * `re/`, `osim/`, `images/`, the bundled schemas in `.capi/schemas/`, git and editor settings, GitHub and
 * GitLab CI, `LISEZMOI.md` — creating only what is missing and never replacing a file. Lists what it
 * created and what it left as it was.
 *
 * @returns 0
 * @throws UserError (exit 2) when `dir` is a file or a file cannot be written
 */
export async function runInit(dirArg: string | undefined, options: InitOptions, io: CliIo): Promise<number> {
  const root = path.resolve(io.cwd, dirArg ?? '.');
  if (existsSync(root) && !statSync(root).isDirectory()) throw new UserError(t('init.notDir', { dir: dirArg ?? '.' }));
  const result: InitResult = { created: [], skipped: [] };

  const put = async (relPath: string, content: () => string | Promise<string>) => {
    const file = path.join(root, relPath);
    if (existsSync(file)) {
      result.skipped.push(relPath);
      return;
    }
    try {
      if (await createNew(file, await content())) result.created.push(relPath);
      else result.skipped.push(relPath);
    } catch (error) {
      throw new UserError(t('init.cannotWrite', { path: displayPath(file, io.cwd), reason: (error as Error).message }));
    }
  };

  try {
    await makeDirs(root);
  } catch (error) {
    throw new UserError(t('init.cannotWrite', { path: displayPath(root, io.cwd), reason: (error as Error).message }));
  }

  // configuration: asked for in a terminal, unless given or --yes
  await put(CONFIG_FILE, async () => {
    let projet = options.projet?.trim() || undefined;
    let organisation = options.organisation?.trim() || undefined;
    if (io.interactive && !options.yes && (!projet || !organisation)) {
      const { input } = await import('@inquirer/prompts');
      projet ??= await input({ message: t('init.ask.projet'), default: DEFAULT_PROJET });
      organisation ??= await input({ message: t('init.ask.organisation'), default: DEFAULT_ORGANISATION });
    }
    return configText(projet?.trim() || DEFAULT_PROJET, organisation?.trim() || DEFAULT_ORGANISATION);
  });

  // sheet folders: a .gitkeep only where the folder is new or empty
  for (const dir of INIT_DIRS) {
    const abs = path.join(root, dir);
    if (existsSync(abs) && readdirSync(abs).length > 0) result.skipped.push(`${dir}/`);
    else await put(`${dir}/.gitkeep`, () => '');
  }

  // schemas for editors, self-contained so they work offline
  const { bundledSchema } = await import('../validate/bundle.js');
  for (const kind of SCHEMA_KINDS) {
    if (!existsSync(packagePath('schemas', SCHEMA_FILES[kind]))) continue;
    await put(`.capi/schemas/${kind}.schema.json`, () => `${JSON.stringify(bundledSchema(kind), null, 2)}\n`);
  }

  for (const [target, template] of Object.entries(INIT_TEMPLATES)) {
    await put(target, () => readFileSync(packagePath('templates', 'init', template), 'utf8'));
  }

  for (const p of result.created) io.stdout.write(`${t('init.created', { path: p })}\n`);
  for (const p of result.skipped) io.stdout.write(`${t('init.skipped', { path: p })}\n`);
  io.stderr.write(`${t('init.summary', { created: result.created.length, skipped: result.skipped.length, dir: displayPath(root, io.cwd) || '.' })}\n`);
  if (result.created.includes(CONFIG_FILE)) {
    const cd = path.resolve(io.cwd) === root ? '' : `cd ${displayPath(root, io.cwd)} && `;
    io.stderr.write(`${t('init.next', { cd })}\n`);
  }
  return 0;
}
