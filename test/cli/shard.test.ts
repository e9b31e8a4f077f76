import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers.js';
import { shardOf } from '../../src/cli/render-pass.js';

let out: string;
beforeAll(async () => (out = mkdtempSync(path.join(tmpdir(), 'capi-shard-'))));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('capi render --shard i/n', () => {
  it('splits the sheets into n disjoint slices that cover them all', async () => {
    const slices: string[][] = [];
    for (let i = 1; i <= 3; i++) {
      const dir = path.join(out, `s${i}`);
      const r = await runCli(['render', 'examples', '--format', 'html', '--shard', `${i}/3`, '--out', dir]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`Part ${i}/3 : \\d+ fiches?\\.`));
      slices.push(readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => f.replace(/\.html$/, '')));
    }
    const all = slices.flat();
    expect(all).toHaveLength(20);
    expect(new Set(all).size).toBe(20);
    const sizes = slices.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('refuses a bad slice with exit 2 before any work', async () => {
    for (const bad of ['0/3', '4/3', 'a/b', '2']) {
      const r = await runCli(['render', 'examples', '--format', 'html', '--shard', bad, '--out', path.join(out, 'bad')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--shard attend i\/n/);
    }
  });

  it('slices by id, sizes differing by one at most', async () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ id: `RE-${String(9 - i)}` }));
    expect(shardOf(items, { index: 1, count: 3 }).map((x) => x.id)).toEqual(['RE-0', 'RE-1', 'RE-2']);
    expect([1, 2, 3].map((index) => shardOf(items, { index, count: 3 }).length)).toEqual([3, 3, 4]);
  });
});
