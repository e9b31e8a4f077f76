/**
 * `capi doctor`'s identity checks (issue 10): which capi is running, and whether the `capi` command
 * found on the PATH is this package — the bare name `capi` on the npm registry is another package, so
 * a global install of that bare name (as old guides said) puts a stranger's program under the command.
 * Kept apart from doctor.ts so that its other checks can change without touching these.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { t } from '../i18n/index.js';
import { which } from '../util/which.js';
import { COMMAND_NAME, PACKAGE_NAME, commandPackage, readPackage, runningPackage, type PackageInfo } from '../util/identity.js';
import { findWorkspaceRoot } from '../link/workspace.js';

/** One check's outcome. */
export interface Check {
  ok: boolean;
  /** false: informative only, does not change the exit code. */
  required: boolean;
  /** What was found (or not). */
  text: string;
  /** What to do, when not ok. */
  fix?: string;
}

const real = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

/**
 * The running capi: package name, version and the folder it runs from; a warning when the workspace
 * of `cwd` has its own capi in `node_modules/` and this is another one (a global install run by its
 * bare command instead of `npx --no-install capi`).
 */
export function checkRunning(cwd: string, running: PackageInfo = runningPackage()): Check {
  const text = t('doctor.identity.running', { name: running.name, version: running.version, dir: running.root });
  const local = readPackage(path.join(findWorkspaceRoot(cwd), 'node_modules', ...PACKAGE_NAME.split('/')));
  if (local && local.name === PACKAGE_NAME && real(local.root) !== real(running.root)) {
    return { ok: false, required: false, text, fix: t('doctor.identity.notLocal', { version: local.version, dir: local.root }) };
  }
  return { ok: true, required: true, text };
}

/**
 * The `capi` command on the PATH (`env.PATH`): fine when it is this package (any version), a required
 * failure when it belongs to another package, optional when there is none (a workspace runs its own
 * capi with `npx --no-install capi`) or when its package cannot be told.
 */
export function checkPathCommand(env: NodeJS.ProcessEnv): Check {
  const file = which(COMMAND_NAME, env);
  if (!file) return { ok: false, required: false, text: t('doctor.identity.noCommand'), fix: t('doctor.identity.noCommandFix') };
  const pkg = commandPackage(file);
  if (!pkg) return { ok: false, required: false, text: t('doctor.identity.unknown', { path: file }), fix: t('doctor.identity.unknownFix', { name: PACKAGE_NAME }) };
  if (pkg.name !== PACKAGE_NAME) {
    return {
      ok: false,
      required: true,
      text: t('doctor.identity.stranger', { path: file, name: pkg.name, version: pkg.version, expected: PACKAGE_NAME }),
      fix: t('doctor.identity.strangerFix', { name: pkg.name, expected: PACKAGE_NAME }),
    };
  }
  return { ok: true, required: true, text: t('doctor.identity.command', { path: file, name: pkg.name, version: pkg.version, dir: pkg.root }) };
}
