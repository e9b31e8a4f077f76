import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { writeAtomic } from '../util/atomic-write.js';
import path from 'node:path';
import type { Block, SectionView, SheetView } from '../view/model.js';

/**
 * Longest side of a prepared photo (pixels): a photo prints at most 174 mm wide (A4 text width) or
 * 110 mm high (print.css), and 2,000 px over 174 mm is 290 ppi — print resolution.
 */
export const MAX_PHOTO_PIXELS = 2000;
/** Kept for callers of the former scaling step: every photo is now prepared, whatever its weight. */
export const MAX_PHOTO_BYTES = 1.5 * 1024 * 1024;

type PhotoBlock = Extract<Block, { type: 'photo' }>;

function blocksOf(sections: SectionView[]): Block[] {
  return sections.flatMap((s) => [...s.blocks.flatMap((b) => (b.type === 'columns' ? b.columns.flatMap((c) => c.blocks) : [b])), ...blocksOf(s.children)]);
}

/** The photo blocks of views (sections, sub-sections and columns). */
export function photoBlocks(views: readonly SheetView[]): PhotoBlock[] {
  return views.flatMap((v) => blocksOf(v.sections)).filter((b): b is PhotoBlock => b.type === 'photo');
}

/** Prepared copies by hash of their original (see {@link preparePhotos}): file, width and height in pixels. */
export type PreparedPhotos = Map<string, { file: string; width: number; height: number }>;

/** Version of the preparation: a change of the steps below makes new copies (names carry it). */
const RECIPE = 'v2-rotate-strip-2000';

/**
 * Prepares every photo of views once, for every renderer (PDF, DOCX; sheet, booklet, report, double
 * regard), with sharp (already capi's image library, prebuilt for Linux, macOS and Windows):
 * - upright: the EXIF orientation of phone pictures is applied to the pixels (Word and LibreOffice
 *   ignore the tag, Chromium applies it: without this, a portrait photo prints sideways in the DOCX);
 * - without metadata: EXIF, XMP, IPTC and ICC are left out (GPS position, camera, author name are
 *   personal data; colours are converted to sRGB);
 * - at print size: scaled down to fit MAX_PHOTO_PIXELS (never enlarged);
 * - as JPEG (quality 82), or PNG for PNG sources (drawings, transparency).
 * Each copy is written once in `cacheDir`, named by the hash of the original's bytes, and the photo
 * block then points at it with its new size in pixels. The researcher's image is never changed.
 * Views are changed in place; a photo already prepared (in `cacheDir`) is left as it is.
 * `prepared`, when given, remembers the copies between calls (views prepared one at a time, as the
 * booklet does): a photo met again is neither decoded nor measured again.
 * @throws Error from sharp when an image cannot be decoded (photos are checked by `validate` before)
 */
export async function preparePhotos(views: readonly SheetView[], cacheDir: string, prepared: PreparedPhotos = new Map()): Promise<void> {
  const photos = photoBlocks(views).filter((p) => path.dirname(path.resolve(p.file)) !== path.resolve(cacheDir));
  if (photos.length === 0) return;
  const { default: sharp } = await import('sharp');
  await mkdir(cacheDir, { recursive: true });
  const done = prepared;
  for (const photo of photos) {
    const bytes = readFileSync(photo.file);
    const hash = createHash('sha1').update(RECIPE).update(bytes).digest('hex').slice(0, 16);
    let copy = done.get(hash);
    if (!copy) {
      const png = bytes[0] === 0x89 && bytes[1] === 0x50;
      const target = path.join(cacheDir, `${hash}.${png ? 'png' : 'jpg'}`);
      if (!existsSync(target)) {
        // rotate() without angle applies the EXIF orientation; sharp writes no metadata unless asked
        const pipeline = sharp(bytes).rotate().toColourspace('srgb').resize({ width: MAX_PHOTO_PIXELS, height: MAX_PHOTO_PIXELS, fit: 'inside', withoutEnlargement: true });
        const out = await (png ? pipeline.png({ compressionLevel: 9 }) : pipeline.jpeg({ quality: 82, mozjpeg: true })).toBuffer();
        await writeAtomic(target, out);
      }
      const meta = await sharp(target).metadata();
      copy = { file: target, width: meta.width ?? photo.width, height: meta.height ?? photo.height };
      done.set(hash, copy);
    }
    photo.file = copy.file;
    photo.width = copy.width;
    photo.height = copy.height;
  }
}

/** @deprecated the former name of {@link preparePhotos} (which now prepares every photo). */
export const scalePhotos = preparePhotos;
