import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetView } from '../../src/view/model.js';
import { layoutWorkspace, lengthVariant, pageFaults, renderBatch, type Rendered, workspaceViews } from '../render/page-flow.js';

/**
 * The page checks of test/render/page-flow.test.ts on every example (RE and OSIM sheets), the layout
 * cases and 30 length variants of a sheet (each narrative field longer by 0 to 9 lines, see
 * `lengthVariant`), so that its headings and labels land at every position of a page: minutes (one
 * browser, one LibreOffice call for about 55 documents), hence the scale tier.
 */
const VARIANTS = 30;

let ws = '';
let out = '';
let rendered: Rendered[] = [];
beforeAll(async () => {
  ws = layoutWorkspace();
  out = mkdtempSync(path.join(tmpdir(), 'capi-flow-30-'));
  const views = await workspaceViews(ws);
  const base = views.get('RE-TIZ-52')!;
  const variants: SheetView[] = Array.from({ length: VARIANTS }, (_, k) => lengthVariant(base, k));
  const started = Date.now();
  rendered = await renderBatch([...views.values(), ...variants], out);
  console.log(`page-flow-30: ${rendered.length} documents, PDF + DOCX + LibreOffice in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}, 1_800_000);
afterAll(() => {
  rmSync(ws, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

describe(`page flow of every example and ${VARIANTS} length variants (PDF and DOCX)`, () => {
  it('never ends a page with a heading or a label, nothing overflows, the body is at full size', () => {
    expect(rendered.length).toBeGreaterThanOrEqual(20 + VARIANTS);
    expect(rendered.flatMap(pageFaults)).toEqual([]);
  });
});
