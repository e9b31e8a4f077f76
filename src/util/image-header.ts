import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { imageSize } from 'image-size';

/**
 * Bytes read from the start of an image to learn its type and size: the amount image-size's own
 * `fromFile` reads (512 KiB), enough for the headers of PNG, JPEG (past a large EXIF block), GIF, WebP,
 * HEIF, TIFF and SVG, without reading whole photos of up to 15 MB.
 */
export const IMAGE_HEADER_BYTES = 512 * 1024;

/** What the start of an image file tells: its size on disk, and its type and dimensions when known. */
export interface ImageHeader {
  /** Size of the file, in bytes. */
  bytes: number;
  /** Type by content, as image-size names it (`png`, `jpg`, `heif`, `svg`, …); undefined when unknown. */
  type?: string;
  /** Width and height in pixels as stored (before any EXIF rotation); undefined when unknown. */
  width?: number;
  height?: number;
  /** EXIF orientation (1–8) of a JPEG, when present. */
  orientation?: number;
}

/**
 * Reads the header of an image file synchronously (at most {@link IMAGE_HEADER_BYTES}) and identifies it
 * with image-size.
 *
 * @param absPath absolute path of the file.
 * @returns the file size and, when image-size recognises the bytes, the type and dimensions.
 * @throws the file system's error (ENOENT, EACCES, EISDIR…) when the file cannot be opened or read.
 */
export function readImageHeader(absPath: string): ImageHeader {
  const fd = openSync(absPath, 'r');
  try {
    const bytes = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(bytes, IMAGE_HEADER_BYTES));
    const read = readSync(fd, head, 0, head.length, 0);
    try {
      const size = imageSize(head.subarray(0, read));
      return { bytes, type: size.type, width: size.width, height: size.height, ...(size.orientation ? { orientation: size.orientation } : {}) };
    } catch {
      return { bytes };
    }
  } finally {
    closeSync(fd);
  }
}
