import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** What `which()` looks at besides the environment; tests replace these with fakes. */
export interface WhichOptions {
  /** Operating system (default `process.platform`): on Windows, `;` separates PATH and PATHEXT applies. */
  platform?: NodeJS.Platform;
  /** True when `file` is an executable file (default `isExecutableFile`). */
  isExecutable?: (file: string) => boolean;
}

/**
 * True when `file` is a file this process may run: a regular file, executable (Unix `X_OK`; on Windows,
 * where there is no such bit, a file that exists).
 */
export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Extensions Windows tries after a bare command name when PATHEXT is not set (cmd.exe's default). */
const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';

/** The value of the variable `name` in `env`, its name matched without case on Windows (`Path`, `PATH`). */
function variable(env: NodeJS.ProcessEnv, name: string, windows: boolean): string | undefined {
  if (env[name] !== undefined || !windows) return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

/**
 * The first executable found for `names` (in their order) in the folders of the `PATH` of `env` (in
 * their order), like the shell's command lookup: on Unix, the bare name with the executable bit; on
 * Windows, the name followed by each extension of `PATHEXT` (default `.COM;.EXE;.BAT;.CMD`), or the name
 * alone when it already ends with one of them (`chrome.exe`). The variables are matched without case on
 * Windows (`Path`), and quoted folders are unquoted. Unlike cmd.exe, the current folder is not searched
 * first: capi never runs a program because it lies in a researcher's workspace.
 *
 * @returns the file's path (folder of PATH joined with the name), or undefined when none is found
 */
export function which(names: string | readonly string[], env: NodeJS.ProcessEnv = process.env, options: WhichOptions = {}): string | undefined {
  const windows = (options.platform ?? process.platform) === 'win32';
  const isExecutable = options.isExecutable ?? isExecutableFile;
  const join = windows ? path.win32.join : path.posix.join;
  const dirs = (variable(env, 'PATH', windows) ?? '')
    .split(windows ? ';' : ':')
    .map((d) => (windows ? d.replace(/^"(.*)"$/, '$1') : d))
    .filter(Boolean);
  const exts = windows ? (variable(env, 'PATHEXT', true) || DEFAULT_PATHEXT).split(';').filter(Boolean).map((e) => e.toLowerCase()) : [];
  const candidates = (name: string): string[] => {
    if (!windows) return [name];
    const own = exts.some((e) => name.toLowerCase().endsWith(e));
    return own ? [name] : exts.map((e) => name + e);
  };
  for (const name of typeof names === 'string' ? [names] : names) {
    for (const dir of dirs) {
      for (const file of candidates(name)) {
        const full = join(dir, file);
        if (isExecutable(full)) return full;
      }
    }
  }
  return undefined;
}
