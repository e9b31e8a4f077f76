import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import JSZip from 'jszip';
import { ROOT, runCli } from '../helpers.js';
import { MAX_PHOTO_PIXELS } from '../../src/render/photos.js';

/**
 * Every photo of every output comes from one prepared copy: upright (EXIF orientation applied), without
 * metadata (EXIF, XMP: GPS position, camera, author), at print size. Checked on the bytes of every image
 * embedded in the DOCX and in the PDF, for a portrait phone photo stored sideways with EXIF orientation 6
 * (upright in Chromium, sideways in Word and LibreOffice before) and for a landscape photo carrying a GPS
 * position and an author in its EXIF.
 */
let ws = '';
let cli: Awaited<ReturnType<typeof runCli>>;
const FIXTURE = path.join(ROOT, 'test/fixtures/layout');

/** The images embedded in a DOCX (word/media) and in a PDF (`pdfimages -all`), as file bytes. */
async function embedded(file: string): Promise<Buffer[]> {
  if (file.endsWith('.docx')) {
    const zip = await JSZip.loadAsync(readFileSync(file));
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/') && !f.endsWith('/'));
    return Promise.all(media.map((f) => zip.file(f)!.async('nodebuffer')));
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'capi-pdfimages-'));
  try {
    execFileSync('pdfimages', ['-all', file, path.join(dir, 'img')]);
    return readdirSync(dir).sort().map((f) => readFileSync(path.join(dir, f)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-photo-prep-'));
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true, filter: (s) => !s.includes(`${path.sep}dist`) });
  mkdirSync(path.join(ws, 'images'), { recursive: true });
  cpSync(path.join(FIXTURE, 'portrait-phone-photo-exif-6.jpg'), path.join(ws, 'images/portrait-phone-photo-exif-6.jpg'));
  cpSync(path.join(FIXTURE, 'sheet-with-portrait-phone-photo.yaml'), path.join(ws, 're/RE-TIZ-71.yaml'));
  // a landscape photo that tells where and by whom it was taken
  const gps = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#7a9' } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Salma Ait Lhaj', Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '29/1 43/1 0/1' } })
    .toBuffer();
  writeFileSync(path.join(ws, 'images/gps.jpg'), gps);
  const sheet = path.join(ws, 're/RE-TIZ-02.yaml');
  const text = readFileSync(sheet, 'utf8');
  writeFileSync(sheet, `${text.replace(/\nphotos:[\s\S]*?(?=\n\S|$)/, '')}\nphotos:\n  - fichier: ../images/gps.jpg\n    legende: Le poste électrique\n    credit: Test\n    consentement: true\n`);
  cli = await runCli(['render', 're/RE-TIZ-71.yaml', 're/RE-TIZ-02.yaml', '--format', 'docx,pdf', '--out', 'dist'], { cwd: ws });
}, 180_000);
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('photos prepared once for every renderer', () => {
  it('renders both sheets', () => {
    expect(cli.stderr).toMatch(/2 fiches produites, 0 en échec/);
  });

  for (const [id, portrait] of [['RE-TIZ-71', true], ['RE-TIZ-02', false]] as const) {
    for (const format of ['docx', 'pdf']) {
      it(`${id}.${format}: the photo is ${portrait ? 'upright (portrait)' : 'landscape'}, without EXIF or XMP, at most ${MAX_PHOTO_PIXELS} px`, async () => {
        const images = await embedded(path.join(ws, 'dist', `${id}.${format}`));
        const metas = await Promise.all(images.map((bytes) => sharp(bytes).metadata()));
        // the sheet's one photo is its largest image (a logo or an ornament is smaller)
        const meta = metas.sort((a, b) => b.width! * b.height! - a.width! * a.height!)[0];
        expect(meta, 'no image in the file').toBeDefined();
        expect(meta!.exif, 'EXIF left in the image').toBeUndefined();
        expect(meta!.xmp, 'XMP left in the image').toBeUndefined();
        expect(meta!.orientation ?? 1).toBe(1);
        expect(Math.max(meta!.width!, meta!.height!)).toBeLessThanOrEqual(MAX_PHOTO_PIXELS);
        expect(meta!.height! > meta!.width!).toBe(portrait);
      });
    }
  }

  it('leaves the researcher\'s photo as it was (EXIF orientation 6 still there)', async () => {
    const meta = await sharp(readFileSync(path.join(ws, 'images/portrait-phone-photo-exif-6.jpg'))).metadata();
    expect(meta.orientation).toBe(6);
  });
});
