import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkPaths } from '../../src/link/check.js';
import { setLang, t } from '../../src/i18n/index.js';
import { ROOT } from '../helpers.js';
import { SLIP_FILE, SLIPS, slipBytes, type Expected } from '../fixtures/slips/table.js';

// One table for the whole corpus of slips (test/fixtures/slips/table.ts), as markdownlint and yamllint
// test their rules: each broken sheet, as re/RE-TIZ-01.yaml in a workspace made of examples/ parts
// (its configuration, images and OSIM-FR-01, which only RE-TIZ-01 cites), gives exactly the diagnostics
// of its row, and the OSIM sheet says nothing (one mistake, one message: no « aucune fiche ne cite
// OSIM-FR-01 » because the RE sheet that cites it is broken).

let ws: string;
/** What the workspace says without the slip: nothing. */
let baseline: string[];
const show = (d: { file: string; line: number; column: number; code: string; message: string }) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`;

beforeAll(async () => {
  setLang('fr');
  ws = mkdtempSync(path.join(tmpdir(), 'capi-slips-'));
  for (const part of ['capi.config.yaml', 'images', 'osim/OSIM-FR-01.yaml', 're/RE-TIZ-01.yaml']) cpSync(path.join(ROOT, 'examples', part), path.join(ws, part), { recursive: true });
  baseline = (await checkPaths([ws], ws)).diagnostics.map(show);
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('every slip gets its real cause, once', () => {
  it('starts from a workspace that says nothing', () => expect(baseline).toEqual([]));

  it('has at least 60 slips, with unique names', () => {
    expect(SLIPS.filter((s) => s.expect.length > 0).length).toBeGreaterThanOrEqual(60);
    expect(new Set(SLIPS.map((s) => s.name)).size).toBe(SLIPS.length);
  });

  it.each(SLIPS.map((s) => [s.name, s] as const))('%s', async (_, slip) => {
    writeFileSync(path.join(ws, 're', SLIP_FILE), slipBytes(slip));
    const { diagnostics } = await checkPaths([ws], ws);
    const file = `re/${SLIP_FILE}`;
    const mine = diagnostics.filter((d) => d.file === file);
    const got: Expected[] = mine.map((d) => [d.line, d.column, d.code, d.message]);
    if (process.env.SLIPS_DUMP) appendFileSync(process.env.SLIPS_DUMP, JSON.stringify({ name: slip.name, got, hints: mine.map((d) => d.hint) }) + '\n');
    expect(got).toEqual(slip.expect);
    if (slip.hint) expect(mine[0]?.hint).toBe(slip.hint);
    // nothing on the OSIM sheet, which says nothing without the slip (but that no sheet cites it, when
    // the broken sheet is one of the cases, which cite OSIM-FR-02)
    const cites = slipBytes(slip).toString('utf8').includes('OSIM-FR-01');
    const others = diagnostics.filter((d) => d.file !== file && (cites || d.code !== 'link.orphan-osim'));
    expect(others.map(show)).toEqual(baseline);
    // no English from the YAML library, no stack trace
    for (const d of mine) expect(`${d.message} ${d.hint ?? ''}`).not.toMatch(/YAML\.parse|Implicit|Nested|Unexpected|at line \d|Error:/);
  });

  it('a broken OSIM sheet: the RE sheet that cites it does not also get « OSIM-FR-01 unknown »', async () => {
    const osim = path.join(ws, 'osim/OSIM-FR-01.yaml');
    const text = readFileSync(osim, 'utf8');
    writeFileSync(path.join(ws, 're', SLIP_FILE), readFileSync(path.join(ROOT, 'examples/re', SLIP_FILE)));
    writeFileSync(osim, text.replace(/^id: (.*)$/m, 'id $1'));
    try {
      const { diagnostics } = await checkPaths([ws], ws);
      expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual(['osim/OSIM-FR-01.yaml:5:3 yaml.missing-colon']);
    } finally {
      writeFileSync(osim, text);
    }
  });

  // every error code of the yaml library (its ErrorCode type, yaml 2.x) has a message and a hint in both
  // catalogues: its English text never reaches the person
  it.each(['ALIAS_PROPS', 'BAD_ALIAS', 'BAD_DIRECTIVE', 'BAD_DQ_ESCAPE', 'BAD_INDENT', 'BAD_PROP_ORDER', 'BAD_SCALAR_START', 'BLOCK_AS_IMPLICIT_KEY', 'BLOCK_IN_FLOW', 'DUPLICATE_KEY', 'IMPOSSIBLE', 'KEY_OVER_1024_CHARS', 'MISSING_CHAR', 'MULTILINE_IMPLICIT_KEY', 'MULTIPLE_ANCHORS', 'MULTIPLE_DOCS', 'MULTIPLE_TAGS', 'NON_STRING_KEY', 'RESOURCE_EXHAUSTION', 'TAB_AS_INDENT', 'TAG_RESOLVE_FAILED', 'UNEXPECTED_TOKEN', 'BAD_COLLECTION_TYPE'])('yaml error %s has a French and an English message', (code) => {
    for (const lang of ['fr', 'en'] as const) {
      expect(t(`yaml.${code}`, {}, lang)).not.toBe(`yaml.${code}`);
      expect(t(`yaml.${code}.hint`, {}, lang)).not.toBe(`yaml.${code}.hint`);
    }
  });
});
