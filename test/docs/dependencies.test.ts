import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers.js';

/** docs/dependances.md stays the list of every dependency, and of every range narrower than a caret. */
describe('docs/dependances.md', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const doc = readFileSync(path.join(ROOT, 'docs/dependances.md'), 'utf8');
  const [policy, runtime, dev] = ['## Version policy', '## Dependencies (installed with capi)', '## Development dependencies'].map((title, i, all) => {
    const start = doc.indexOf(title);
    expect(start, title).toBeGreaterThanOrEqual(0);
    const end = i + 1 < all.length ? doc.indexOf(all[i + 1]) : doc.length;
    return doc.slice(start, end);
  });
  const named = (section: string) => new Set([...section.matchAll(/^\|([^|]+)\|/gm)].flatMap((m) => [...m[1].matchAll(/`([^`]+)`/g)].map((n) => n[1])));

  it('names every dependency in its table, and no package that is not one', () => {
    expect([...named(runtime)].sort()).toEqual(Object.keys(pkg.dependencies).sort());
    expect([...named(dev)].sort()).toEqual(Object.keys(pkg.devDependencies).sort());
  });

  it('gives a reason for every range that is not a caret', () => {
    const narrow = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([, range]) => !range.startsWith('^'));
    expect(narrow.map(([name]) => name).sort()).toEqual([...named(policy)].sort());
  });
});
