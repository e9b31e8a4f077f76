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
