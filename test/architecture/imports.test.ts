import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/**
 * The shape of the code (docs: architecture.md, house rules): modules depend only downward,
 * cli → render → view → link → validate → load, with util, i18n and types usable by all; and no module
 * imports itself back through others (no import loop), command modules included. Every relative import
 * of src/**\/*.ts counts for the layers: static, `import type`, re-exports and `await import()`; for the
 * loops, those that load a module when run (type-only imports are erased by tsc).
 */

/** Rank of each folder of src/: a module may import its own folder and folders of a lower rank. */
const RANK: Record<string, number> = { cli: 6, render: 5, view: 4, link: 3, validate: 2, load: 1, edit: 1, util: 0, i18n: 0, types: 0 };

interface Edge {
  from: string;
  to: string;
  kind: 'static' | 'type' | 'dynamic';
}

/** The relative imports of a TypeScript source text, by specifier and kind. */
export function importsOf(text: string): Array<{ spec: string; kind: Edge['kind'] }> {
  const found: Array<{ spec: string; kind: Edge['kind'] }> = [];
  // drop comments first: an example in a docstring is no import
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const m of code.matchAll(/(?:^|[\n;])\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'/g)) found.push({ spec: m[2]!, kind: m[1] ? 'type' : 'static' });
  for (const m of code.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) found.push({ spec: m[1]!, kind: 'dynamic' });
  return found.filter((i) => i.spec.startsWith('.'));
}

/** Every module of src/ (paths relative to src/, with `/`) and its relative imports. */
function graph(): Edge[] {
  const src = path.join(ROOT, 'src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => f.split(path.sep).join('/'));
  return files.flatMap((from) =>
    importsOf(readFileSync(path.join(src, from), 'utf8')).map(({ spec, kind }) => ({ from, to: path.posix.normalize(path.posix.join(path.posix.dirname(from), spec)).replace(/\.js$/, '.ts'), kind })),
  );
}

/** Import loops of `edges`, each as the list of modules met going round it (Tarjan's strongly connected components). */
export function cycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** Imports that go up (or sideways between folders of one rank), as `from → to` lines. */
export function upward(edges: readonly Edge[]): string[] {
  const folder = (file: string) => (file.includes('/') ? file.split('/')[0]! : '');
  return edges
    .filter((e) => {
      const [a, b] = [folder(e.from), folder(e.to)];
      if (a === b) return false;
      if (!(a in RANK) || !(b in RANK)) return true; // a new folder must be given its place in RANK
      return RANK[b]! >= RANK[a]! && !(RANK[a] === 0 && RANK[b] === 0);
    })
    .map((e) => `${e.from} → ${e.to}${e.kind === 'static' ? '' : ` (${e.kind})`}`);
}

describe('module layers', () => {
  const edges = graph();

  it('reads the imports of src/ (static, type-only, re-exports, dynamic)', () => {
    expect(edges.length).toBeGreaterThan(200);
    expect(edges).toContainEqual({ from: 'cli/render.ts', to: 'link/check.ts', kind: 'static' });
    expect(edges).toContainEqual({ from: 'cli/render-pass.ts', to: 'render/pdf.ts', kind: 'dynamic' });
    expect(edges).toContainEqual({ from: 'cli/render.ts', to: 'cli/watch.ts', kind: 'dynamic' });
    expect(edges).toContainEqual({ from: 'cli/render-pass.ts', to: 'render/pdf.ts', kind: 'type' });
    expect(importsOf("import type { A } from './a.js';\nexport { b } from '../b.js';\n// import { c } from './c.js';\nconst m = await import('./d.js');")).toEqual([
      { spec: './a.js', kind: 'type' },
      { spec: '../b.js', kind: 'static' },
      { spec: './d.js', kind: 'dynamic' },
    ]);
  });

  it('has no import loop, command modules included', () => {
    // type-only imports too: shapes live in modules of their own (i18n/types.ts, link/place-types.ts)
    expect(cycles(edges)).toEqual([]);
  });

  it('imports only downward: cli → render → view → link → validate → load; util, i18n, types by all', () => {
    expect(upward(edges)).toEqual([]);
  });

  it('each command module is reached from cli/main.ts only: no command imports another, nor main', () => {
    // main loads each command on demand (`await import`); what it imports statically (io, usage errors) is shared
    const commands = new Set(edges.filter((e) => e.from === 'cli/main.ts' && e.kind === 'dynamic' && e.to.startsWith('cli/')).map((e) => e.to));
    expect(commands).toContain('cli/render.ts');
    expect(commands).toContain('cli/booklet.ts');
    const across = edges.filter((e) => e.from !== 'cli/main.ts' && (commands.has(e.to) || e.to === 'cli/main.ts')).map((e) => `${e.from} → ${e.to}`);
    expect(across).toEqual([]);
  });

  it('the checks find what they look for', () => {
    const loop: Edge[] = [
      { from: 'cli/render.ts', to: 'cli/watch.ts', kind: 'dynamic' },
      { from: 'cli/watch.ts', to: 'cli/render.ts', kind: 'static' },
      { from: 'cli/watch.ts', to: 'util/fs.ts', kind: 'static' },
    ];
    expect(cycles(loop)).toEqual([['cli/render.ts', 'cli/watch.ts']]);
    expect(upward([{ from: 'view/build.ts', to: 'render/html.ts', kind: 'type' }, { from: 'util/errors.ts', to: 'validate/diagnostic.ts', kind: 'type' }, { from: 'new/x.ts', to: 'util/fs.ts', kind: 'static' }, { from: 'util/formats.ts', to: 'i18n/index.ts', kind: 'static' }])).toEqual([
      'view/build.ts → render/html.ts (type)',
      'util/errors.ts → validate/diagnostic.ts (type)',
      'new/x.ts → util/fs.ts',
    ]);
  });
});
