// Rows: DOCX speed. `capi render --format docx` of 100 sheets against pandoc (one process per sheet on an
// equivalent Markdown sheet), and `capi booklet --format docx` of 10, 50 and 200 sheets against the
// single-sheet DOCX of the same sheets (one `capi render --format docx` of them on one thread, and on its
// worker threads, interleaved in the same run).
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { ROOT, OUT, BIN, HEAVY_RUNS, quick, hasPandoc, measure, row, time, workspace } from '../lib.mjs';
import { interleaved } from './pdf.mjs';

const N = quick ? 10 : 100;
/** Every statut, so that the booklet holds all the sheets of the workspace, as the single renders do. */
const ALL_STATUTS = 'validee,soumise,a-reviser,brouillon';

/** What the profile shows (node --cpu-prof, 100 sheets), for the notes of the rows. */
const PROFILE =
  'profile before: JSZip/pako deflate 15 % + GC 14 %, docx model 16 %, docx XML 7 %, table layout 10 %, views 10 %; ' +
  'after: fonts deflated once per run, parts by native zlib, tables laid out once — the rest is docx building and serialising its XML, and the views; ' +
  'profile of one core, 100 sheets (2026-12-01, bench/docx-floor.mjs): docx package ~37 % (its XML serialiser, prepForXml and object spreads), GC ~27 %, views ~10 % (typography, markdown, scripts), capi building and finishing ~10 %; ' +
  'since then: numbering placeholders by indexOf (the regex replace through a function was ~9 ms a sheet), script runs and typography rules skipped on texts without their signs';

/** Timing of `capi render --format docx` of the RE sheets of `ws` (the OSIM sheets left out). */
const renderDocx = (ws, out) => () => time(process.execPath, [BIN, 'render', '--format', 'docx', '--force', '--out', out, 're'], { cwd: ws });

export async function docx() {
  const ws = workspace(N);
  const capi = measure(renderDocx(ws, path.join(OUT, 'docx')), HEAVY_RUNS);
  if (!hasPandoc()) {
    row({ name: `capi render --format docx, ${N} sheets`, capi, max: 0.3, note: 'pandoc not installed (bash scripts/setup.sh --bench, or apt-get install pandoc): no baseline' });
    return;
  }
  const mdDir = path.join(OUT, 'md');
  execFileSync(process.execPath, [path.join(ROOT, 'bench/sheets-to-markdown.mjs'), path.join(ws, 're'), mdDir]);
  const base = measure(() => time(process.execPath, [path.join(ROOT, 'bench/baseline-pandoc.mjs'), mdDir, path.join(OUT, 'docx-pandoc')]), HEAVY_RUNS);
  row({ name: `capi render --format docx, ${N} sheets`, capi, baseline: base, max: 0.3, note: `baseline: pandoc, one process per sheet, on an equivalent Markdown sheet; ${PROFILE}; ${floor(ws, base.median)}` });
}

/**
 * The floor of the row, measured in the same run (bench/docx-floor.mjs: one core, one sheet after the
 * other, CPU ms per phase): how much of a sheet is capi's own code (views, building the Document,
 * finishing and zipping) and how much the `docx` package's serialising of the Document capi built
 * (its compiler's XML; its public `Packer.toBuffer`), and the ratio to pandoc that serialising alone
 * makes when spread over the worker threads capi uses — no change in capi goes under it, short of
 * replacing the library.
 */
function floor(ws, pandocMs) {
  const { sheets, costs } = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'bench/docx-floor.mjs'), ws], { encoding: 'utf8' }));
  const per = (k) => costs[k] / sheets;
  const own = per('views') + per('capi builds the Document') + per('capi packDocx') - per('docx compiler (XML only)');
  const capi = per('views') + per('capi builds the Document') + per('capi packDocx');
  const workers = Math.min(4, availableParallelism(), Math.floor(sheets / 4)) || 1;
  const ratio = (k) => ((costs[k] / workers) / pandocMs).toPrecision(2);
  const ms = (x) => `${x.toFixed(1)} ms`;
  return (
    `floor, one core per sheet (CPU): capi ${ms(capi)} = views ${ms(per('views'))} + building the Document ${ms(per('capi builds the Document'))} + packing ${ms(per('capi packDocx'))}, ` +
    `of which docx's compiler (its XML of capi's Document) ${ms(per('docx compiler (XML only)'))} (${Math.round((100 * per('docx compiler (XML only)')) / capi)} %) and capi's own code ${ms(own)}; ` +
    `docx's Packer.toBuffer on the same Document ${ms(per('docx Packer.toBuffer'))}; over ${workers} workers, docx's compiler alone is ${ratio('docx compiler (XML only)')}× pandoc, Packer.toBuffer ${ratio('docx Packer.toBuffer')}×: the floor of this row with the docx package`
  );
}

/** Why the booklet DOCX costs what it costs (the notes of its rows). */
const BOOKLET_NOTE =
  "profile of 50 sheets before: docx's list-numbering replacer, one regex over the whole document per list instance, 22 s of 48 s (quadratic), now one pass; fonts deflated once per run, photos once per booklet (docx dedupes them by content)";

/**
 * The booklet DOCX of 10, 50 and 200 sheets against the baseline, « the sum of the single-sheet
 * DOCX times »: one `capi render --format docx` of the same sheets on one thread (`CAPI_THREADS=1`: each
 * sheet's DOCX after the other, one start-up), interleaved; and, for information, against the same
 * render with its worker threads (capi's default), which the booklet — one Word document, built and
 * serialised on one thread — does not use.
 */
export async function bookletDocx() {
  for (const n of quick ? [10] : [10, 50, 200]) {
    const ws = workspace(n);
    const out = path.join(OUT, `docx-${n}`);
    const single = (env) => () => time(process.execPath, [BIN, 'render', '--format', 'docx', '--force', '--out', out, 're'], { cwd: ws, env });
    const booklet = () => time(process.execPath, [BIN, 'booklet', '--format', 'docx', '--statut', ALL_STATUTS, '--out', path.join(OUT, `booklet-docx-${n}`)], { cwd: ws });
    const m = interleaved({ booklet, serial: single({ CAPI_THREADS: '1' }), workers: single({}) }, HEAVY_RUNS);
    row({
      name: `capi booklet --format docx, ${n} sheets`,
      capi: m.booklet,
      baseline: m.serial,
      max: 1.5,
      note: `baseline: the sum of the single-sheet DOCX times — one capi render --format docx of the same sheets on one thread (CAPI_THREADS=1); ${BOOKLET_NOTE}`,
    });
    row({
      name: `capi booklet --format docx, ${n} sheets, against the single DOCX on worker threads`,
      capi: m.booklet,
      baseline: m.workers,
      target: '—',
      met: undefined,
      note: `for information: the same render with its worker threads (capi's default, ${Math.min(4, availableParallelism())} here), which the booklet, one document built and serialised on one thread, does not use`,
    });
  }
}
