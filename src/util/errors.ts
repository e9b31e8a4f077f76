/**
 * An error caused by the user's input or environment (bad option, unreadable path, no browser):
 * the CLI prints its message alone, without a stack trace, and exits with `exitCode`
 * (2 = capi could not run, following the exit-code contract 0/1/2).
 */
export class UserError extends Error {
  constructor(
    message: string,
    public exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
