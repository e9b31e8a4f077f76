import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IMAGE_FIRST_BYTES, IMAGE_HEADER_BYTES, readImageHeader } from '../../src/util/image-header.js';
import { ROOT } from '../helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'capi-image-header-'));
const photo = path.join(ROOT, 'examples/images', 'cooperative-argan-imi-mqourn.png');

describe('readImageHeader: type and size from the first bytes only', () => {
  it('gives the type, the dimensions and the size on disk of a PNG', () => {
    const header = readImageHeader(photo);
    expect(header.type).toBe('png');
    expect(header.width).toBeGreaterThan(0);
    expect(header.height).toBeGreaterThan(0);
    expect(header.bytes).toBe(readFileSync(photo).length);
  });

  it('recognises a photo larger than what it reads (a 2 MB file: header read, size from the file system)', () => {
    const big = path.join(dir, 'big.png');
    const head = readFileSync(photo);
    writeFileSync(big, Buffer.concat([head, Buffer.alloc(2 * 1024 * 1024 - head.length)]));
    const header = readImageHeader(big);
    expect(header.bytes).toBe(2 * 1024 * 1024);
    expect(header.bytes).toBeGreaterThan(IMAGE_HEADER_BYTES);
    expect(header.type).toBe('png');
  });

  it('reads further when the first bytes do not tell: a JPEG whose EXIF block puts its size 130 kB in', () => {
    // SOI, two APP1 (EXIF) segments of 64 kB, the frame header (SOF0: 480 × 640, 3 components), EOI
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0xff, 0xff]), Buffer.alloc(0xffff - 2, 0x20)]);
    const sof0 = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), app1, app1, sof0, Buffer.from([0xff, 0xd9])]);
    const file = path.join(dir, 'exif.jpg');
    writeFileSync(file, jpeg);
    expect(jpeg.indexOf(sof0)).toBeGreaterThan(IMAGE_FIRST_BYTES);
    expect(readImageHeader(file)).toEqual({ bytes: jpeg.length, type: 'jpg', width: 640, height: 480 });
    // the same bytes cut at what is read first: image-size cannot tell
    writeFileSync(file, jpeg.subarray(0, IMAGE_FIRST_BYTES));
    expect(readImageHeader(file)).toEqual({ bytes: IMAGE_FIRST_BYTES });
  });

  it('gives no type for bytes that are no image, and the file system error for a missing file', () => {
    const text = path.join(dir, 'not-an-image.jpg');
    writeFileSync(text, 'bonjour');
    expect(readImageHeader(text)).toEqual({ bytes: 7 });
    expect(() => readImageHeader(path.join(dir, 'absente.jpg'))).toThrow(/ENOENT/);
  });
});
