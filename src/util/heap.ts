import v8 from 'node:v8';

/**
 * How much V8's old generation may grow past what was alive after a full garbage collection before the
 * next one: 50 %, i.e. a growing factor of 1.5 (V8 chooses one between 1.1 and 4 from the collector's
 * speed, and on a 64-bit machine with memory to spare lets garbage pile up).
 *
 * Measured on `capi booklet` of 200 sheets (2026-12-02, 2 cores, idle; docs/performance.md, « Booklet
 * memory »): the Node process peaked at 375–466 MB for ~106 MB alive after its last full collection
 * (`--trace-gc`: 296 MB before, 7 full collections in 2 minutes); at 50 %, 281–295 MB for the same wall
 * time within the noise (125–136 s both ways); at 20 %, about the same memory. `--optimize-for-size` saved
 * 40 MB more but took 157 s; `--max-old-space-size` is a hard limit (a larger booklet would crash)
 * and is read only when the process starts.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Caps how far V8 lets the heap grow between two full collections, for the rest of the process and its
 * worker threads started afterwards (V8's `--heap-growing-percent`, read at each collection, so it takes
 * effect when set at run time, unlike `--max-old-space-size`). For the PDF of `capi booklet` (set when
 * its PDF starts, after its DOCX), whose garbage (each sheet's HTML, printed bytes, parsed PDF)
 * otherwise piles up to 3–4 × what is alive beside the browser. Not for `render`: its peak is the
 * browser's (Node ~160 MB of ~830 MB at that moment), and its DOCX of 100 sheets took ~4 % longer with
 * it (6.67 against 6.42 s, three interleaved rounds). Never throws.
 * @param percent growth allowed, in per cent of the live heap (default {@link HEAP_GROWING_PERCENT})
 * @param setFlags V8's flag setter (tests replace it)
 * @returns a function that gives the choice back to V8 (`--heap-growing-percent=0`, its default), for a
 *   process that goes on after the long run (capi's tests run commands in their own process)
 */
export function limitHeapGrowth(percent = HEAP_GROWING_PERCENT, setFlags: (flags: string) => void = v8.setFlagsFromString): () => void {
  setFlags(`--heap-growing-percent=${Math.round(percent)}`);
  return () => setFlags('--heap-growing-percent=0');
}
