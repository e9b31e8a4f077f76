import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { existsSync, realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { localDate } from '../util/dates.js';

const run = promisify(execFile);

/**
 * False when `dir` cannot be inside a git repository: no `.git` (a folder, or the file of a worktree or
 * submodule) in it or any folder above, and no `GIT_DIR` in the environment (git's own discovery, see
 * git-rev-parse(1) « --git-dir » and gitrepository-layout(5)). Lets capi skip starting a git process
 * (~50 ms of CPU) that could only answer « not a repository »; true does not promise a repository.
 *
 * @param dir an absolute folder path
 */
export function mayBeInGitRepository(dir: string): boolean {
  if (process.env.GIT_DIR) return true;
  // git looks up from the real path (a folder reached through a symbolic link), capi's spelling too
  return [path.resolve(dir), realPath(dir)].some((start) => {
    for (let at = start; ; at = path.dirname(at)) {
      if (existsSync(path.join(at, '.git'))) return true;
      if (path.dirname(at) === at) return false;
    }
  });
}

/** The real path of `dir` (symbolic links resolved), or `dir` resolved when it cannot be read. */
function realPath(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** Marks a commit date in `git log -z` output (a byte no file name holds in practice). */
const DATE_MARK = '\x01';

/**
 * The date of the last change of each file, as ISO dates (`YYYY-MM-DD`): from git's history when the
 * folder is in a git repository (one `git log` for all files), else the files' modification time.
 * Files changed but not committed (modified, added, renamed, untracked) get their modification time too.
 * Git's output is read NUL-separated (`-z`), so non-ASCII names (`RE-TIZ-01-aït.yaml`), which git
 * otherwise quotes as `"re/RE-TIZ-01-a\303\257t.yaml"`, and renames (`old -> new`) are read as they are.
 *
 * @param root the folder whose files are dated (absolute; inside the repository or not)
 * @param files absolute paths, spelled from `root` (a `root` reached through a symbolic link is fine)
 * @returns a map from absolute path to date; `source` says where the dates came from
 */
export async function lastChanges(root: string, files: readonly string[]): Promise<{ dates: Map<string, string>; source: 'git' | 'mtime' }> {
  const dates = new Map<string, string>();
  let source: 'git' | 'mtime' = 'mtime';
  // outside any repository git could only fail: modification times, without starting it
  if (mayBeInGitRepository(root)) {
    try {
      // the folder's path inside the repository (`re/`), so paths from git are resolved against `root`
      // as the caller spells it, not against git's real path of the repository
      const prefix = (await run('git', ['rev-parse', '--show-prefix'], { cwd: root })).stdout.trim();
      const resolve = (fromTop: string) => (fromTop.startsWith(prefix) ? path.resolve(root, fromTop.slice(prefix.length)) : undefined);
      const { stdout } = await run('git', ['log', '-z', `--format=${DATE_MARK}%cs`, '--name-only', '--', '.'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
      source = 'git';
      for (const [file, date] of commitDates(stdout)) {
        const abs = resolve(file);
        if (abs && !dates.has(abs)) dates.set(abs, date);
      }
      const { stdout: dirty } = await run('git', ['status', '--porcelain=v1', '-z', '--', '.'], { cwd: root });
      for (const file of changedFiles(dirty)) {
        const abs = resolve(file);
        if (abs) dates.delete(abs);
      }
    } catch {
      // not a git repository, or git missing: modification times
    }
  }
  for (const file of files) {
    if (dates.has(file)) continue;
    try {
      dates.set(file, localDate((await stat(file)).mtime));
    } catch {
      // unreadable: no date
    }
  }
  return { dates, source };
}

/**
 * The files named in `git log -z --format=<DATE_MARK>%cs --name-only` output, each with the date of
 * the commit naming it (newest first, as git lists them). Paths are relative to the repository's top.
 */
export function commitDates(log: string): Array<[file: string, date: string]> {
  const out: Array<[string, string]> = [];
  let current = '';
  // each commit: `<mark>date\0\nfile\0file\0…`; a commit without files: `<mark>date\0`
  for (const token of log.split('\0')) {
    const field = token.startsWith('\n') ? token.slice(1) : token;
    if (field.startsWith(DATE_MARK)) current = field.slice(DATE_MARK.length);
    else if (field && current) out.push([field, current]);
  }
  return out;
}

/**
 * The files with uncommitted changes in `git status --porcelain=v1 -z` output: `XY path\0`, and for a
 * rename or copy `XY new\0old\0` — both names are returned. Paths are relative to the repository's top.
 */
export function changedFiles(status: string): string[] {
  const out: string[] = [];
  const tokens = status.split('\0');
  for (let i = 0; i < tokens.length; i++) {
    const entry = tokens[i];
    if (entry.length < 4) continue;
    out.push(entry.slice(3));
    if (/[RC]/.test(entry.slice(0, 2)) && i + 1 < tokens.length) out.push(tokens[++i]);
  }
  return out;
}
