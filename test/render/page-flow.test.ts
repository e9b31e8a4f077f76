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
 * in the PDF and in the DOCX as LibreOffice prints it. Here (npm test): the layout cases of
 * test/fixtures/layout, an example with a long « regard croisé » and one length variant (the quick
 * one of its kind); every example and 30 variants (7 and 21 among them) in the scale tier
 * (test/scale/page-flow-30.test.ts). CAPI_TEST_KEEP=1 keeps the files (their folder is printed).
 */
const VARIANTS = 1;

let ws = '';
let out = '';
let rendered: Rendered[] = [];
beforeAll(async () => {
  ws = layoutWorkspace();
  out = mkdtempSync(path.join(tmpdir(), 'capi-flow-out-'));
  // RE-TAR-02: its 2-line first paragraph « Entre 2016 et 2019, … Il a financé : » under « Un fonds de
  // développement pour tout le douar » was split after its first line at the foot of page 3 (PDF)
  const ids = ['RE-TIZ-52', 'RE-TIZ-61', 'RE-TIZ-71', 'RE-TAR-03', 'RE-TAR-02'];
  const views = await workspaceViews(ws, ids);
  const picked = ids.map((id) => views.get(id)!);
  // variants of the sheet whose label fell at a page's foot (7 and 21 once left « Méthodologie de la
  // collecte » with one line in the DOCX)
  const variants: SheetView[] = [7, 21].slice(0, VARIANTS).map((k) => lengthVariant(picked[0]!, k));
  rendered = await renderBatch([...picked, ...variants], out);
  if (process.env.CAPI_TEST_KEEP) console.log(`page-flow files in ${out}`);
}, 600_000);
afterAll(() => {
  rmSync(ws, { recursive: true, force: true });
  if (!process.env.CAPI_TEST_KEEP) rmSync(out, { recursive: true, force: true });
});

describe('page flow of layout cases, examples and length variants (PDF and DOCX)', () => {
  it('never ends a page with a heading or a label, nothing overflows, the body is at full size', () => {
    expect(rendered).toHaveLength(5 + VARIANTS);
    expect(rendered.flatMap(pageFaults)).toEqual([]);
  });

  it('prints the sheet with a 190-character link in its financing table at full size, amounts shown', () => {
    const r = rendered.find((x) => x.view.id === 'RE-TIZ-61')!;
    const pages = readPages(r.pdf);
    expect(bodyTextHeight(pages)).toBeCloseTo(PDF_BODY_HEIGHT, 0);
    const text = pages.flatMap((p) => p.lines.map((l) => l.text)).join('\n');
    expect(text).toMatch(/30[\s\u00a0\u202f]?000/);
    expect(text).toMatch(/14[\s\u00a0\u202f]?000/);
  });
});
