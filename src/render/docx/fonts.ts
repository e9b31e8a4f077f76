/**
 * Fonts for the DOCX renderer: the names the document asks for, and the TrueType data embedded in
 * it so that Word shows Arabic and Tifinagh even where Noto is not installed.
 *
 * The project has the Noto fonts only as web fonts (`@fontsource/*`, WOFF and WOFF2). WOFF 1.0
 * (W3C Recommendation, 2012, §5 "Font data tables") stores each sfnt table zlib-compressed, so
 * turning it back into a TTF is a matter of inflating each table and writing an sfnt header;
 * WOFF2 (Brotli plus glyf transforms) is not used here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { FONTS } from '../design.js';

/** Body font (Latin): the design's body font, embedded. */
export const BODY_FONT = FONTS.body;
/** Title, headings, labels, header and footer: the design's heading font, embedded. */
export const HEADING_FONT = FONTS.heading;
/** Complex-script font for Arabic runs. */
export const ARABIC_FONT = FONTS.arabic;
/** Font for Tifinagh runs, named in every slot (ascii, hAnsi, cs, eastAsia). */
export const TIFINAGH_FONT = FONTS.tifinagh;

/** A font to embed: its family name and TrueType (sfnt) bytes. */
export interface EmbeddedFont {
  name: string;
  data: Buffer;
}

/**
 * Converts a WOFF 1.0 file to the TrueType/OpenType (sfnt) file it wraps.
 *
 * @param woff the bytes of a `.woff` file (signature `wOFF`).
 * @returns the sfnt bytes (tables in directory order, 4-byte aligned, checksums from the WOFF
 *   directory; `head.checkSumAdjustment` is kept as WOFF preserves it).
 * @throws Error when the data is not WOFF 1.0 or a table is truncated or fails to inflate.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < 44 || woff.readUInt32BE(0) !== 0x774f4646) {
    throw new Error('not a WOFF 1.0 file (signature wOFF expected)');
  }
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  interface Table {
    tag: number;
    checksum: number;
    data: Buffer;
  }
  const tables: Table[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const tag = woff.readUInt32BE(at);
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const checksum = woff.readUInt32BE(at + 16);
    if (offset + compLength > woff.length) throw new Error('WOFF table extends past the end of the file');
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
    if (data.length !== origLength) throw new Error('WOFF table has the wrong length after inflating');
    tables.push({ tag, checksum, data });
  }
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const headerSize = 12 + numTables * 16;
  const pad = (n: number): number => (n + 3) & ~3;
  const total = tables.reduce((sum, t) => sum + pad(t.data.length), headerSize);
  const out = Buffer.alloc(total);
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerSize;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(out, offset);
    offset += pad(t.data.length);
  });
  return out;
}

const require = createRequire(import.meta.url);
let cache: EmbeddedFont[] | undefined;

/**
 * The fonts embedded in every DOCX: the body and heading fonts (the `latin` subsets of Noto Serif and
 * Noto Sans: French with œ, €, guillemets and typographic spaces), the `arabic` subset of Noto Naskh
 * Arabic and the `tifinagh` subset of Noto Sans Tifinagh, weight 400, converted from the `@fontsource`
 * WOFF files (read once, then cached). Word draws bold and italic from them where the faces are not
 * installed (the `docx` package embeds regular faces only).
 *
 * @throws Error when a `@fontsource` package is missing or its file is not valid WOFF.
 */
export function embeddedFonts(): EmbeddedFont[] {
  if (cache) return cache;
  const load = (pkg: string, file: string): Buffer =>
    woffToSfnt(readFileSync(require.resolve(`@fontsource/${pkg}/files/${file}`)));
  cache = [
    { name: BODY_FONT, data: load('noto-serif', 'noto-serif-latin-400-normal.woff') },
    { name: HEADING_FONT, data: load('noto-sans', 'noto-sans-latin-400-normal.woff') },
    { name: ARABIC_FONT, data: load('noto-naskh-arabic', 'noto-naskh-arabic-arabic-400-normal.woff') },
    { name: TIFINAGH_FONT, data: load('noto-sans-tifinagh', 'noto-sans-tifinagh-tifinagh-400-normal.woff') },
  ];
  return cache;
}
