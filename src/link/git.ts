import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { stat } from 'node:fs/promises';

const run = promisify(execFile);

/**
 * The date of the last change of each file, as ISO dates (`YYYY-MM-DD`): from git's history when the
 * folder is in a git repository (one `git log` for all files), else the files' modification time.
 * Files changed but not committed get their modification time too.
 *
 * @param files absolute paths
 * @returns a map from absolute path to date; `source` says where the dates came from
 */
export async function lastChanges(root: string, files: readonly string[]): Promise<{ dates: Map<string, string>; source: 'git' | 'mtime' }> {
  const dates = new Map<string, string>();
  let source: 'git' | 'mtime' = 'mtime';
  try {
    const { stdout: top } = await run('git', ['rev-parse', '--show-toplevel'], { cwd: root });
    const repo = top.trim();
    const { stdout } = await run('git', ['log', '--format=@%cs', '--name-only', '--', '.'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    source = 'git';
    let current = '';
    for (const line of stdout.split('\n')) {
      if (line.startsWith('@')) current = line.slice(1);
      else if (line.trim() && current) {
        const abs = path.resolve(repo, line.trim());
        if (!dates.has(abs)) dates.set(abs, current);
      }
    }
    const { stdout: dirty } = await run('git', ['status', '--porcelain', '--', '.'], { cwd: root });
    for (const line of dirty.split('\n').filter(Boolean)) dates.delete(path.resolve(repo, line.slice(3).trim()));
  } catch {
    // not a git repository, or git missing: modification times
  }
  for (const file of files) {
    if (dates.has(file)) continue;
    try {
      dates.set(file, (await stat(file)).mtime.toISOString().slice(0, 10));
    } catch {
      // unreadable: no date
    }
  }
  return { dates, source };
}
