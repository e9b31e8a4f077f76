import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import JSZip from 'jszip';
import { imageSize } from 'image-size';
import { ROOT, runCli } from '../helpers.js';

/** A phone picture (4,000 × 3,000 px, several MB) is printed from a scaled copy; the original is untouched. */
let ws: string;
let original: Buffer;
beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-photos-'));
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true, filter: (s) => !s.includes(`${path.sep}dist`) });
  // noise compresses badly: a heavy JPEG, as phones make
  const raw = Buffer.alloc(4000 * 3000 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  original = await sharp(raw, { raw: { width: 4000, height: 3000, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
  writeFileSync(path.join(ws, 'images/grande.jpg'), original);
  const sheet = path.join(ws, 're/RE-TIZ-02.yaml');
  const text = readFileSync(sheet, 'utf8');
  writeFileSync(sheet, `${text.replace(/\nphotos:[\s\S]*?(?=\n\S|$)/, '')}\nphotos:\n  - fichier: ../images/grande.jpg\n    legende: Le poste électrique\n    credit: Test\n    consentement: true\n`);
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('oversized photos', () => {
  it('are scaled to 2,000 px in the DOCX and the PDF, the researcher\'s file unchanged', async () => {
    expect(original.length).toBeGreaterThan(3_000_000);
    const r = await runCli(['render', 're/RE-TIZ-02.yaml', '--format', 'docx,pdf', '--out', 'dist'], { cwd: ws });
    expect(r.stderr).toMatch(/1 fiche produite, 0 en échec/);
    const zip = await JSZip.loadAsync(readFileSync(path.join(ws, 'dist/RE-TIZ-02.docx')));
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/') && !f.endsWith('/'));
    expect(media).toHaveLength(1);
    const image = await zip.file(media[0])!.async('nodebuffer');
    const size = imageSize(image);
    expect(Math.max(size.width!, size.height!)).toBe(2000);
    expect(image.length).toBeLessThan(original.length / 2);
    expect(statSync(path.join(ws, 'dist/RE-TIZ-02.pdf')).size).toBeLessThan(original.length);
    expect(readFileSync(path.join(ws, 'images/grande.jpg')).equals(original)).toBe(true);
  });
});
