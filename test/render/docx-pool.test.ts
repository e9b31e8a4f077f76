import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDocx } from '../../src/render/docx.js';
import type { DocxHooks, DocxJob, DocxPool } from '../../src/render/docx-pool.js';
import type { SheetView } from '../../src/view/model.js';
import { ROOT } from '../helpers.js';

type Pool = {
  writeDocxFiles(jobs: readonly DocxJob[], hooks: DocxHooks, parallel?: number): Promise<void>;
  openDocxPool(expected: number, options?: { stop?: () => boolean; parallel?: number }): DocxPool;
};

/**
 * The DOCX pool with its worker threads: the compiled module (build/, made by `npm run build`, which
 * `npm test` runs first), since a worker runs JavaScript; from the TypeScript sources the pool writes
 * the files itself.
 */
describe('DOCX files written by worker threads', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'capi-docx-pool-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const view = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/views/re-sample.json'), 'utf8')) as SheetView;
  const built = path.join(ROOT, 'build/render/docx-pool.js');

  it.runIf(existsSync(built))('writes every file as the renderer does here, and tells each failure with its own cause', async () => {
    const { writeDocxFiles } = (await import(pathToFileURL(built).href)) as Pool;
    const photo = { type: 'photo' as const, file: path.join(dir, 'absente.jpg'), width: 10, height: 10, caption: 'Photo', credit: 'M&D' };
    const broken: SheetView = { ...view, sections: [{ ...view.sections[0]!, blocks: [photo] }] };
    const jobs: DocxJob[] = Array.from({ length: 9 }, (_, i) => ({ view, outFile: path.join(dir, `fiche-${i}.docx`) }));
    jobs[3] = { view, outFile: path.join(dir, 'no-such-folder', 'fiche-3.docx') };
    jobs[6] = { view: broken, outFile: path.join(dir, 'fiche-6.docx') };
    const done = new Map<number, Error | undefined>();
    await writeDocxFiles(jobs, { done: (i, error) => done.set(i, error) }, 2);
    expect([...done.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect((done.get(3) as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(done.get(6)?.name).toBe('UserError');
    expect(done.get(6)?.message).toContain('absente.jpg');
    const here = await (await JSZip.loadAsync(await renderDocx(view))).file('word/document.xml')!.async('string');
    for (const i of [0, 1, 2, 4, 5, 7, 8]) {
      expect(done.get(i)).toBeUndefined();
      const zip = await JSZip.loadAsync(readFileSync(jobs[i]!.outFile));
      expect(await zip.file('word/document.xml')!.async('string')).toBe(here);
    }
  });

  it('stops taking jobs when asked', async () => {
    const { writeDocxFiles } = existsSync(built) ? ((await import(pathToFileURL(built).href)) as Pool) : await import('../../src/render/docx-pool.js');
    const jobs: DocxJob[] = Array.from({ length: 10 }, (_, i) => ({ view, outFile: path.join(dir, `stop-${i}.docx`) }));
    const done: number[] = [];
    await writeDocxFiles(jobs, { done: (i) => done.push(i), stop: () => done.length >= 3 }, 2);
    expect(done.length).toBeGreaterThanOrEqual(3);
    expect(done.length).toBeLessThan(10);
  });

  it.runIf(existsSync(built))('takes jobs added while it runs; closed, it finishes the files being written and starts no other', async () => {
    const { openDocxPool } = (await import(pathToFileURL(built).href)) as Pool;
    const pool = openDocxPool(8, { parallel: 2 });
    expect(pool.planned).toBe(2);
    const done: string[] = [];
    const add = (name: string) => pool.add({ view, outFile: path.join(dir, name) }, (error) => done.push(error ? `${name}: ${error.message}` : name));
    add('open-0.docx');
    await pool.settled();
    // a job added once the workers are idle is taken at once
    for (const i of [1, 2, 3]) add(`open-${i}.docx`);
    await pool.settled();
    expect(done.sort()).toEqual(['open-0.docx', 'open-1.docx', 'open-2.docx', 'open-3.docx']);
    // closed with jobs held by the workers: those started are written whole, the others never start
    done.length = 0;
    for (const i of [4, 5, 6, 7, 8, 9]) add(`open-${i}.docx`);
    await pool.close();
    const files = readdirSync(dir).filter((f) => f.startsWith('open-') || f.includes('.tmp'));
    expect(files.filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(done.length).toBeLessThan(6);
    for (const name of done) expect(files).toContain(name);
    for (const name of files) expect((await JSZip.loadAsync(readFileSync(path.join(dir, name)))).file('word/document.xml')).not.toBeNull();
    expect(files.length).toBe(4 + done.length);
  });

  it.runIf(existsSync(built))('the pool module does not load docx on the thread that opens it (its workers do)', () => {
    const trace = path.join(dir, 'modules.txt');
    const r = spawnSync(process.execPath, ['--import', path.join(ROOT, 'test/fixtures/trace/register.mjs'), '--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(built).href)});`], {
      env: { ...process.env, CAPI_TRACE_FILE: trace },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const loaded = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
    expect(loaded.some((u) => u.endsWith('/build/render/docx-pool.js'))).toBe(true);
    expect(loaded.filter((u) => u.includes('/node_modules/docx/') || u.endsWith('/build/render/docx.js'))).toEqual([]);
  });
});

describe('how many DOCX worker threads (CAPI_THREADS, issue 14)', () => {
  it('takes CAPI_THREADS=n as the cap, 1 meaning no worker at all; ignores anything else', async () => {
    const { docxParallel, plannedWorkers } = await import('../../src/render/docx-pool.js');
    expect(docxParallel({ CAPI_THREADS: '1' })).toBe(1);
    expect(plannedWorkers(100, docxParallel({ CAPI_THREADS: '1' }))).toBe(0);
    expect(docxParallel({ CAPI_THREADS: '3' })).toBe(3);
    expect(docxParallel({ CAPI_THREADS: '64' })).toBe(4);
    const cores = Math.min(4, (await import('node:os')).availableParallelism());
    for (const value of [undefined, 'auto', '0', '1.5', 'deux']) expect(docxParallel({ CAPI_THREADS: value })).toBe(cores);
    // from 2 × 4 sheets on, as many workers as asked, never more than the sheets allow
    expect(plannedWorkers(100, 2)).toBe(2);
    expect(plannedWorkers(9, 3)).toBe(2);
    expect(plannedWorkers(7, 3)).toBe(0);
  });
});
