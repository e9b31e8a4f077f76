#!/usr/bin/env node
// The floor of `capi render --format docx` (bench row `docx`): where one core's time goes for each sheet
// of a workspace, in one process, one sheet after the other, with no worker thread — capi's views, capi
// building the `docx` Document, and then, on Documents capi has already built, the `docx` package's own
// serialising: its public `Packer.toBuffer` (XML and its JavaScript deflate), its compiler alone (the XML
// of every part, no compression) and capi's `packDocx` (that compiler, then Word's finishing, fonts and
// native zlib). Prints JSON: CPU ms per phase, summed over the sheets, and the count.
// Usage: node bench/docx-floor.mjs WORKSPACE (after npm run build).
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const build = (p) => new URL(`../build/${p}`, import.meta.url).href;
const ws = path.resolve(process.argv[2] ?? '.');
const { checkPaths } = await import(build('link/check.js'));
const { viewContext, buildView } = await import(build('view/index.js'));
const { preparePhotos } = await import(build('render/photos.js'));
const { buildDocument } = await import(build('render/docx.js'));
const { packDocx } = await import(build('render/docx/pack.js'));
const { Packer } = await import('docx');

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Runs `fn`, adds its CPU time to `costs[name]`, returns its result. */
const costs = { views: 0, 'capi builds the Document': 0, 'docx Packer.toBuffer': 0, 'docx compiler (XML only)': 0, 'capi packDocx': 0 };
const timed = async (name, fn) => {
  const start = cpu();
  const out = await fn();
  costs[name] += cpu() - start;
  return out;
};

// (quiet: its warnings are not located, which would parse every sheet again for positions)
const result = await checkPaths([path.join(ws, 're')], ws, { quiet: true });
const valid = result.sheets.filter((s) => !result.failed.has(s.absPath) && s.kind === 're');
const ctx = viewContext(result.sheets.filter((s) => !result.failed.has(s.absPath) && s.kind !== null), result.config, 'bench', { edition: 'interne', review: false });
const views = [];
await timed('views', () => valid.forEach((s) => views.push(buildView(s, ctx))));
const photos = mkdtempSync(path.join(tmpdir(), 'capi-docx-floor-'));
try {
  await preparePhotos(views, photos);
  // one warm-up sheet (module compilation, font subsets read and deflated once per run), not counted
  await packDocx(await buildDocument(views[0]));
  await Packer.toBuffer(await buildDocument(views[0]));
  for (const k of Object.keys(costs)) if (k !== 'views') costs[k] = 0;
  const compiler = Packer.compiler;
  for (const view of views) {
    // a Document is compiled once: one per way of serialising it, each built by capi (timed once)
    const doc = await timed('capi builds the Document', () => buildDocument(view));
    await timed('docx Packer.toBuffer', () => Packer.toBuffer(doc));
    const again = await buildDocument(view);
    await timed('docx compiler (XML only)', () => compiler.compile(again, undefined, []));
    const third = await buildDocument(view);
    await timed('capi packDocx', () => packDocx(third));
  }
} finally {
  rmSync(photos, { recursive: true, force: true });
}
for (const k of Object.keys(costs)) costs[k] = Math.round(costs[k]);
console.log(JSON.stringify({ sheets: views.length, costs }));
