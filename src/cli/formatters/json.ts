import type { FormatContext } from './types.js';

/**
 * Any result as pretty-printed JSON on stdout (`status --format json`: the rows; `links --format
 * json`: the link graph), field names as in the result's type.
 */
export function format(result: unknown, { io }: FormatContext): void {
  io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
