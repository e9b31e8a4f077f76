/**
 * The workspace's own capi (issue 10): `capi init` writes a private `package.json` whose devDependency
 * `@migdev/capi` comes from `--source`, then runs `npm install` so that `package-lock.json` pins the
 * exact capi — and its dependencies — for every researcher (`npm install`) and every CI run (`npm ci`).
 */
import { spawn } from 'node:child_process';
import { copyFile, readFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeAtomic } from '../util/atomic-write.js';
import npa from 'npm-package-arg';
import { UserError } from '../util/errors.js';
import { makeDirs } from '../util/fs.js';
import { PACKAGE_NAME, runningPackage } from '../util/identity.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { foldAccents } from '../util/text.js';

/** Where the workspace gets capi from, as `capi init --source` gave it. */
export interface CapiSource {
  kind: 'registry' | 'git' | 'remote' | 'tarball';
  /** The value written in `devDependencies` (a local tarball: its path once copied, see `tarball`). */
  spec: string;
  /** For a local tarball: its absolute path where it is now. */
  tarball?: string;
}

/** Folder of the workspace where a local tarball of capi is copied, to be committed with it. */
export const TARBALL_DIR = '.capi';

/** The default source: the running capi's exact version, under its registry name. */
export function defaultSource(): string {
  return `${PACKAGE_NAME}@${runningPackage().version}`;
}

/**
 * Reads `--source` with npm's own parser (npm-package-arg): a registry spec of `@migdev/capi`
 * (`@migdev/capi@0.2.0`, or a bare version or range), a git URL with a tag (`#v0.2.0`, or `#semver:…`),
 * a tarball URL (`https://…/migdev-capi-0.2.0.tgz`) or a tarball file (`npm pack`'s output).
 *
 * @param source as typed; relative paths are read from `cwd`
 * @throws UserError (exit 2) for another package's name (`capi` on the registry is not capi), a git
 *   URL without a tag, a folder, a missing file, or anything npm would not install
 */
export function parseSource(source: string, cwd: string): CapiSource {
  const bad = () => new UserError(t('init.source.bad', { source, name: PACKAGE_NAME }));
  // a file or folder here is meant as a path, even where npm would read a name (`capi`) or a GitHub
  // shorthand (`paquets/migdev-capi-0.1.0.tgz`)
  const local = path.resolve(cwd, source);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(source) && existsSync(local)) {
    if (!statSync(local).isFile()) throw new UserError(t('init.source.directory', { source }));
    if (!/\.(tgz|tar\.gz|tar)$/i.test(local)) throw new UserError(t('init.source.notTarball', { source }));
    return { kind: 'tarball', spec: local, tarball: local };
  }
  let spec: npa.Result;
  try {
    spec = npa(source, cwd);
  } catch {
    throw bad();
  }
  if (spec.type === 'git') {
    const hosted = spec as npa.Result & { gitCommittish?: string | null; gitRange?: string };
    if (!hosted.gitCommittish && !hosted.gitRange) throw new UserError(t('init.source.noTag', { source }));
    return { kind: 'git', spec: source };
  }
  if (spec.type === 'remote') return { kind: 'remote', spec: source };
  if (spec.type === 'file') {
    const file = spec.fetchSpec ?? '';
    if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(t('init.source.noFile', { source }));
    return { kind: 'tarball', spec: file, tarball: file };
  }
  if (spec.type === 'directory') {
    // npm reads a path as a tarball by its extension (.tgz, .tar.gz, .tar), as a folder otherwise
    const target = spec.fetchSpec ?? '';
    if (existsSync(target) && statSync(target).isFile()) throw new UserError(t('init.source.notTarball', { source }));
    if (!existsSync(target)) throw new UserError(t('init.source.noFile', { source }));
    throw new UserError(t('init.source.directory', { source }));
  }
  if (spec.registry && spec.name === PACKAGE_NAME) return { kind: 'registry', spec: spec.fetchSpec === '*' ? 'latest' : spec.fetchSpec ?? 'latest' };
  // a bare version or range (`0.2.0`, `^0.2`) is a version of capi; a bare name is another package
  try {
    const own = npa.resolve(PACKAGE_NAME, source, cwd);
    if (own.type === 'version' || own.type === 'range') return { kind: 'registry', spec: own.fetchSpec ?? source };
  } catch {
    // not a version
  }
  if (spec.registry && spec.name) throw new UserError(t('init.source.stranger', { source, other: spec.name, name: PACKAGE_NAME }));
  throw bad();
}

/** A package name for the workspace from its folder name: lower case, no accents, `-` for the rest. */
export function workspacePackageName(root: string): string {
  const slug = foldAccents(path.basename(root))
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-]+$/g, '')
    .slice(0, 100);
  return slug || 'fiches-capi';
}

