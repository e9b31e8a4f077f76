import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetView } from '../../src/view/model.js';
import { bodyTextHeight, readPages } from '../helpers/pages.js';
import { layoutWorkspace, lengthVariant, pageFaults, PDF_BODY_HEIGHT, renderBatch, type Rendered, workspaceViews } from './page-flow.js';

/**
 * Page flow and overflow, checked by program on the printed pages (see ../helpers/pages.ts): no page
 * ends with a heading or a label, nothing lies beyond the text area, the body is printed at full size —
 * in the PDF and in the DOCX as LibreOffice prints it. On the RE examples, the layout cases of
 * test/fixtures/layout and VARIANTS length variants of a sheet (30 in the scale tier:
 * test/scale/page-flow-30.test.ts). Set CAPI_TEST_KEEP=1 to keep the files (their folder is printed).
 */
const VARIANTS = 8;

let ws = '';
let out = '';
let rendered: Rendered[] = [];
beforeAll(async () => {
  ws = layoutWorkspace();
  out = mkdtempSync(path.join(tmpdir(), 'capi-flow-out-'));
  const views = await workspaceViews(ws);
  const re = [...views.values()].filter((v) => v.kind === 're');
  const base = views.get('RE-TIZ-52')!;
  const variants: SheetView[] = Array.from({ length: VARIANTS }, (_, k) => lengthVariant(base, k * 3 + 1));
  rendered = await renderBatch([...re, ...variants], out);
  if (process.env.CAPI_TEST_KEEP) console.log(`page-flow files in ${out}`);
}, 300_000);
afterAll(() => {
  rmSync(ws, { recursive: true, force: true });
  if (!process.env.CAPI_TEST_KEEP) rmSync(out, { recursive: true, force: true });
});

describe('page flow of the RE examples, the layout cases and length variants (PDF and DOCX)', () => {
  it('renders every sheet and variant', () => {
    expect(rendered.length).toBeGreaterThanOrEqual(10 + 3 + VARIANTS);
  });

  it('never ends a page with a heading or a label, nothing overflows, the body is at full size', () => {
    expect(rendered.flatMap(pageFaults)).toEqual([]);
  });

  it('prints the sheet with a 190-character link in its financing table at full size, amounts shown', () => {
    const r = rendered.find((x) => x.view.id === 'RE-TIZ-61')!;
    const pages = readPages(r.pdf);
    expect(bodyTextHeight(pages)).toBeCloseTo(PDF_BODY_HEIGHT, 0);
    const text = pages.flatMap((p) => p.lines.map((l) => l.text)).join('\n');
    expect(text).toMatch(/30\s?000/);
    expect(text).toMatch(/14\s?000/);
  });
});
