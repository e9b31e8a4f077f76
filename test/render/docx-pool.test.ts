import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDocx } from '../../src/render/docx.js';
import type { DocxHooks, DocxJob } from '../../src/render/docx-pool.js';
import type { SheetView } from '../../src/view/model.js';
import { ROOT } from '../helpers.js';

type Pool = { writeDocxFiles(jobs: readonly DocxJob[], hooks: DocxHooks, parallel?: number): Promise<void> };

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
});
