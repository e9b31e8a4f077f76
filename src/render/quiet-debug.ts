/**
 * Imported first by ./browser.js, before puppeteer and `@puppeteer/browsers` load the `debug` package.
 * puppeteer passes every DevTools message, sent or received, to a `debug` logger it makes anew for the
 * message, and each new logger asks whether standard error is a terminal (an `isatty` system call) to
 * choose its colours — even when nothing is logged (`DEBUG` unset): ~10,000 system calls for a 50-sheet
 * booklet, ~3 µs each (docs/performance.md, « Booklet PDF: Node's share »: small; the logger itself is
 * still made per message).
 */

/**
 * With `DEBUG` unset there is nothing to colour: sets `DEBUG_COLORS=no` in `env` (read by `debug` when it
 * loads), so that each logger answers without the system call. Someone who sets `DEBUG` (or
 * `DEBUG_COLORS`) keeps `debug`'s usual behaviour.
 */
export function quietDebugColours(env: NodeJS.ProcessEnv): void {
  if (!env.DEBUG && env.DEBUG_COLORS === undefined) env.DEBUG_COLORS = 'no';
}

quietDebugColours(process.env);
