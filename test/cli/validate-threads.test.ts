import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ROOT, WS, runBin } from '../helpers.js';

// `capi validate` shares a large workspace's sheets with worker threads (src/link/check-parallel.ts).
// Worker threads run the built code (`npm test` builds first): these tests load `build/`.
const build = (file: string) => import(pathToFileURL(path.join(ROOT, 'build', file)).href);

/**
 * A workspace of the test fixtures (every kind of mistake: syntax, encodings, schema, places, links)
 * and `copies` RE sheets made from the examples, some with a schema error, an unknown OSIM reference
 * (found by the links, on the main thread) or a syntax error.
 */
function workspace(copies: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'capi-threads-'));
  cpSync(WS, dir, { recursive: true });
  cpSync(path.join(ROOT, 'examples/images'), path.join(dir, 'images'), { recursive: true });
  const sources = readdirSync(path.join(ROOT, 'examples/re'))
    .sort()
    .map((f) => readFileSync(path.join(ROOT, 'examples/re', f), 'utf8'));
  for (let i = 1; i <= copies; i++) {
    const id = `RE-THR-${String(i).padStart(3, '0')}`;
    let text = sources[i % sources.length].replace(/^id: .*$/m, `id: ${id}`);
    if (i % 11 === 0) text += 'cle_inconnue: 1\n';
    if (i % 7 === 0) text = text.replace(/OSIM-[A-Z]+-\d+/, 'OSIM-ZZ-99');
    if (i % 13 === 0) text = text.replace(/^titre: .*$/m, 'titre: "guillemet jamais fermé');
    writeFileSync(path.join(dir, 're', `${id}.yaml`), text);
  }
  return dir;
}

describe('validate on worker threads', () => {
  let dir: string;
  beforeAll(() => {
    dir = workspace(14); // 14: a schema error (11), unknown OSIM references (7, 14) and a syntax error (13) among them
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a worker sends back what the main thread makes of each file: diagnostics, positions, sheets', async () => {
    const { checkFile } = await build('link/check-file.js');
    const { receive } = await build('link/check-parallel.js');
    const { isUnlocated } = await build('load/located.js');
    const { findSheetFiles } = await build('link/workspace.js');
    const files: string[] = await findSheetFiles([WS], WS);
    for (const quiet of [false, true]) {
      const job = { files, checked: Uint8Array.from(files, () => 1), root: WS, cwd: WS, lang: 'fr', quiet, counter: new SharedArrayBuffer(4) };
      const posted = new Map<number, unknown>();
      await new Promise<void>((resolve, reject) => {
        const worker = new Worker(path.join(ROOT, 'build/link/check-worker.js'), { workerData: job });
        worker.on('message', (m: { i?: number; done?: true }) => (m.done ? void worker.terminate().then(() => resolve()) : posted.set(m.i!, m)));
        worker.on('error', reject);
      });
      expect(posted.size).toBe(files.length);
      let unlocated = 0;
      for (const [i, file] of files.entries()) {
        const here = await checkFile(file, path.relative(WS, file), true, WS, { slim: true });
        const there = receive(posted.get(i) as never, file, WS);
        // with `quiet`, a file without errors keeps its diagnostics unlocated, as on the main thread
        const hasError = here.diagnostics.some((d: { severity: string }) => d.severity === 'error');
        for (const d of there.diagnostics) if (isUnlocated(d)) unlocated++;
        if (!quiet || hasError) expect(there.diagnostics.filter(isUnlocated), file).toEqual([]);
        expect(JSON.parse(JSON.stringify(there.diagnostics)), file).toEqual(JSON.parse(JSON.stringify(here.diagnostics)));
        expect(there.sheet?.data, file).toEqual(here.sheet?.data);
        expect(there.sheet?.text, file).toBe(here.sheet?.text);
        expect(there.sheet?.kind, file).toBe(here.sheet?.kind);
        expect(there.unreadable, file).toBe(here.unreadable);
      }
      // (the fixtures hold sheets with warnings only: some travel unlocated under `quiet`)
      expect(unlocated > 0).toBe(quiet);
    }
  });

  it('the files a worker checks come back in order, equal to one thread\'s; a worker that fails leaves its files to the main thread', async () => {
    const { checkFiles } = await build('link/check-parallel.js');
    const { findSheetFiles } = await build('link/workspace.js');
    const files: string[] = await findSheetFiles([dir], dir);
    const checked = new Set(files.filter((f) => !f.endsWith('RE-THR-002.yaml')));
    const plain = (outcomes: Array<{ diagnostics: unknown[]; sheet?: { data: unknown; text: string } }>) => JSON.parse(JSON.stringify(outcomes.map((o) => ({ ...o, sheet: o.sheet && { data: o.sheet.data, text: o.sheet.text } }))));
    const one = plain(await checkFiles(files, checked, dir, dir, { slim: true, threads: 1 }));
    // every file to the workers (the main thread takes none)
    expect(plain(await checkFiles(files, checked, dir, dir, { slim: true, threads: 3, mainTakes: false }))).toEqual(one);
    const failing = path.join(dir, 'failing-worker.mjs');
    writeFileSync(failing, "throw new Error('worker failed');\n");
    expect(plain(await checkFiles(files, checked, dir, dir, { slim: true, threads: 2, mainTakes: false, workerFile: failing }))).toEqual(one);
  });

  it('capi validate prints the same bytes and exit code on one thread and on two', async () => {
    // the built capi in-process (its worker threads need the built code), CAPI_THREADS read from
    // process.env as in the real process; runBin below checks one pair as a subprocess
    const { main } = await build('cli/main.js');
    const run = async (args: string[], threads: string) => {
      const out = { stdout: '', stderr: '' };
      const io = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, cwd: dir, env: {}, interactive: false, color: false };
      const before = process.env.CAPI_THREADS;
      process.env.CAPI_THREADS = threads;
      try {
        return { code: (await main(args, io)) as number, ...out };
      } finally {
        if (before === undefined) delete process.env.CAPI_THREADS;
        else process.env.CAPI_THREADS = before;
      }
    };
    for (const args of [['validate'], ['validate', '-q', '--format', 'json', '--lang', 'en']]) {
      const one = await run(args, '1');
      const two = await run(args, '2');
      expect(one.code).toBe(1);
      expect(two.stderr).toBe(one.stderr);
      expect(two.stdout).toBe(one.stdout);
      expect(two.code).toBe(one.code);
    }
    // the real program on two threads says the same
    const bin = runBin(['validate'], { cwd: dir, env: { CAPI_THREADS: '2' } });
    const one = await run(['validate'], '1');
    expect(bin.stdout).toBe(one.stdout);
    expect(bin.stderr).toBe(one.stderr);
    expect(bin.code).toBe(one.code);
  });
});

