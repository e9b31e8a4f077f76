import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/io.js';

/** Project root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The test workspace of small fixtures. */
export const WS = path.join(ROOT, 'test/fixtures/ws');

/** Runs capi in-process with captured output. */
export async function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; interactive?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: options.cwd ?? ROOT,
    env: { ...options.env },
    interactive: options.interactive ?? false,
    color: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Runs the real `bin/capi.js` (compiled by `npm run build`, which `npm test` runs first) as a subprocess. */
export function runBin(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/capi.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
