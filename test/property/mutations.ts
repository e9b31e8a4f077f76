import { expect } from 'vitest';
import fc from 'fast-check';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers.js';

/**
 * The property of `mutations.test.ts` (a quick sample in `npm test`) and of
 * `../scale/mutations.test.ts` (the whole sample): whatever a researcher does to a sheet — delete,
 * duplicate or re-indent lines, retype values, save it in another encoding — `capi validate` answers
 * with exit 0 or 1 and located messages, never a crash (exit 2 « erreur inattendue ») nor a diagnostic
 * without a position.
 */
const sheets = readdirSync(path.join(ROOT, 'examples/re')).map((f) => readFileSync(path.join(ROOT, 'examples/re', f), 'utf8'));

/** The seed of both samples: the quick one is the first `numRuns` cases of the whole one. */
const SEED = 20261129;

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'indent'; at: number; by: number }
  | { kind: 'retype'; at: number; value: string }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({
    kind: fc.constant('retype' as const),
    at: fc.nat(),
    value: fc.oneof(
      fc.constantFrom('no', 'yes', '~', '2022-05-09', '02142', '1.10', '*x', '&a', '[', '{', '"', "'", '|', '>', '- a', ': b', '#', '\t', 'é\u0301', '\u200B', 'ﻻ', '\u0007', ''),
      fc.string({ maxLength: 12 }),
      fc.integer().map(String),
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function apply(text: string, ms: Mutation[]): string {
  let lines = text.split('\n');
  for (const m of ms) {
    const at = lines.length ? m.at % lines.length : 0;
    if (m.kind === 'delete') lines.splice(at, 1);
    if (m.kind === 'duplicate') lines.splice(at, 0, lines[at] ?? '');
    if (m.kind === 'indent') lines[at] = m.by >= 0 ? ' '.repeat(m.by) + (lines[at] ?? '') : (lines[at] ?? '').replace(new RegExp(`^ {0,${-m.by}}`), '');
    if (m.kind === 'retype') lines[at] = (lines[at] ?? '').replace(/:( .*)?$/, `: ${m.value}`);
    if (m.kind === 'truncate') lines = lines.slice(0, at);
  }
  return lines.join('\n');
}

const encodings = ['utf8', 'utf8-bom', 'crlf', 'utf16le', 'latin1'] as const;
function encode(text: string, e: (typeof encodings)[number]): Buffer {
  if (e === 'utf8-bom') return Buffer.from(`\uFEFF${text}`, 'utf8');
  if (e === 'crlf') return Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');
  if (e === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (e === 'latin1') return Buffer.from(text, 'latin1');
  return Buffer.from(text, 'utf8');
}

/**
 * Checks the property on `numRuns` mutated sheets (seed {@link SEED}), each validated in-process in a
 * workspace of the example OSIM sheets and photos (made here, removed after).
 * @throws the failing case, shrunk, as fast-check reports it
 */
export async function validateMutatedSheets(numRuns: number): Promise<void> {
  const ws = mkdtempSync(path.join(tmpdir(), 'capi-prop-'));
  cpSync(path.join(ROOT, 'examples/osim'), path.join(ws, 'osim'), { recursive: true });
  cpSync(path.join(ROOT, 'examples/images'), path.join(ws, 'images'), { recursive: true });
  writeFileSync(path.join(ws, 'capi.config.yaml'), 'projet: tests\n');
  try {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: sheets.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 5 }), fc.constantFrom(...encodings), async (which, ms, enc) => {
        n += 1;
        const file = path.join(ws, `m${n}.yaml`);
        writeFileSync(file, encode(apply(sheets[which], ms), enc));
        try {
          const { code, stdout, stderr } = await runCli(['validate', `m${n}.yaml`, '--format', 'json'], { cwd: ws });
          expect(stderr).not.toMatch(/inattendue|unexpected/i);
          expect([0, 1]).toContain(code);
          const report = JSON.parse(stdout) as { diagnostics: Array<{ file: string; line: number; column: number; message: string; severity: string }> };
          for (const d of report.diagnostics) {
            expect(d.file).toBe(`m${n}.yaml`);
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.column).toBeGreaterThanOrEqual(1);
            expect(d.message.length).toBeGreaterThan(5);
          }
          if (code === 1) expect(report.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        } finally {
          rmSync(file, { force: true });
        }
      }),
      { numRuns, seed: SEED },
    );
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}