/** What `capi init` will do with `package.json`: decided before anything is written. */
export interface PackagePlan {
  /** `create`: no package.json; `add`: one without capi; `present`: capi already a dependency. */
  action: 'create' | 'add' | 'present';
  file: string;
  /** The text before (`add`), to put back if the installation fails. */
  before?: string;
  /** The text to write (`create`, `add`). */
  text?: string;
  /** The devDependency written (`create`, `add`). */
  spec?: string;
  /** The local tarball to copy into the workspace, and its path there. */
  copy?: { from: string; to: string };
  /** The package.json depends on the bare `capi`, another package. */
  stranger: boolean;
}

/**
 * Decides what to do with `root/package.json` for `source`, writing nothing: creates it when missing
 * (name from the folder, private, devDependency `@migdev/capi`), adds the devDependency to an existing
 * one that lacks it (keeping its indentation and every other key), leaves it when capi is there.
 *
 * @throws UserError (exit 2) when an existing package.json is not a JSON object
 */
export function planPackage(root: string, source: CapiSource, cwd: string): PackagePlan {
  const file = path.join(root, 'package.json');
  let spec = source.spec;
  let copy: PackagePlan['copy'];
  if (source.tarball) {
    // a tarball travels with the workspace, so that every clone and CI can install it
    const inside = path.relative(root, source.tarball);
    const rel = !inside.startsWith('..') && !path.isAbsolute(inside) ? inside : path.join(TARBALL_DIR, path.basename(source.tarball));
    if (rel !== inside) copy = { from: source.tarball, to: path.join(root, rel) };
    spec = `file:${rel.split(path.sep).join('/')}`;
  }
  if (!existsSync(file)) {
    const pkg = { name: workspacePackageName(root), private: true, description: t('init.package.description'), devDependencies: { [PACKAGE_NAME]: spec } };
    return { action: 'create', file, text: `${JSON.stringify(pkg, null, 2)}\n`, spec, copy, stranger: false };
  }
  const before = readFileSync(file, 'utf8');
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(before.replace(/^\uFEFF/, '')) as Record<string, unknown>;
    if (!pkg || typeof pkg !== 'object' || Array.isArray(pkg)) throw new Error(t('init.package.notObject'));
  } catch (error) {
    throw new UserError(t('init.package.unreadable', { path: displayPath(file, cwd), reason: (error as Error).message }));
  }
  const deps = (key: string) => (pkg[key] && typeof pkg[key] === 'object' ? (pkg[key] as Record<string, string>) : {});
  const stranger = ['dependencies', 'devDependencies', 'optionalDependencies'].some((k) => 'capi' in deps(k));
  if (['dependencies', 'devDependencies', 'optionalDependencies'].some((k) => PACKAGE_NAME in deps(k))) return { action: 'present', file, stranger };
  pkg.devDependencies = { ...deps('devDependencies'), [PACKAGE_NAME]: spec };
  const indent = /^[ \t]+(?=")/m.exec(before)?.[0] ?? '  ';
  const eol = before.includes('\r\n') ? '\r\n' : '\n';
  const text = `${JSON.stringify(pkg, null, indent).replace(/\n/g, eol)}${eol}`;
  return { action: 'add', file, before, text, spec, copy, stranger };
}

/**
 * Carries out `plan`: copies the tarball (unless already there), writes package.json.
 * @returns whether the tarball was copied, and a function that undoes it all (for a failed installation)
 */
export async function applyPackage(plan: PackagePlan): Promise<{ copied: boolean; undo: () => Promise<void> }> {
  if (plan.action === 'present') return { copied: false, undo: async () => undefined };
  let copied = false;
  if (plan.copy && !existsSync(plan.copy.to)) {
    await makeDirs(path.dirname(plan.copy.to));
    await copyFile(plan.copy.from, plan.copy.to);
    copied = true;
  }
  await writeAtomic(plan.file, plan.text!);
  const undo = async () => {
    if (plan.action === 'add') await writeAtomic(plan.file, plan.before!);
    else await rm(plan.file, { force: true });
    if (copied && plan.copy) await rm(plan.copy.to, { force: true });
  };
  return { copied, undo };
}

/** The outcome of `npm install`: its exit code and what it printed. */
export interface NpmRun {
  code: number;
  output: string;
}

/**
 * Runs `npm install --no-audit --no-fund` in `root` (npm from the PATH), collecting its output.
 * @returns code -1 when npm cannot be started
 */
export function npmInstall(root: string, env: NodeJS.ProcessEnv): Promise<NpmRun> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, env, shell: process.platform === 'win32', windowsHide: true });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (error) => resolve({ code: -1, output: error.message }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** True when `root/package-lock.json` exists and names capi. */
export async function lockHasCapi(root: string): Promise<boolean> {
  try {
    const lock = JSON.parse(await readFile(path.join(root, 'package-lock.json'), 'utf8')) as { packages?: Record<string, unknown> };
    return Boolean(lock.packages?.[`node_modules/${PACKAGE_NAME}`]);
  } catch {
    return false;
  }
}