describe('threadCount', () => {
  it('one thread by default; with CAPI_THREADS=auto a worker per idle core from 150 files, none on a busy machine; what CAPI_THREADS says whatever the load', async () => {
    const { threadCount, PARALLEL_FROM } = await build('link/check-parallel.js');
    const idle = { cores: 2, usable: 2, load: 0.2 };
    // measured: no wall time gained on the idle 2-core machine, ~1 s more CPU on 1,000 sheets
    expect(threadCount(1000, {}, idle)).toBe(1);
    expect(threadCount(1000, { CAPI_THREADS: 'oui' }, idle)).toBe(1);
    const auto = { CAPI_THREADS: 'auto' };
    expect(PARALLEL_FROM).toBe(150);
    expect(threadCount(149, auto, idle)).toBe(1);
    expect(threadCount(1000, auto, idle)).toBe(2);
    // one process already running on one of the two cores (a benchmark's previous run): one left
    expect(threadCount(1000, auto, { ...idle, load: 1.3 })).toBe(2);
    expect(threadCount(1000, auto, { ...idle, load: 1.6 })).toBe(1);
    expect(threadCount(1000, auto, { ...idle, load: 15 })).toBe(1);
    expect(threadCount(1000, auto, { cores: 16, usable: 16, load: 1 })).toBe(4);
    // a container given 1 core of a larger idle machine
    expect(threadCount(1000, auto, { cores: 16, usable: 1, load: 0 })).toBe(1);
    expect(threadCount(10, { CAPI_THREADS: '2' }, { ...idle, load: 15 })).toBe(2);
    expect(threadCount(1000, { CAPI_THREADS: '1' }, idle)).toBe(1);
  });
});
