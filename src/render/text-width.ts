/**
 * Width of a line of text as printed, from the advance widths of the design's fonts (the same
 * `@fontsource` Noto files the PDF loads and the DOCX embeds), read with fontkit. Used to give the
 * columns that must not wrap (amounts, codes, dates) the room their longest token really takes, in
 * both renderers.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create, type Font } from 'fontkit';

const require = createRequire(import.meta.url);
const cache = new Map<string, Font>();

/** The Noto faces capi prints table text with: the body serif and the heading sans, regular or bold. */
export type Face = 'serif' | 'serif-bold' | 'sans' | 'sans-bold';

const FILES: Record<Face, string> = {
  serif: 'noto-serif/files/noto-serif-latin-400-normal.woff',
  'serif-bold': 'noto-serif/files/noto-serif-latin-700-normal.woff',
  sans: 'noto-sans/files/noto-sans-latin-400-normal.woff',
  'sans-bold': 'noto-sans/files/noto-sans-latin-700-normal.woff',
};

function font(face: Face): Font {
  let f = cache.get(face);
  if (!f) {
    f = create(readFileSync(require.resolve(`@fontsource/${FILES[face]}`))) as Font;
    cache.set(face, f);
  }
  return f;
}

/**
 * Advance width of `text` on one line, in points, set in `face` at `size` points (kerning included;
 * no-break and thin no-break spaces count with their own widths). A character missing from the Latin
 * subset counts as the font's `.notdef` width, which is never narrower than a figure.
 * @throws Error when the `@fontsource` package of the face is missing.
 */
export function textWidth(text: string, face: Face, size: number): number {
  return advance(text, face) * size;
}

/** Advance widths already measured, in ems, by face and text (a table measures the same cells for each renderer). */
const advances = new Map<string, number>();

/** Advance width of `text` in `face`, in ems (fontkit's layout, kerning included), measured once per run. */
function advance(text: string, face: Face): number {
  const key = `${face}\u0000${text}`;
  let ems = advances.get(key);
  if (ems === undefined) {
    const f = font(face);
    ems = f.layout(text).advanceWidth / f.unitsPerEm;
    advances.set(key, ems);
  }
  return ems;
}
