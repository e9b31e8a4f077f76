/**
 * What to undo when capi is interrupted (Ctrl+C, SIGTERM): close the browser, remove temporary files.
 * Modules register a task while they hold something and unregister it when done; `bin/capi.js` installs
 * the signal handlers, which run the tasks (last registered first) and exit with 130.
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
 * Installs the SIGINT/SIGTERM/SIGHUP handlers of the capi process: a message, the registered tasks,
 * then exit 130 (a second signal exits at once). A command that took the signals gets them instead.
 */
export function installSignalHandlers(write: (text: string) => void, message: string): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (owner) return owner(signal);
    if (stopping) process.exit(130);
    stopping = true;
    interrupted = true;
    write(`\n${message}\n`);
    void runInterruptTasks().finally(() => process.exit(130));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, handler);
}
