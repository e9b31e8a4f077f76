import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './helpers.js';

/** One step of a terminal session: wait until the screen shows `waitFor`, then type `send`. */
export interface TerminalStep {
  waitFor: RegExp;
  send: string;
}

/** Keys as a terminal sends them. */
export const KEY = { enter: '\r', down: '\u001b[B', up: '\u001b[A', space: ' ', ctrlC: '\u0003' };

/**
 * Runs the real `bin/capi.js` in a pseudo-terminal — util-linux `script`, so stdin and stdout are TTYs
 * and capi asks its questions as it would a person — typing each step's keys once the output shows what
 * it waits for. No native module (node-pty) needed: `script` is on every Debian/Ubuntu machine and CI.
 *
 * @returns the exit code and everything the terminal showed (ANSI escapes removed); throws when a step
 *   waits more than `timeoutMs`
 */
export function runInTerminal(args: string[], options: { cwd: string; steps: TerminalStep[]; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<{ code: number | null; screen: string }> {
  const quoted = [process.execPath, path.join(ROOT, 'bin/capi.js'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', `stty cols 200; exec ${quoted}`, '/dev/null'], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm-256color', LANG: 'C.UTF-8', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  const screen = () => raw.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
  const steps = [...options.steps];
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      if (steps.length === 0) return;
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the terminal never showed ${steps[0].waitFor}; it showed:\n${screen()}`));
      }, timeoutMs);
    };
    let seen = 0;
    const advance = () => {
      while (steps.length > 0) {
        const text = screen().slice(seen);
        const m = steps[0].waitFor.exec(text);
        if (!m) return;
        seen += m.index + m[0].length;
        child.stdin.write(steps.shift()!.send);
        arm();
      }
      clearTimeout(timer);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
      advance();
    });
    child.stderr.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen: screen() });
    });
    arm();
  });
}
