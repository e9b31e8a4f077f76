/**
 * What a printed page loads besides its HTML: the package's templates folder and the @fontsource fonts
 * (their families, files and folders), and the fonts of the running header and footer. Light on
 * purpose (node: modules only): the PDF renderer (./pdf.js) needs them to set up its browser, which it
 * starts before the HTML renderer (./html.js: handlebars, the table layout's font metrics…) is loaded
 * (the launch ~0.13 s earlier; no command measurably shorter on 2 cores, where the browser's start
 * already overlaps Node's own work: docs/performance.md, tests7).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The package's own `templates/` folder (works from `src/render/` and from `build/render/`). */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** One family of @fontsource files used by the stylesheet. */
export interface FontSpec {
  pkg: string;
  family: string;
  subsets: string[];
  faces: Array<{ weight: number; style: 'normal' | 'italic' }>;
  /** CSS `size-adjust`, to match the visual size of the Latin text (Naskh looks small at equal size). */
  sizeAdjust?: string;
}

export const FONTS: FontSpec[] = [
  {
    pkg: 'noto-serif',
    family: 'Noto Serif',
    subsets: ['latin', 'latin-ext'],
    faces: [
      { weight: 400, style: 'normal' },
      { weight: 400, style: 'italic' },
      { weight: 700, style: 'normal' },
      { weight: 700, style: 'italic' },
    ],
  },
  {
    pkg: 'noto-sans',
    family: 'Noto Sans',
    subsets: ['latin', 'latin-ext'],
    faces: [
      { weight: 400, style: 'normal' },
      { weight: 400, style: 'italic' },
      { weight: 600, style: 'normal' },
      { weight: 700, style: 'normal' },
    ],
  },
  {
    pkg: 'noto-naskh-arabic',
    family: 'Noto Naskh Arabic',
    subsets: ['arabic'],
    sizeAdjust: '112%',
    faces: [
      { weight: 400, style: 'normal' },
      { weight: 700, style: 'normal' },
    ],
  },
  {
    pkg: 'noto-sans-tifinagh',
    family: 'Noto Sans Tifinagh',
    subsets: ['tifinagh'],
    faces: [{ weight: 400, style: 'normal' }],
  },
];

/** Absolute path of a @fontsource woff2 file, e.g. (`noto-serif`, `latin`, 400, `italic`). */
export function fontFile(pkg: string, subset: string, weight: number, style: string): string {
  return require.resolve(`@fontsource/${pkg}/files/${pkg}-${subset}-${weight}-${style}.woff2`);
}

/** Unicode ranges of the subsets of a @fontsource package (its `unicode.json`). */
export function unicodeRanges(pkg: string): Record<string, string> {
  return JSON.parse(readFileSync(require.resolve(`@fontsource/${pkg}/unicode.json`), 'utf8')) as Record<
    string,
    string
  >;
}

/**
 * Folders holding the font files the stylesheet refers to (one per @fontsource package), for the PDF
 * renderer's list of allowed `file://` URLs.
 */
export function fontDirs(): string[] {
  return FONTS.map((f) => dirname(fontFile(f.pkg, f.subsets[0]!, f.faces[0]!.weight, f.faces[0]!.style)));
}

/**
 * CSS font shorthands of the running header and footer (@page margin boxes), loaded before printing so
 * the margins never wait for a font.
 */
export const MARGIN_FONTS = ["400 10px 'Noto Sans'", "400 10px 'Noto Naskh Arabic'", "400 10px 'Noto Sans Tifinagh'"];
