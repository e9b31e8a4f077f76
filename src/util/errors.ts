import type { Diagnostic } from '../types/diagnostic.js';

/**
 * An error caused by the user's input or environment (bad option, unreadable path, no browser):
 * the CLI prints its message alone, without a stack trace, and exits with `exitCode`
 * (2 = capi could not run, following the exit-code contract 0/1/2). `diagnostics`, when given, are
 * printed first, one located line each (`file:line:column  erreur  …`), e.g. a broken `capi.config.yaml`.
 */
export class UserError extends Error {
  constructor(
    message: string,
    public exitCode = 2,
    public diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * The reason of a file-system error in words (the current language) for the common cases — disk full,
 * no permission, read-only disk — else the system's message. Used where a write fails mid-work.
 */
export function fsReason(error: unknown, translate: (key: string) => string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'EDQUOT') return translate(`fs.${code}`);
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
