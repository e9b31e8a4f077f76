import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IMAGE_HEADER_BYTES, readImageHeader } from '../../src/util/image-header.js';
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

  it('gives no type for bytes that are no image, and the file system error for a missing file', () => {
    const text = path.join(dir, 'not-an-image.jpg');
    writeFileSync(text, 'bonjour');
    expect(readImageHeader(text)).toEqual({ bytes: 7 });
    expect(() => readImageHeader(path.join(dir, 'absente.jpg'))).toThrow(/ENOENT/);
  });
});
