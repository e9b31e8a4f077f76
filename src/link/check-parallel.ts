import { existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { diskSheet, lazySheet, type LoadedSheet } from '../load/sheet.js';
import { fromWire, type WireDiagnostic } from '../load/located.js';
import { getLang, type Lang } from '../i18n/index.js';
import { displayPath } from '../util/paths.js';
import { askedThreads } from '../util/threads.js';
import { checkFile, type FileOutcome } from './check-file.js';

/** From this many files, `checkFiles` shares them with worker threads (when there are cores to run them). */
export const PARALLEL_FROM = 150;

/** Most threads `checkFiles` uses, the main one included. */
const MAX_THREADS = 4;

/** What a worker thread is given (`workerData`). */
export interface WorkerJob {
  /** Absolute paths, in the order of the outcomes. */
  files: string[];
  /** 1 for a file asked for (checked), 0 for one read for the links only. */
  checked: Uint8Array;
  root: string;
  cwd: string;
  lang: Lang;
  quiet: boolean;
  /** One Int32: the index of the next file to take, shared by every thread. */
  counter: SharedArrayBuffer;
}

/** What a worker thread posts for the file at index `i` (a `FileOutcome` as plain data). */
export interface WorkerOutcome {
  i: number;
  diagnostics: WireDiagnostic[];
  /** The sheet's data; its text when it is not its file's (`textIsOnDisk`), else read again from the file if needed. */
  sheet?: { text?: string; data: unknown; kind: LoadedSheet['kind'] };
  unreadable?: string;
}

/**
 * How many threads check `files` files. By default one: measured on the 2-core machine, idle
 * (2026-12-01, 1,000 sheets, four interleaved rounds), a worker thread gave no wall time (2.05–2.92 s on
 * one thread, 2.12–2.48 s on two) for ~1 s more CPU (its modules, its JIT warm-up, the outcomes
 * copied back) — see docs/performance.md. With `CAPI_THREADS=auto`: 1 under `PARALLEL_FROM` files;
 * else the main one and a worker per core left idle by the machine's load (`cores` minus the 1-minute
 * load average, rounded; as `make --max-load` does), within the cores capi may use
 * (`availableParallelism`) and `MAX_THREADS`. `CAPI_THREADS=n` sets it whatever the number of files and
 * the load (1: never a worker), for tests and measures.
 */
export function threadCount(
  files: number,
  env: NodeJS.ProcessEnv = process.env,
  machine: { cores: number; usable: number; load: number } = { cores: cpus().length, usable: availableParallelism(), load: loadavg()[0] },
): number {
  const asked = askedThreads(env);
  if (asked) return Math.min(asked, MAX_THREADS);
  if (env.CAPI_THREADS !== 'auto') return 1;
  if (files < PARALLEL_FROM) return 1;
  const idle = Math.max(0, Math.round(machine.cores - machine.load));
  return 1 + Math.min(idle, machine.usable - 1, MAX_THREADS - 1);
}

/**
 * Reads and checks each file on its own (`checkFile`), the outcomes in the order of `files`. With
 * `options.slim` (only the links' data of each sheet kept) and many files (`threadCount`), worker
 * threads share the files with the main thread, each taking the next file left, so a worker still
 * loading its modules takes none and the main thread never waits for one idle; a worker's outcomes
 * come back as plain data, its unlocated diagnostics located again on the main thread only if read.
 * Built code only (the worker is `check-worker.js`): from the TypeScript sources, one thread.
 *
 * @param checked the files asked for (the others are read for the links only)
 * @param options.quiet the caller prints errors only (`validate -q`): workers locate the diagnostics of
 *   the files with errors only
 * @param options.threads, options.mainTakes, options.workerFile for tests: the number of threads (else
 *   `threadCount`), false for a main thread that leaves every file to the workers, another worker module
 */
export async function checkFiles(
  files: readonly string[],
  checked: ReadonlySet<string>,
  root: string,
  cwd: string,
  options: { slim?: boolean; quiet?: boolean; threads?: number; mainTakes?: boolean; workerFile?: string } = {},
): Promise<FileOutcome[]> {
  // (filled, not sparse: `every` and `??=` below see each slot)
  const outcomes: Array<FileOutcome | undefined> = Array.from(files, () => undefined);
  const one = (i: number) => checkFile(files[i], displayPath(files[i], cwd), checked.has(files[i]), root, { slim: options.slim });
  const workerFile = options.workerFile ?? fileURLToPath(new URL('./check-worker.js', import.meta.url));
  const threads = options.slim ? (options.threads ?? threadCount(files.length)) : 1;
  const pool = threads > 1 && existsSync(workerFile) ? await startWorkers(workerFile, threads - 1, files, checked, outcomes, { root, cwd, quiet: options.quiet === true }) : undefined;
  let local = 0;
  const next = pool ? () => Atomics.add(pool.counter, 0, 1) : () => local++;
  if (!pool || options.mainTakes !== false) for (let i = next(); i < files.length; i = next()) outcomes[i] = await one(i);
  if (pool) await pool.finished();
  // what a failed worker took and never sent back is checked here
  for (let i = 0; i < files.length; i++) outcomes[i] ??= await one(i);
  return outcomes as FileOutcome[];
}

/**
 * Starts `count` workers on `files`, which put their outcomes into `outcomes` as they come.
 * `finished` resolves when every file has its outcome or every worker has stopped, and ends the
 * workers (one still loading its modules took no file).
 */
async function startWorkers(
  workerFile: string,
  count: number,
  files: readonly string[],
  checked: ReadonlySet<string>,
  outcomes: Array<FileOutcome | undefined>,
  context: { root: string; cwd: string; quiet: boolean },
): Promise<{ counter: Int32Array; finished: () => Promise<void> }> {
  const { Worker } = await import('node:worker_threads');
  const counter = new SharedArrayBuffer(4);
  const job: WorkerJob = { files: [...files], checked: Uint8Array.from(files, (f) => (checked.has(f) ? 1 : 0)), ...context, lang: getLang(), counter };
  let running = count;
  let wake = () => {};
  const workers: Worker[] = [];
  for (let n = 0; n < count; n++) {
    const worker = new Worker(workerFile, { workerData: job });
    worker.unref();
    worker.on('message', (m: WorkerOutcome | { done: true }) => {
      if ('i' in m) {
        outcomes[m.i] = receive(m, files[m.i], context.cwd);
        wake();
      }
    });
    // a worker that fails leaves its files to the main thread (see `checkFiles`)
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      running--;
      wake();
    });
    workers.push(worker);
  }
  const complete = () => running === 0 || !outcomes.includes(undefined);
  return {
    counter: new Int32Array(counter),
    finished: async () => {
      while (!complete()) await new Promise<void>((resolve) => (wake = resolve));
      for (const worker of workers) void worker.terminate();
    },
  };
}

/** The `FileOutcome` a worker posted, its sheet's positions parsed again on the main thread only if needed. */
export function receive(m: WorkerOutcome, file: string, cwd: string): FileOutcome {
  const shown = displayPath(file, cwd);
  const sheet = m.sheet ? (m.sheet.text === undefined ? diskSheet(file, shown, m.sheet.data, m.sheet.kind) : lazySheet(file, shown, m.sheet.text, m.sheet.data, m.sheet.kind)) : undefined;
  return { diagnostics: m.diagnostics.map((w) => fromWire(w, sheet)), ...(sheet ? { sheet } : {}), ...(m.unreadable !== undefined ? { unreadable: m.unreadable } : {}) };
}
