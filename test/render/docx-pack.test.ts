import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { Packer } from 'docx';
import { describe, expect, it } from 'vitest';
import { buildDocument, packDocx } from '../../src/render/docx.js';
import type { SheetView } from '../../src/view/model.js';
import { ROOT } from '../helpers.js';

/** packDocx uses docx's private Packer.compiler (see its docstring): the pin and the API it relies on. */
describe('DOCX packing through docx\'s compiler', () => {
  it('finds the compiler where docx 9.7 keeps it, with the docx version package.json pins exactly', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const installed = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/docx/package.json'), 'utf8')) as { version: string };
    expect(pkg.dependencies.docx).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed.version).toBe(pkg.dependencies.docx);
    const compiler = (Packer as unknown as { compiler?: { compile?: unknown } }).compiler;
    expect(typeof compiler?.compile).toBe('function');
  });

  it('writes one package, deflated, with the embedded-font flags in word/settings.xml', async () => {
    const view = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/views/re-sample.json'), 'utf8')) as SheetView;
    const bytes = await packDocx(await buildDocument(view, {}), true);
    const zip = await JSZip.loadAsync(bytes);
    expect(await zip.file('word/settings.xml')?.async('string')).toContain('<w:embedTrueTypeFonts/><w:saveSubsetFonts/>');
    expect(Object.keys(zip.files)).toContain('word/document.xml');
  });
});
