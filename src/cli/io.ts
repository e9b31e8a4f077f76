import type { Diagnostic } from '../validate/diagnostic.js';

/** Where a command reads and writes: the real process, or a test's buffers. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when a person is at a terminal (prompts allowed, colours on). */
  interactive: boolean;
  /** True when colours may be used on stdout. */
  color: boolean;
}

/** The io of the running process: colours only on a terminal, never with NO_COLOR or in CI. */
export function processIo(): CliIo {
  const env = process.env;
  const tty = Boolean(process.stdout.isTTY);
  const ci = env.CI === 'true' || env.CI === '1';
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env,
    interactive: Boolean(process.stdin.isTTY) && tty && !ci,
    color: tty && !ci && env.NO_COLOR === undefined && env.TERM !== 'dumb',
  };
}

/** Located problems that stop a command (a broken `capi.config.yaml`), one line each on stderr. */
export async function writeDiagnostics(diagnostics: readonly Diagnostic[], io: CliIo): Promise<void> {
  const { formatDiagnosticLine } = await import('../validate/format.js');
  const { default: chalk, Chalk } = await import('chalk');
  const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });
  for (const d of diagnostics) io.stderr.write(`${formatDiagnosticLine(d, (severity, s) => (severity === 'error' ? c.red.bold(s) : c.yellow(s)))}\n`);
}
