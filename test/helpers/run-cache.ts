/**
 * What several test files need made once per test run (the examples rendered to PDF, DOCX and HTML…),
 * made by the first file that asks and read by the others, whichever worker they run in.
 *
 * Each result lives in the run folder of `../global-setup.ts` under a name derived from its key (the
 * command and its inputs: one key, one result). The first asker creates `<id>/` (mkdir is atomic: one
 * winner), makes the result there and then writes `<id>.json` (its returned value, written to a
 * temporary name and renamed: never half-written). Another asker meanwhile waits for that file to
 * appear (fs.watch on the run folder: an event, not a sleep). A failure is written too, so that a waiter
 * fails with the same reason instead of waiting. Results are read-only for their readers: a test that
 * changes files copies them first.
 *
 * Without the run folder (a test run outside vitest's global setup) each process makes its own.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

let fallback: string | undefined;

/** The run folder shared by the files of this run (see `../global-setup.ts`). */
export function runDir(): string {
  let dir: string | undefined;
  try {
    dir = inject('capiRunDir');
  } catch {
    dir = undefined;
  }
  return dir ?? (fallback ??= mkdtempSync(path.join(tmpdir(), 'capi-test-run-')));
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** Resolves with the outcome once `file` exists (written by another worker). */
function waitForFile<T>(dir: string, file: string): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    const read = () => JSON.parse(readFileSync(file, 'utf8')) as Outcome<T>;
    const watcher = watch(dir, () => {
      if (existsSync(file)) {
        watcher.close();
        resolve(read());
      }
    });
    // written between the check of the caller and the watch
    if (existsSync(file)) {
      watcher.close();
      resolve(read());
    }
  });
}

const inProcess = new Map<string, Promise<unknown>>();

/**
 * The result of `make` for `key`, made once per run.
 * @param key what identifies the result: the command and its inputs (any string; hashed)
 * @param make makes the result in the folder it is given (empty, its own) and returns a JSON value
 * @returns the folder holding what `make` wrote, and the value it returned
 * @throws Error with `make`'s message when it failed (in this file or another)
 */
export function oncePerRun<T>(key: string, make: (dir: string) => Promise<T>): Promise<{ dir: string; value: T }> {
  const known = inProcess.get(key);
  if (known) return known as Promise<{ dir: string; value: T }>;
  const promise = (async () => {
    const root = runDir();
    const id = createHash('sha256').update(key).digest('hex').slice(0, 16);
    const dir = path.join(root, id);
    const file = path.join(root, `${id}.json`);
    let outcome: Outcome<T>;
    if (existsSync(file)) outcome = JSON.parse(readFileSync(file, 'utf8')) as Outcome<T>;
    else {
      let first = true;
      try {
        mkdirSync(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        first = false;
      }
      if (first) {
        try {
          outcome = { ok: true, value: await make(dir) };
        } catch (err) {
          outcome = { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
        }
        writeFileSync(`${file}.tmp`, JSON.stringify(outcome));
        renameSync(`${file}.tmp`, file);
      } else outcome = await waitForFile<T>(root, file);
    }
    if (!outcome.ok) throw new Error(`made once for the run (${key}), and failed: ${outcome.error}`);
    return { dir, value: outcome.value };
  })();
  inProcess.set(key, promise);
  return promise;
}
