import path from 'node:path';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { makeDirs } from '../util/fs.js';
import { rm } from 'node:fs/promises';
import { createNew } from '../util/atomic-write.js';
import { stringify } from 'yaml';
import type { CliIo } from './io.js';
import { UserError } from '../util/errors.js';
import { displayPath, packagePath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { CONFIG_FILE } from '../link/workspace.js';
import { DEFAULT_ORGANISATION } from '../link/config.js';
import { SCHEMA_FILES } from '../validate/schemas.js';
import { applyPackage, defaultSource, lockHasCapi, npmInstall, parseSource, planPackage, type PackagePlan } from './init-package.js';

/** Options of `capi init`. */
export interface InitOptions {
  projet?: string;
  organisation?: string;
  yes?: boolean;
  /** Where the workspace installs capi from (`--source`); default: this capi's version on the registry. */
  source?: string;
  /** false (`--no-install`): write package.json but do not run `npm install`. */
  install?: boolean;
}

/** The project named in a new configuration when none is given. */
export const DEFAULT_PROJET = 'Capitalisation des expériences des OSIM — région Souss-Massa';
/** The organisation named in a new configuration when none is given (the one default, `link/config.ts`). */
export { DEFAULT_ORGANISATION } from '../link/config.js';

/** Folders of a workspace; each gets a `.gitkeep` so git keeps it while it is empty. */
export const INIT_DIRS = ['re', 'osim', 'images'] as const;

/** Kinds whose bundled schema is copied into `.capi/schemas/` (config only once capi ships its schema). */
const SCHEMA_KINDS = ['re', 'osim', 'config'] as const;

/**
 * The files `capi init` copies, by their path in the workspace, from capi's package (paths from its root):
 * `templates/init/` (which a coordinator or designer may edit; no leading dot in the names, since npm
 * drops `.gitignore` from packages), and the researchers' guide, whose one source is
 * `docs/guide-chercheurs.md` (written as `LISEZMOI.md`).
 */
export const INIT_TEMPLATES: Readonly<Record<string, string>> = {
  '.gitattributes': 'templates/init/gitattributes',
  '.editorconfig': 'templates/init/editorconfig',
  '.gitignore': 'templates/init/gitignore',
  '.vscode/settings.json': 'templates/init/vscode-settings.json',
  '.vscode/extensions.json': 'templates/init/vscode-extensions.json',
  '.github/workflows/capi.yml': 'templates/init/github-workflow.yml',
  '.gitlab-ci.yml': 'templates/init/gitlab-ci.yml',
  'LISEZMOI.md': 'docs/guide-chercheurs.md',
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
 * The project and organisation names for a new `capi.config.yaml`: from the options, else asked in a
 * terminal (unless `--yes`), else the defaults. Trimmed, never empty.
 * @throws the prompt's ExitPromptError on Ctrl+C (capi then exits 130, nothing written)
 */
async function askConfig(options: { projet?: string; organisation?: string; yes?: boolean }, io: CliIo): Promise<{ projet: string; organisation: string }> {
  let projet = options.projet?.trim() || undefined;
  let organisation = options.organisation?.trim() || undefined;
  if (io.interactive && !options.yes && (!projet || !organisation)) {
    const { input } = await import('./prompts.js');
    projet ??= await input({ message: t('init.ask.projet'), default: DEFAULT_PROJET });
    organisation ??= await input({ message: t('init.ask.organisation'), default: DEFAULT_ORGANISATION });
  }
  return { projet: projet?.trim() || DEFAULT_PROJET, organisation: organisation?.trim() || DEFAULT_ORGANISATION };
}

/**
 * `capi init [dir]`: makes `dir` (default: the current folder) a ready shared workspace — configuration,
 * `re/`, `osim/`, `images/`, the bundled schemas in `.capi/schemas/`, git and editor settings, GitHub and
 * GitLab CI, `LISEZMOI.md`, a private `package.json` with capi (`@migdev/capi` from `--source`) as a
 * devDependency — creating only what is missing and never replacing a file (an existing package.json
 * only gains the devDependency). Lists what it created and what it left as it was, then runs
 * `npm install` (unless `--no-install`) so that `package-lock.json` pins capi for everyone and for CI.
 *
 * @returns 0
 * @throws UserError (exit 2) when `dir` is a file, a file cannot be written, `--source` is not a source
 *   of capi, an existing package.json is unreadable, or `npm install` fails
 */
export async function runInit(dirArg: string | undefined, options: InitOptions, io: CliIo): Promise<number> {
  const root = path.resolve(io.cwd, dirArg ?? '.');
  if (existsSync(root) && !statSync(root).isDirectory()) throw new UserError(t('init.notDir', { dir: dirArg ?? '.' }));
  const result: InitResult = { created: [], skipped: [] };
  const source = parseSource(options.source?.trim() || defaultSource(), io.cwd);

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

  // questions first (in a terminal, unless given or --yes): Ctrl+C at a question leaves nothing behind
  const answers = existsSync(path.join(root, CONFIG_FILE)) ? { projet: DEFAULT_PROJET, organisation: DEFAULT_ORGANISATION } : await askConfig(options, io);
  try {
    await makeDirs(root);
  } catch (error) {
    throw new UserError(t('init.cannotWrite', { path: displayPath(root, io.cwd), reason: (error as Error).message }));
  }
  // decided before anything is written: an unreadable package.json stops init here
  const plan = planPackage(root, source, io.cwd);

  // configuration: its answers were asked for before anything was written
  await put(CONFIG_FILE, () => configText(answers.projet, answers.organisation));

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
    await put(target, () => readFileSync(packagePath(...template.split('/')), 'utf8'));
  }

  let applied: Awaited<ReturnType<typeof applyPackage>>;
  try {
    applied = await applyPackage(plan);
  } catch (error) {
    throw new UserError(t('init.cannotWrite', { path: displayPath(plan.file, io.cwd), reason: (error as Error).message }));
  }
  if (applied.copied) result.created.push(path.relative(root, plan.copy!.to).split(path.sep).join('/'));
  if (plan.action === 'create') result.created.push('package.json');
  else if (plan.action === 'present') result.skipped.push('package.json');

  for (const p of result.created) io.stdout.write(`${t('init.created', { path: p })}\n`);
  if (plan.action === 'add') io.stdout.write(`${t('init.package.added', { path: 'package.json', spec: plan.spec! })}\n`);
  for (const p of result.skipped) io.stdout.write(`${t('init.skipped', { path: p })}\n`);
  if (plan.stranger) io.stderr.write(`${t('init.package.stranger')}\n`);
  const changed = result.created.length + (plan.action === 'add' ? 1 : 0);
  io.stderr.write(`${t('init.summary', { created: changed, skipped: result.skipped.length, dir: displayPath(root, io.cwd) || '.' })}\n`);
  await installCapi(root, plan, options, io, applied.undo);
  if (result.created.includes(CONFIG_FILE)) {
    const cd = path.resolve(io.cwd) === root ? '' : `cd ${displayPath(root, io.cwd)} && `;
    io.stderr.write(`${t('init.next', { cd })}\n`);
  }
  return 0;
}

/**
 * Installs the workspace's capi with `npm install`, which writes `package-lock.json` (CI's `npm ci`
 * needs it), unless `--no-install` or capi is already in the lockfile. When npm fails, `undo` puts
 * package.json back as it was, so that `capi init --source …` can be run again.
 *
 * @throws UserError (exit 2) with npm's last lines when `npm install` fails
 */
async function installCapi(root: string, plan: PackagePlan, options: InitOptions, io: CliIo, undo: () => Promise<void>): Promise<void> {
  const files = ['package.json', 'package-lock.json', ...(plan.copy ? [path.relative(root, plan.copy.to).split(path.sep).join('/')] : [])].join(' ');
  if (plan.action === 'present' && (await lockHasCapi(root))) return;
  if (options.install === false) {
    io.stderr.write(`${t('init.install.skipped', { files })}\n`);
    return;
  }
  io.stderr.write(`${t('init.install.running', { dir: displayPath(root, io.cwd) || '.' })}\n`);
  const hadLock = existsSync(path.join(root, 'package-lock.json'));
  const npm = await npmInstall(root, { ...process.env, ...io.env });
  if (npm.code !== 0) {
    await undo();
    if (!hadLock) await rm(path.join(root, 'package-lock.json'), { force: true });
    const tail = npm.output.split('\n').map((l) => l.trimEnd()).filter(Boolean).slice(-8).join('\n');
    throw new UserError(t('init.install.failed', { code: npm.code, output: tail, spec: plan.spec ?? '' }));
  }
  io.stderr.write(`${t('init.install.done', { files })}\n`);
}
