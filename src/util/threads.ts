/**
 * The number of threads asked for with `CAPI_THREADS=n` (an integer ≥ 1), or undefined when the variable
 * is unset or anything else (`auto` included: each caller has its own default). Read by `validate`
 * (src/link/check-parallel.ts) and by the DOCX worker pool (src/render/docx-pool.ts), for tests and
 * measures.
 */
export function askedThreads(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const asked = Number(env.CAPI_THREADS);
  return Number.isInteger(asked) && asked >= 1 ? asked : undefined;
}
