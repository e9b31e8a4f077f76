import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { packagePath } from './paths.js';

/**
 * The name capi is published and installed under. The bare name `capi` on the npm registry belongs to
 * an unrelated package: nothing capi writes may install or run capi by that name (issue 10).
 */
export const PACKAGE_NAME = '@migdev/capi';

/** The command capi installs (`bin` of package.json). */
export const COMMAND_NAME = 'capi';

/**
 * How a person runs this capi, for the commands capi's messages and scaffolds tell them to type:
 * `npx --no-install capi` when capi is installed in a project's `node_modules/` (a workspace that pins
 * it, as `capi init` sets up: there `capi` alone is not on the PATH, and a bare npx could fetch the
 * unrelated package named `capi`), else `capi` (a global install, whose `node_modules/` sits in npm's
 * prefix with no package.json beside it, or capi's own sources).
 */
export function invocation(root: string = packagePath()): string {
  const parts = root.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return COMMAND_NAME;
  const project = parts.slice(0, at).join(path.sep) || path.sep;
  return existsSync(path.join(project, 'package.json')) ? `npx --no-install ${COMMAND_NAME}` : COMMAND_NAME;
}

/** What a package.json says about a package, and the folder holding it. */
export interface PackageInfo {
  name: string;
  version: string;
  /** Absolute path of the folder holding package.json. */
  root: string;
}

/** The running capi: name and version from its package.json, and the folder it runs from. */
export function runningPackage(): PackageInfo {
  return readPackage(packagePath())!;
}

/** name and version from `dir/package.json`, or undefined when it is missing or unreadable. */
export function readPackage(dir: string): PackageInfo | undefined {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return { name: typeof pkg.name === 'string' ? pkg.name : '', version: typeof pkg.version === 'string' ? pkg.version : '', root: dir };
  } catch {
    return undefined;
  }
}

/** The nearest folder, from `start` upwards, holding a package.json with a name; undefined when none. */
function enclosingPackage(start: string): PackageInfo | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const info = existsSync(path.join(dir, 'package.json')) ? readPackage(dir) : undefined;
    if (info?.name) return info;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The package a command file on the PATH belongs to. On Unix, npm links `bin/capi` to the package's
 * script: the link is followed and the nearest package.json above the script names the package. Where
 * the command is a shim (Windows `capi.cmd`, a shell script), the shim's text names the script it runs
 * (`…/node_modules/<name>/bin/…`), and that package is read.
 *
 * @param file absolute path of the command found on the PATH
 * @returns the package, or undefined when the command belongs to none that can be found
 */
export function commandPackage(file: string): PackageInfo | undefined {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return undefined;
  }
  if (/\.(c|m)?js$/.test(real)) return enclosingPackage(path.dirname(real));
  let text = '';
  try {
    if (statSync(real).size < 64_000) text = readFileSync(real, 'utf8');
  } catch {
    return undefined;
  }
  // npm's shims: "$basedir/node_modules/@migdev/capi/bin/capi.js", "%dp0%\node_modules\capi\bin\capi.js"
  const m = /node_modules[\\/]((?:@[^\\/"'\s]+[\\/])?[^\\/"'\s]+)[\\/]/.exec(text);
  if (m) {
    const dir = path.resolve(path.dirname(file), 'node_modules', ...m[1]!.split(/[\\/]/));
    const info = readPackage(dir);
    if (info) return info;
  }
  return enclosingPackage(path.dirname(real));
}

/** capi's version, from its package.json (`0.1.0`). */
export function version(): string {
  return runningPackage().version;
}
