import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { writeAtomic } from '../util/atomic-write.js';
import path from 'node:path';
import type { Block, SectionView, SheetView } from '../view/model.js';

/** Photos wider or taller than this (pixels) are scaled down: 2,000 px print well at A4 width. */
export const MAX_PHOTO_PIXELS = 2000;
/** Photos heavier than this (bytes) are re-encoded even when their size in pixels is fine. */
export const MAX_PHOTO_BYTES = 1.5 * 1024 * 1024;

function blocksOf(sections: SectionView[]): Block[] {
  return sections.flatMap((s) => [...s.blocks.flatMap((b) => (b.type === 'columns' ? b.columns.flatMap((c) => c.blocks) : [b])), ...blocksOf(s.children)]);
}

/**
 * Scales down the oversized photos of views (phone pictures of 4,000 px and 6 MB) with sharp, so PDFs
 * and DOCX files stay light: a photo larger than MAX_PHOTO_PIXELS or heavier than MAX_PHOTO_BYTES is
 * written once, scaled to fit MAX_PHOTO_PIXELS (JPEG stays JPEG, PNG stays PNG), in `cacheDir`, named
 * by the hash of its bytes; the photo block then points at the copy, with its new size. The researcher's
 * image is never changed. Views are changed in place.
 */
export async function scalePhotos(views: SheetView[], cacheDir: string): Promise<void> {
  const photos = views.flatMap((v) => blocksOf(v.sections)).filter((b): b is Extract<Block, { type: 'photo' }> => b.type === 'photo');
  const big = photos.filter((p) => p.width > MAX_PHOTO_PIXELS || p.height > MAX_PHOTO_PIXELS || sizeOf(p.file) > MAX_PHOTO_BYTES);
  if (big.length === 0) return;
  const { default: sharp } = await import('sharp');
  await mkdir(cacheDir, { recursive: true });
  for (const photo of big) {
    const bytes = readFileSync(photo.file);
    const png = bytes[0] === 0x89 && bytes[1] === 0x50;
    const target = path.join(cacheDir, `${createHash('sha1').update(bytes).digest('hex').slice(0, 16)}.${png ? 'png' : 'jpg'}`);
    if (!existsSync(target)) {
      const pipeline = sharp(bytes).rotate().resize({ width: MAX_PHOTO_PIXELS, height: MAX_PHOTO_PIXELS, fit: 'inside', withoutEnlargement: true });
      const out = await (png ? pipeline.png({ compressionLevel: 9 }) : pipeline.jpeg({ quality: 82, mozjpeg: true })).toBuffer();
      await writeAtomic(target, out);
    }
    const meta = await sharp(target).metadata();
    photo.file = target;
    photo.width = meta.width ?? photo.width;
    photo.height = meta.height ?? photo.height;
  }
}

function sizeOf(file: string): number {
  try {
    return readFileSync(file).length;
  } catch {
    return 0;
  }
}
