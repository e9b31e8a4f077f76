import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { until } from '../helpers/wait.js';
import { expectCleanInterrupt, filesUnder, interruptRender, interruptReview, spawnCapi } from './interrupt-cases.js';

/**
 * Interrupting a render (SIGTERM from CI, Ctrl+C at a terminal): capi closes the browser, removes its
 * temporary files and exits 130; every PDF already in the output folder is complete, none is half-written.
 * One variant of each kind here; SIGINT and the whole sweep of a review's moments in the scale tier
 * (../scale/interrupt-variants.test.ts).
 */
describe('interrupted render', () => {
  it('SIGTERM midway: exit 130, no browser left, no temporary or partial file', () => interruptRender('SIGTERM'), 120_000);
});

describe('interrupted booklet and report', () => {
  it('booklet, SIGTERM while its pages are printed: exit 130, its temporary folder removed, no partial booklet', async () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'capi-int-'));
    const out = path.join(temp, 'out');
    const run = spawnCapi(['booklet', 'examples', '--format', 'pdf', '--edition', 'interne', '--out', out], temp);
    // midway: the booklet's folder holds the first printed sheet (capi-booklet-photos-… is another one)
    const works = () => readdirSync(temp).filter((d) => d.startsWith('capi-booklet-')).map((d) => path.join(temp, d));
    await until('a first sheet printed for the booklet', () => works().some((w) => filesUnder(w).some((f) => f.endsWith('.pdf'))), { child: run.child, dirs: () => [temp, ...works()], said: () => run.output.stderr, limitMs: 100_000 });
    run.child.kill('SIGTERM');
    await expectCleanInterrupt(run, temp, out);
    expect(filesUnder(out).filter((f) => f.startsWith('recueil'))).toEqual([]);
    rmSync(temp, { recursive: true, force: true });
  }, 120_000);

  it('report, SIGTERM while the browser prints: exit 130, no temporary file, no partial report', async () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'capi-int-'));
    const out = path.join(temp, 'out');
    const run = spawnCapi(['report', 'examples', '--format', 'docx,pdf', '--out', out], temp);
    // midway: the browser's work folder holds the page being printed
    const works = () => readdirSync(temp).filter((d) => d.startsWith('capi-pdf-')).map((d) => path.join(temp, d));
    await until('the page being printed', () => works().some((w) => filesUnder(w).some((f) => f.endsWith('.html'))), { child: run.child, dirs: () => [temp, ...works()], said: () => run.output.stderr, limitMs: 100_000 });
    run.child.kill('SIGTERM');
    await expectCleanInterrupt(run, temp, out);
    expect(filesUnder(out).filter((f) => f.startsWith('rapport-deroulement') && f.endsWith('.pdf'))).toEqual([]);
    rmSync(temp, { recursive: true, force: true });
  }, 120_000);
});

describe('interrupted review', () => {
  it('SIGTERM during a review: exit 130 with the sheet unchanged, or 0 with the review whole; never a temporary file', () => interruptReview('first'), 120_000);
});

describe('interrupted DOCX render (worker threads)', () => {
  it('SIGTERM midway: exit 130, the files being written are finished or absent, never a temporary file', async () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'capi-int-'));
    const out = path.join(temp, 'out');
    // enough sheets for the DOCX pool to start its workers (render/docx-pool.ts)
    const run = spawnCapi(['render', 'examples', '--format', 'docx', '--out', out], temp);
    await until('a first DOCX written', () => /✓ /.test(run.output.stdout), { child: run.child, said: () => run.output.stderr });
    run.child.kill('SIGTERM');
    await expectCleanInterrupt(run, temp, out);
    expect(filesUnder(out).filter((f) => f.endsWith('.docx')).length).toBeGreaterThan(0);
    rmSync(temp, { recursive: true, force: true });
  }, 120_000);
});
