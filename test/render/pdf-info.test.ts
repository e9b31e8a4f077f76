import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { appendInfo } from '../../src/render/pdf-info.js';

/** A one-page PDF laid out as Chromium writes it: classic cross-reference table, Info object 1, catalog with /Lang. */
function chromiumLike(lang = 'fr'): Uint8Array {
  const objects = [
    `1 0 obj\n<</Title (Ancien titre)\n/Creator (HeadlessChrome)\n/Producer (Skia/PDF m156)\n/CreationDate (D:20261130222503+00'00')\n/ModDate (D:20261130222503+00'00')>>\nendobj\n`,
    `2 0 obj\n<</Type /Pages\n/Count 1\n/Kids [3 0 R]>>\nendobj\n`,
    `3 0 obj\n<</Type /Page\n/Parent 2 0 R\n/MediaBox [0 0 595 842]>>\nendobj\n`,
    `4 0 obj\n<</Type /Catalog\n/Pages 2 0 R\n/Lang (${lang})>>\nendobj\n`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const o of objects) {
    offsets.push(body.length);
    body += o;
  }
  const xref = body.length;
  body += `xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<</Size 5\n/Root 4 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const INFO = { title: 'L’eau au robinet : Afella Ighir', author: 'Salma Aït Lhaj (enquête et rédaction)', subject: 'Fiche retour d’expérience', keywords: ['RE-TIZ-01', 'Tiznit'], creator: 'capi' };

describe('appendInfo: the document information as an incremental update', () => {
  it('appends a new Info dictionary that pdf-lib and poppler read, Chromium\'s bytes untouched, its Producer and dates kept', async () => {
    const pdf = chromiumLike();
    const out = appendInfo(pdf, INFO, 'fr')!;
    expect(out).toBeDefined();
    expect(Buffer.from(out.subarray(0, pdf.length)).equals(Buffer.from(pdf))).toBe(true);
    const doc = await PDFDocument.load(out, { updateMetadata: false });
    expect(doc.getTitle()).toBe(INFO.title);
    expect(doc.getAuthor()).toBe(INFO.author);
    expect(doc.getSubject()).toBe(INFO.subject);
    expect(doc.getKeywords()).toBe('RE-TIZ-01 Tiznit');
    expect(doc.getCreator()).toBe('capi');
    expect(doc.getProducer()).toBe('Skia/PDF m156');
    expect(doc.getPageCount()).toBe(1);
    const dir = mkdtempSync(path.join(tmpdir(), 'capi-pdf-info-'));
    try {
      writeFileSync(path.join(dir, 'a.pdf'), out);
      const info = execFileSync('pdfinfo', [path.join(dir, 'a.pdf')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(info).toMatch(/Title:\s+L’eau au robinet : Afella Ighir/);
      expect(info).toMatch(/Author:\s+Salma Aït Lhaj/);
      expect(info).toMatch(/CreationDate:\s+\w+ Nov 30 22:25:03 2026/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves out the entries it has no value for', async () => {
    const doc = await PDFDocument.load(appendInfo(chromiumLike(), { title: 'T', creator: 'capi' }, 'fr')!, { updateMetadata: false });
    expect(doc.getAuthor()).toBeUndefined();
    expect(doc.getKeywords()).toBeUndefined();
  });

  it('gives up (undefined) on a file without a classic trailer, or whose catalog has another language', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    expect(appendInfo(await doc.save({ useObjectStreams: true }), INFO, 'fr')).toBeUndefined();
    expect(appendInfo(chromiumLike('en'), INFO, 'fr')).toBeUndefined();
    expect(appendInfo(Buffer.from('not a pdf'), INFO, 'fr')).toBeUndefined();
  });
});
