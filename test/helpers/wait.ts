/**
 * Waiting in tests for what a subprocess does, on its events rather than for a time: a condition is
 * checked again each time the subprocess writes (stdout, stderr), exits, or a watched folder changes.
 */
import { spawnSync } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { existsSync, watch, type FSWatcher } from 'node:fs';

/**
 * What `until` watches: a subprocess (ChildProcess), or a run of capi in the test's own process that
 * looks like one (`../cli/interrupt-cases.ts`, `runHere`): 'data' on its outputs, 'exit' with its code.
 */
export interface Watched {
  stdout?: EventEmitter | null;
  stderr?: EventEmitter | null;
  exitCode: number | null;
  on(event: 'exit', listener: (code: number | null) => void): unknown;
  off(event: 'exit', listener: (code: number | null) => void): unknown;
}

/**
 * Resolves once `ready()` is true. It is checked now, then at each output of `child`, at its exit, and
 * at each change in the folders `dirs()` lists (fs.watch, not recursive: a browser profile below would
 * flood it), asked again at each check so that a folder made meanwhile is watched too.
 * @param what said in the error, e.g. « the first printed sheet »
 * @throws Error naming `what` and `said()` when `child` exits first, or after `limitMs` (60 s)
 */
export function until(what: string, ready: () => boolean, options: { child?: Watched; dirs?: () => string[]; limitMs?: number; said?: () => string } = {}): Promise<void> {
  const { child, dirs = () => [], limitMs = 60_000, said = () => '' } = options;
  return new Promise((resolve, reject) => {
    const watchers = new Map<string, FSWatcher>();
    let finished = false;
    const done = (error?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(limit);
      for (const w of watchers.values()) w.close();
      child?.stdout?.off('data', check);
      child?.stderr?.off('data', check);
      child?.off('exit', exited);
      if (error) reject(error);
      else resolve();
    };
    function check(): void {
      if (finished) return;
      if (ready()) return done();
      for (const dir of dirs()) {
        if (watchers.has(dir) || !existsSync(dir)) continue;
        try {
          watchers.set(dir, watch(dir, check));
        } catch {
          // removed meanwhile
        }
      }
    }
    function exited(code: number | null): void {
      if (!ready()) done(new Error(`capi exited (${code}) before ${what}\n${said()}`));
      else done();
    }
    const limit = setTimeout(() => done(new Error(`${what}: not within ${limitMs / 1000} s\n${said()}`)), limitMs);
    child?.stdout?.on('data', check);
    child?.stderr?.on('data', check);
    child?.on('exit', exited);
    if (child && child.exitCode !== null) exited(child.exitCode);
    else check();
  });
}

/**
 * The command lines of the processes whose command line contains `text` (pgrep -f), once they are gone
 * or after `limitMs`: `''` when none is left. A process that is not ours gives no event when it ends (a
 * browser's helpers outlive the browser by a few milliseconds), so this one looks again every 25 ms
 * and returns as soon as none is left.
 */
export async function processesLeft(text: string, limitMs = 5_000): Promise<string> {
  const list = () => spawnSync('pgrep', ['-fa', text], { encoding: 'utf8' }).stdout.trim();
  const end = Date.now() + limitMs;
  let left = list();
  while (left !== '' && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 25));
    left = list();
  }
  return left;
}
