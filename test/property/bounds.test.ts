import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSheet, MAX_SHEET_BYTES } from '../../src/load/sheet.js';
import { checkOne } from '../../src/link/check-one.js';
import { setLang } from '../../src/i18n/index.js';
// the adversarial documents, shared with `npm run bench` (row bounds: the largest, in a child process)
import { ADVERSARIAL, largest } from '../../bench/adversarial.mjs';

/**
 * No document makes `validate` slow or greedy (issue 14, target 5): billion laughs, aliases of a large
 * text or list, nesting deep in flow or block style, huge lists, very long lines, many keys. Each is
 * read and checked as `validate` does (parse, schema, places, photos, quality, every position read);
 * its time and the memory it holds stay far under the targets (5 s and 500 MB for the largest file
 * capi accepts, measured by `npm run bench`), and the largest of each kind under capi's size limit is
 * refused with a located message before any parser reads it.
 */
const KINDS = Object.keys(ADVERSARIAL) as Array<keyof typeof ADVERSARIAL>;
const ROOT_DIR = '/nonexistent-capi-workspace';

/** CPU time of this process (ms): less disturbed than wall time by the other work of a shared machine. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Reads and checks a document as `validate` does; its CPU time (ms), the heap it added (MB) and the diagnostics. */
function check(text: string): { ms: number; mb: number; codes: string[]; located: boolean } {
  const heap = process.memoryUsage().heapUsed;
  const started = cpu();
  const { sheet, diagnostics } = parseSheet(Buffer.from(text), `${ROOT_DIR}/re/RE-ADV-01.yaml`, 're/RE-ADV-01.yaml');
  const all = [...diagnostics, ...(sheet ? checkOne(sheet, ROOT_DIR) : [])];
  const located = all.every((d) => d.line >= 1 && d.column >= 1);
  const ms = cpu() - started;
  const mb = (process.memoryUsage().heapUsed - heap) / 2 ** 20;
  return { ms, mb, codes: all.map((d) => d.code), located };
}

describe('bounded cost for any input', () => {
  it.each(KINDS)('refuses the largest %s document under the size limit, fast, with a located message', (kind) => {
    setLang('fr');
    const text = largest(kind, MAX_SHEET_BYTES);
    const r = check(text);
    expect(r.codes.some((c) => c === 'file.too-complex' || c === 'yaml.aliases' || c === 'yaml.expands-too-much'), `${kind}: ${r.codes.join(', ')}`).toBe(true);
    expect(r.located).toBe(true);
    expect(r.ms, kind).toBeLessThan(1500);
  });

  it('reads and checks every adversarial document of any size in bounded time and memory', () => {
    setLang('fr');
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.integer({ min: 1, max: 30_000 }), (kind, n) => {
        const r = check(ADVERSARIAL[kind](n));
        expect(r.located, `${kind}(${n})`).toBe(true);
        expect(r.ms, `${kind}(${n})`).toBeLessThan(3000);
        expect(r.mb, `${kind}(${n})`).toBeLessThan(300);
      }),
      { numRuns: 25 },
    );
  });
});
