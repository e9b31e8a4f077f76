/**
 * Fonts for the DOCX renderer: the names the document asks for, and the TrueType data embedded in
 * it so that Word shows Arabic and Tifinagh even where Noto is not installed.
 *
 * The project has the Noto fonts only as web fonts (`@fontsource/*`, WOFF and WOFF2). WOFF 1.0
 * (W3C Recommendation, 2012, §5 "Font data tables") stores each sfnt table zlib-compressed, so
 * turning it back into a TTF is a matter of inflating each table and writing an sfnt header;
 * WOFF2 (Brotli plus glyf transforms) is not used here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { FONTS } from '../design.js';
import { zipPart, type ZipPart } from './zip.js';

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

/** A font as embedded in a package: its family, its key and its obfuscated, deflated part. */
export interface FontPart {
  /** Family name, as `w:font w:name` gives it. */
  name: string;
  /**
   * The obfuscation key, a GUID (`8-4-4-4-12` lower-case hexadecimal digits, without braces): LibreOffice
   * reads only lower-case digits (with « {83E9598D-… } » it could not use the Arabic font, and shaped
   * no Arabic word: seen in test/render/docx-word.test.ts).
   */
  key: string;
  /** The `.odttf` part, deflated (its `name` is set when the package is written). */
  part: ZipPart;
}

/** Deflated `.odttf` parts, by the SHA-256 of the font's bytes (content-addressed: one entry per font and glyph set). */
const fontParts = new Map<string, { key: string; part: ZipPart }>();
/** The content hash of each font object seen, so a font is hashed once per run. */
const fontHashes = new WeakMap<EmbeddedFont, string>();

/**
 * The obfuscated font of ECMA-376 Part 1, §17.8.1 ("Font Embedding"): the first 32 bytes of the font XORed
 * with the 16 bytes of `key` taken from its last hexadecimal pair to its first, twice over.
 */
export function obfuscateFont(data: Uint8Array, key: string): Uint8Array {
  const hex = key.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a GUID: ${key}`);
  const bytes = Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(30 - 2 * i, 32 - 2 * i), 16));
  const out = Uint8Array.from(data);
  for (let i = 0; i < Math.min(32, out.length); i++) out[i]! ^= bytes[i % 16]!;
  return out;
}

/**
 * The part of `font` to embed, made once per run and then reused by every DOCX (sheets and booklets):
 * obfuscated with a key derived from the font's own SHA-256 (so the same font gives the same bytes in
 * every package, and a font with other glyphs gets another key and another entry), deflated at zlib's
 * level 6. Measured on the four fonts (430 kB): deflating them took about 11 ms per document, the
 * first cost of a DOCX after the XML; a hit costs a map lookup. Not kept on disk: making the four
 * entries once per run costs about 15 ms, less than reading a cache folder would save on a 2-core machine.
 */
export function fontPart(font: EmbeddedFont): FontPart {
  let hash = fontHashes.get(font);
  if (!hash) {
    hash = createHash('sha256').update(font.data).digest('hex');
    fontHashes.set(font, hash);
  }
  let entry = fontParts.get(hash);
  if (!entry) {
    const key = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
    entry = { key, part: zipPart('', obfuscateFont(font.data, key)) };
    fontParts.set(hash, entry);
  }
  return { name: font.name, key: entry.key, part: entry.part };
}

/** How many font parts the cache holds (for tests of the cache). */
export function fontPartsMade(): number {
  return fontParts.size;
}

/** Empties the cache of font parts, so the next package makes them again (for tests: an uncached run). */
export function forgetFontParts(): void {
  fontParts.clear();
}
