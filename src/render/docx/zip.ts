/**
 * Writing the DOCX package (a ZIP, ECMA-376 Part 2): each part deflated by Node's own zlib, the archive
 * put together by fflate's ZIP writer from the deflated parts.
 *
 * Why not `docx`'s own packing (JSZip): JSZip deflates with pako, in JavaScript, and computes its CRCs
 * in JavaScript too; with the fonts embedded in every DOCX that was the largest single cost of a render
 * (profile of `capi render --format docx` on 100 sheets, 2026-11-30: JSZip and pako 15 % of the time,
 * and much of the 14 % spent collecting garbage). Native zlib deflates the same parts about ten times
 * faster, and a part deflated once (a font) can be put in any number of packages as it is.
 */
import { gzipSync } from 'node:zlib';
import { Zip, type ZipInputFile } from 'fflate';

/** A part ready for the archive: its name, its bytes as stored, and what the ZIP headers need. */
export interface ZipPart {
  /** Part name inside the package (`word/document.xml`, no leading slash). */
  name: string;
  /** The stored bytes: raw DEFLATE data (`method` 8) or the part itself (`method` 0). */
  data: Uint8Array;
  /** ZIP compression method: 8 deflate, 0 stored. */
  method: 0 | 8;
  /** CRC-32 of the part's uncompressed bytes. */
  crc: number;
  /** Length of the part's uncompressed bytes. */
  size: number;
}

/**
 * A part deflated with Node's zlib at `level` (0 stores it: photos, already compressed; zlib then only
 * copies it, for the CRC). The CRC-32
 * comes from zlib too: a gzip member (RFC 1952) is a 10-byte header — Node writes no optional field —,
 * the raw DEFLATE data, then the CRC-32 and the length, little-endian.
 *
 * @param content the part's bytes, or its text (written as UTF-8).
 * @throws Error when zlib writes a gzip header with optional fields (never seen; checked so a change
 *   of Node cannot give a broken archive silently).
 */
export function zipPart(name: string, content: Uint8Array | string, level = 6): ZipPart {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const gz = gzipSync(bytes, { level });
  if (gz[3] !== 0) throw new Error('zlib wrote a gzip header with optional fields');
  const crc = gz.readUInt32LE(gz.length - 8);
  if (level === 0) return { name, data: bytes, method: 0, crc, size: bytes.length };
  return { name, data: gz.subarray(10, gz.length - 8), method: 8, crc, size: bytes.length };
}

/**
 * The ZIP archive of `parts`, in their order (the caller puts `[Content_Types].xml` first, as Word does).
 *
 * @param mtime the modification time written in each entry (default now; a fixed date gives the same
 *   bytes for the same parts).
 * @throws Error when fflate refuses an entry (a name over 65,535 bytes, a date before 1980).
 */
export function zipParts(parts: readonly ZipPart[], mtime: Date = new Date()): Buffer {
  const chunks: Uint8Array[] = [];
  let failure: Error | undefined;
  const zip = new Zip((err, chunk) => {
    if (err) failure ??= err;
    else chunks.push(chunk);
  });
  for (const part of parts) {
    const entry: ZipInputFile = { filename: part.name, compression: part.method, crc: part.crc, size: part.size, mtime };
    zip.add(entry);
    entry.ondata!(null, part.data as Uint8Array<ArrayBuffer>, true);
  }
  zip.end();
  if (failure) throw failure;
  return Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
}
