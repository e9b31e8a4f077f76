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
 * Bytes read first: the headers of PNG, GIF, WebP, HEIF and most JPEGs lie in their first bytes; only a
 * JPEG whose EXIF block (a camera's thumbnail) comes before its size needs more, up to
 * {@link IMAGE_HEADER_BYTES}. A thousand sheets' photos of 2–15 MB each were each read 512 KiB deep.
 */
export const IMAGE_FIRST_BYTES = 64 * 1024;

/**
 * Reads the header of an image file synchronously and identifies it with image-size: its first
 * {@link IMAGE_FIRST_BYTES}, then, when image-size cannot tell from them and the file is longer, up to
 * {@link IMAGE_HEADER_BYTES} (what image-size's own `fromFile` reads).
 *
 * @param absPath absolute path of the file.
 * @returns the file size and, when image-size recognises the bytes, the type and dimensions.
 * @throws the file system's error (ENOENT, EACCES, EISDIR…) when the file cannot be opened or read.
 */
export function readImageHeader(absPath: string): ImageHeader {
  const fd = openSync(absPath, 'r');
  try {
    const bytes = fstatSync(fd).size;
    const first = identify(readHead(fd, Math.min(bytes, IMAGE_FIRST_BYTES)));
    if (first || bytes <= IMAGE_FIRST_BYTES) return { bytes, ...first };
    return { bytes, ...identify(readHead(fd, Math.min(bytes, IMAGE_HEADER_BYTES))) };
  } finally {
    closeSync(fd);
  }
}

/** The first `length` bytes of the open file `fd` (fewer if it is shorter by then). */
function readHead(fd: number, length: number): Buffer {
  // (not zero-filled: only the bytes read are used)
  const head = Buffer.allocUnsafe(length);
  return head.subarray(0, readSync(fd, head, 0, length, 0));
}

/** What image-size tells of `head`, or undefined when it cannot tell (not an image, or a header cut short). */
function identify(head: Buffer): Omit<ImageHeader, 'bytes'> | undefined {
  try {
    const size = imageSize(head);
    return { type: size.type, width: size.width, height: size.height, ...(size.orientation ? { orientation: size.orientation } : {}) };
  } catch {
    return undefined;
  }
}
