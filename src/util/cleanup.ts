/**
 * What to undo when capi is interrupted (Ctrl+C, SIGTERM): close the browser, remove temporary files.
 * Modules register a task while they hold something and unregister it when done; `bin/capi.js` installs
 * the signal handlers, which run the tasks (last registered first, `interrupt`) and exit with 130.
 */
type Task = () => unknown;

const tasks = new Set<Task>();
let owner: ((signal: NodeJS.Signals) => void) | undefined;
let interrupted = false;

/** True once capi was interrupted: long loops stop scheduling work and stay silent about what fails. */
export function isInterrupted(): boolean {
  return interrupted;
}

/** Registers a task to run if capi is interrupted; returns the function that unregisters it. */
export function onInterrupt(task: Task): () => void {
  tasks.add(task);
  return () => tasks.delete(task);
}

/**
 * Lets a command handle the signals itself (e.g. `render --watch`, which stops cleanly with exit 0);
 * returns the function that gives them back.
 */
export function takeSignals(handler: (signal: NodeJS.Signals) => void): () => void {
  owner = handler;
  return () => {
    if (owner === handler) owner = undefined;
  };
}

/** Runs every registered task once (errors ignored), within `timeoutMs`. */
export async function runInterruptTasks(timeoutMs = 5000): Promise<void> {
  const list = [...tasks].reverse();
  tasks.clear();
  await Promise.race([
    (async () => {
      for (const task of list) {
        try {
          await task();
        } catch {
          // keep cleaning
        }
      }
    })(),
    new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ]);
}

/**
 * What a signal does to capi, short of exiting: marks the run interrupted (`isInterrupted()` is true
 * from now on, synchronously), writes `message` on a line of its own through `write`, then runs the
 * registered tasks (`runInterruptTasks(timeoutMs)`); resolves once they are done. The signal handler
 * (`installSignalHandlers`) calls it, then exits 130; the tests call it to interrupt a run of capi in
 * their own process (then `forgetInterrupt()`). Never rejects (the tasks' errors are ignored).
 */
export async function interrupt(write: (text: string) => void, message: string, timeoutMs?: number): Promise<void> {
  interrupted = true;
  write(`\n${message}\n`);
  await runInterruptTasks(timeoutMs);
}

/**
 * Forgets an interrupt once it is handled, for a process that goes on running capi afterwards (the
 * tests' in-process runs, one after another in a worker); the capi process itself exits instead.
 */
export function forgetInterrupt(): void {
  interrupted = false;
}

/**
 * Installs the SIGINT/SIGTERM/SIGHUP handlers of the capi process: `interrupt(write, message)` (the
 * message, the registered tasks), then exit 130 (a second signal exits at once). A command that took
 * the signals gets them instead.
 */
export function installSignalHandlers(write: (text: string) => void, message: string): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (owner) return owner(signal);
    if (stopping) process.exit(130);
    stopping = true;
    void interrupt(write, message).finally(() => process.exit(130));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, handler);
}
