import { availableParallelism, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import type { DocxPool } from '../../src/render/docx-pool.js';
import { UserError } from '../../src/util/errors.js';
import { ROOT } from '../helpers.js';

// `capi render --format docx` of many sheets (issue 14, target 2): the DOCX workers start while the
// sheets are checked, and each sheet goes to them as soon as its view is built — not once all views are
// built (the main thread's serial start left one core of two idle for seconds). What happens, in order:
const events = vi.hoisted(() => [] as string[]);
/** The sheet whose view fails (a UserError): refused as before the pool, its line before every ✓. */
const FAILING = 'RE-CHT-02';

vi.mock('../../src/render/docx-pool.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/render/docx-pool.js')>();
  return {
    ...original,
    openDocxPool: vi.fn((expected: number, options?: { stop?: () => boolean }): DocxPool => {
      events.push('pool opened');
      const pool = original.openDocxPool(expected, options);
      return {
        planned: pool.planned,
        add: (job, done) => {
          events.push(`docx ${job.view.id}`);
          pool.add(job, done);
        },
        settled: () => pool.settled(),
        close: () => pool.close(),
      };
    }),
  };
});
vi.mock('../../src/link/check.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/link/check.js')>();
  return {
    ...original,
    checkPaths: vi.fn(async (...args: Parameters<typeof original.checkPaths>) => {
      events.push('checks started');
      return original.checkPaths(...args);
    }),
  };
});
vi.mock('../../src/view/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/view/index.js')>();
  return {
    ...original,
    buildView: vi.fn((...args: Parameters<typeof original.buildView>) => {
      const id = String((args[0].data as { id: string }).id);
      events.push(`view ${id}`);
      if (id === FAILING) throw new UserError(`${id} : vue impossible (test)`);
      return original.buildView(...args);
    }),
  };
});

describe('render --format docx: the DOCX pool starts before the checks and is fed view by view', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'capi-docx-early-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  // on one core the pool plans no worker, and the DOCX wait for their step as before
  it.skipIf(availableParallelism() < 2)('opens the pool before checking, sends each DOCX before the next views are built, and tells what happened in the same order', async () => {
    let said = '';
    const write = (s: string) => (said += s);
    const io: CliIo = { stdout: { write }, stderr: { write }, cwd: ROOT, env: {}, interactive: false, color: false };
    const code = await main(['render', 'examples/re', '--format', 'docx', '--out', out], io);
    expect(code).toBe(1);
    const views = events.filter((e) => e.startsWith('view '));
    const sent = events.filter((e) => e.startsWith('docx '));
    expect(views).toHaveLength(10);
    expect(sent).toHaveLength(9);
    expect(sent).not.toContain(`docx ${FAILING}`);
    // the workers load docx while the sheets are checked
    expect(events.indexOf('pool opened')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('pool opened')).toBeLessThan(events.indexOf('checks started'));
    // the first sheet goes to the pool right after its view, before the other views are built
    expect(events.indexOf(sent[0]!)).toBe(events.indexOf(views[0]!) + 1);
    expect(events.indexOf(sent[0]!)).toBeLessThan(events.indexOf(views[1]!));
    // the refusal is told first, then each DOCX written, then the summary
    const lines = said.trim().split('\n');
    expect(lines[0]).toContain(`${FAILING} : vue impossible`);
    expect(lines.slice(1, 10).every((l) => l.startsWith('✓ RE-'))).toBe(true);
    expect(lines[10]).toMatch(/^9 fiches produites, 1 en échec/);
    expect(readdirSync(out).filter((f) => f.endsWith('.docx'))).toHaveLength(9);
    expect(existsSync(path.join(out, `${FAILING}.docx`))).toBe(false);
  }, 60_000);
});
