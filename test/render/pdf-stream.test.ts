import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFBool, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNull, PDFNumber, PDFPageLeaf, PDFPageTree, PDFCatalog, PDFString, StandardFonts } from 'pdf-lib';
import { StreamedPdf } from '../../src/render/pdf-stream.js';

/** The offset of each in-use object in the file's cross-reference table, by object number. */
function xrefOffsets(bytes: Buffer): Map<number, number> {
  const text = bytes.toString('latin1');
  const start = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
  expect(text.slice(start, start + 5)).toBe('xref\n');
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(start))!;
  expect(Number(first)).toBe(0);
  const table = text.slice(start).split('\n').slice(2, 2 + Number(count));
  const out = new Map<number, number>();
  table.forEach((line, n) => {
    expect(line.length).toBe(19); // 20 bytes with its \n
    if (line.endsWith(' n\r')) out.set(n, Number(line.slice(0, 10)));
  });
  return out;
}

const held = (_ref: unknown, o: unknown) => o instanceof PDFPageLeaf || o instanceof PDFPageTree || o instanceof PDFCatalog;

describe('a PDF written as it is built (StreamedPdf)', () => {
  it('writes the objects done, drops them from memory, and ends a valid file only at finish', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'capi-stream-'));
    try {
      const file = path.join(dir, 'livre.pdf');
      const doc = await PDFDocument.create({ updateMetadata: false });
      const stream = await StreamedPdf.open(file, doc.context);
      const font = await doc.embedFont(StandardFonts.Helvetica);
      for (let i = 1; i <= 3; i += 1) {
        doc.addPage([595, 842]).drawText(`Page ${i} du recueil`, { x: 50, y: 700, size: 20, font });
        if (i === 1) await font.embed();
        const before = doc.context.enumerateIndirectObjects().length;
        const written = await stream.flush(held);
        // the page's content stream (and the font, the first time) went to the file; pages, tree and catalog stay
        expect(written).toBeGreaterThan(0);
        expect(doc.context.enumerateIndirectObjects().length).toBe(before - written);
        expect(doc.context.enumerateIndirectObjects().every(([r, o]) => held(r, o))).toBe(true);
      }
      // nothing under the booklet's name until it is whole; its temporary file beside it
      expect(existsSync(file)).toBe(false);
      expect(readdirSync(dir)).toHaveLength(1);
      doc.setTitle('Recueil des fiches');
      const size = await stream.finish();
      await stream.abort(); // after finish: nothing to undo
      expect(readdirSync(dir)).toEqual(['livre.pdf']);
      const bytes = readFileSync(file);
      expect(bytes.length).toBe(size);
      expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
      // every offset in the table points at its object
      const offsets = xrefOffsets(bytes);
      expect(offsets.size).toBeGreaterThan(6);
      for (const [n, at] of offsets) expect(bytes.subarray(at, at + 12).toString('latin1')).toMatch(new RegExp(`^${n} 0 obj\\n`));
      const back = await PDFDocument.load(bytes);
      expect(back.getPageCount()).toBe(3);
      expect(back.getTitle()).toBe('Recueil des fiches');
      // poppler reads it without repairing the table, and finds the text of each page
      const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
      if (info.error) return; // poppler-utils missing
      expect(info.stderr).toBe('');
      expect(info.stdout).toMatch(/Pages:\s+3/);
      expect(spawnSync('pdftotext', ['-f', '3', '-l', '3', file, '-'], { encoding: 'utf8' }).stdout).toContain('Page 3 du recueil');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes each object with the bytes pdf-lib itself writes, every kind of object', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'capi-stream-'));
    try {
      const file = path.join(dir, 'livre.pdf');
      const doc = await PDFDocument.create({ updateMetadata: false });
      const ctx = doc.context;
      const stream = await StreamedPdf.open(file, ctx);
      doc.addPage([595, 842]).drawText('Douar Aït Ouabelli — 12,5 %', { x: 50, y: 700, size: 11, font: await doc.embedFont(StandardFonts.Helvetica) });
      // strings with accents (one byte each) and UTF-16 text, names to escape, numbers, booleans, null, nesting
      const dict = ctx.obj({ Type: 'Test', Nom: 'Cl\u00e9 #1 (a)', N: [-3, 0.25, 1e-7, 123456789], B: true }) as PDFDict;
      dict.set(PDFName.of('T'), PDFString.of('Fiche \u00e9t\u00e9 (brouillon) \\ fin'));
      dict.set(PDFName.of('H'), PDFHexString.fromText('ⵜⴰⵎⴰⵣⵉⵖⵜ تيزنيت'));
      dict.set(PDFName.of('Z'), ctx.obj([PDFNull, PDFBool.False, PDFNumber.of(-0.5), [ctx.obj({ K: 1 })]]));
      ctx.register(dict);
      const expected = new Map<number, Buffer>();
      for (const [ref, object] of ctx.enumerateIndirectObjects()) {
        const body = new Uint8Array(object.sizeInBytes());
        object.copyBytesInto(body, 0);
        expected.set(ref.objectNumber, Buffer.concat([Buffer.from(`${ref.objectNumber} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]));
      }
      await stream.flush();
      await stream.finish();
      const bytes = readFileSync(file);
      const offsets = xrefOffsets(bytes);
      expect([...offsets.keys()].sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
      for (const [n, want] of expected) expect(bytes.subarray(offsets.get(n)!, offsets.get(n)! + want.length).equals(want), `object ${n}`).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('abort leaves the file as it was and no temporary file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'capi-stream-'));
    try {
      const file = path.join(dir, 'livre.pdf');
      const doc = await PDFDocument.create({ updateMetadata: false });
      const stream = await StreamedPdf.open(file, doc.context);
      doc.addPage();
      await stream.flush(held);
      await stream.abort();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
