/**
 * The design of capi's publications, in one place: colours, fonts, type sizes and spacing that both
 * renderers read, so that a sheet's PDF and its DOCX look like one publication.
 *
 * - The PDF side gets them as CSS custom properties (`designCss()`, put before `templates/print.css`,
 *   which only uses `var(--…)`: `--colour-teal`, `--size-body`, `--space-h1-before`…).
 * - The DOCX side converts them with `docxColour()`, `halfPoints()` and `twips()` (see
 *   `./docx/styles.ts`): Word wants hex colours without `#`, sizes in half-points and spacing in
 *   twentieths of a point.
 *
 * test/render/design.test.ts checks that every token is used by both sides, that no colour is written
 * outside the tokens (CSS literal or DOCX hex string), and that the CSS and DOCX values agree.
 */

/** Colours (CSS hex `#rrggbb`). The palette: deep teal for structure, ochre for accents. */
export const COLOURS = {
  /** Structure: title, headings, labels, table headers, rules of the masthead. */
  teal: '#0b5258',
  /** Second-level headings. */
  teal2: '#2f7f83',
  /** Ground of the key-facts box, of label cells and of the France-side column head. */
  tealTint: '#edf5f4',
  /** Accents: kind label, heading underline, bullets, quote bar. */
  ochre: '#b9781f',
  /** Ground of quotes and of the territory-side column head. */
  ochreTint: '#fbf3e4',
  /** Small text on an ochre tint (the accent ochre is too light at 9 pt). */
  ochreDark: '#8a5914',
  /** Body text. */
  ink: '#1e2a2d',
  /** Secondary text: subtitle, captions, attributions, header/footer, colophon. */
  muted: '#5b6b6e',
  /** Thin rules between table rows, columns, header and footer. */
  rule: '#cfdcdb',
  /** Text on teal (table header, booklet cover). */
  paper: '#ffffff',
  /** Every other row of a data table. */
  zebra: '#f6f9f9',
  /** Mark of what must not be published (non-consented quote). */
  alert: '#8a2b1f',
  /** Light accent text on the teal booklet cover. */
  coverAccent: '#f3d9ae',
  /** Secondary text on the teal booklet cover. */
  coverMuted: '#d8e8e6',
  /** The « BROUILLON » watermark across a draft's pages: the ochre at 14 % opacity (`#rrggbbaa`). */
  watermark: '#b9781f24',
} as const;

/**
 * Colour tokens only the PDF uses: the booklet's cover is printed on a full-bleed teal ground in the PDF,
 * which a Word section cannot have (a page colour is the whole document's), so the DOCX cover is on
 * white paper in teal and ochre; the draft's watermark is a band at the top of the DOCX header instead.
 */
export const PDF_ONLY_COLOURS: readonly ColourToken[] = ['coverAccent', 'coverMuted', 'watermark'];

/** Font families (the @fontsource packages of `src/render/html.ts`; embedded in the DOCX). */
export const FONTS = {
  /** Running text, quotes, the key-facts values. */
  body: 'Noto Serif',
  /** Title, headings, labels, tables' header cells, captions, header and footer. */
  heading: 'Noto Sans',
  /** Arabic runs (complex-script slot in Word). */
  arabic: 'Noto Naskh Arabic',
  /** Tifinagh runs. */
  tifinagh: 'Noto Sans Tifinagh',
} as const;

/** Type sizes in points. */
export const SIZES = {
  /** Running text. */
  body: 10.5,
  /** Title of the sheet (first page). */
  title: 19,
  /** Subtitle under the title (the project's name). */
  subtitle: 12,
  /** Level-1 section heading. */
  h1: 13.5,
  /** Level-2 heading. */
  h2: 11,
  /** Level-3 heading. */
  h3: 10,
  /** Lead paragraph of the first page (what the project is). */
  lead: 11,
  /** Small capitals labels: kind of sheet, key-facts title, field labels, table header cells. */
  label: 8.5,
  /** Table cells and key-facts values. */
  table: 9.5,
  /** Original of a quote in Latin script. */
  quote: 11,
  /** Original of a quote in Arabic or Tifinagh. */
  quoteScript: 12.5,
  /** Captions, masthead place and authors lines. */
  caption: 8.5,
  /** Attribution of a quote. */
  attribution: 8,
  /** Running header and footer (issue 12: at least 8 pt). */
  margin: 8,
  /** Colophon. */
  colophon: 7.5,
  /** Booklet cover: the organisation's name, the kicker (number of sheets), title, subtitle, date and place. */
  coverOrg: 11,
  coverKicker: 10,
  coverTitle: 32,
  coverSubtitle: 14,
  coverDate: 20,
  coverPlace: 10,
  /** Diameter of a mark of a rating meter (CSS width/height; DOCX: the size of the ● glyph drawing it). */
  meter: 7,
} as const;

/** Spacing in points (before/after paragraphs and headings). */
export const SPACING = {
  /** After a body paragraph. */
  paragraph: 6,
  /** Before and after a level-1 heading. */
  h1Before: 16,
  h1After: 7,
  /** Before and after a level-2 heading. */
  h2Before: 11,
  h2After: 5,
  /** Before and after a level-3 heading. */
  h3Before: 9,
  h3After: 4,
  /** After the key-facts box of the first page. */
  facts: 16,
} as const;

/**
 * A4 page margins in millimetres (the text area is 174 × 255 mm), for the PDF's `@page` rule and the
 * DOCX's section; the running header and footer sit in the top and bottom margins.
 */
export const PAGE_MARGINS_MM = { top: 22, right: 18, bottom: 20, left: 18 } as const;

/** Distance from the page edge to the running header and to the footer, in millimetres (DOCX; the PDF's margin boxes fill the margin). */
export const MARGIN_BOX_MM = { header: 11, footer: 10 } as const;

/** Millimetres → twips (1 mm = 1440 / 25.4 twips). */
export function mmTwips(mm: number): number {
  return Math.round((mm * 1440) / 25.4);
}

/** Line height of running text, as a multiple of the font size. */
export const LINE_HEIGHT = 1.45;

/**
 * Characters in a full line of body text at the text's measure (34 em of the body size; 64–76 measured
 * in the examples, ragged right with hyphenation): the unit of `KEEP_WHOLE_CHARS`.
 */
export const LINE_CHARS = 80;

/**
 * A paragraph or list item of at most this many characters (about three lines of body text) is never
 * split across two pages (`.short` in the PDF: `break-inside: avoid`): it cannot split without leaving
 * one line alone at a page's foot or top. Word does the same with its widow control (`w:widowControl`,
 * set on every narrative paragraph of the DOCX); Chromium drops `orphans`/`widows` when a paragraph is
 * too short to satisfy both and breaks after its first line — RE-TAR-02 left « Entre 2016 et 2019, … Il
 * a fi- » alone under its heading at the foot of page 3. A longer paragraph keeps `orphans: 2;
 * widows: 2`. Counting generously costs at most a line or two carried over.
 */
export const KEEP_WHOLE_CHARS = 3 * LINE_CHARS;

/** Width of the organisation's logo on the first page, in millimetres. */
export const LOGO_WIDTH_MM = 28;

export type ColourToken = keyof typeof COLOURS;
export type SizeToken = keyof typeof SIZES;
export type SpacingToken = keyof typeof SPACING;

/** `ochreTint` → `ochre-tint`, `h1Before` → `h1-before`, `teal2` → `teal2`: the CSS spelling of a token name. */
export function cssName(token: string): string {
  return token.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** A CSS font stack: the family, then the Arabic and Tifinagh fonts, then the generic family. */
function stack(family: string, generic: 'serif' | 'sans-serif'): string {
  return `'${family}', '${FONTS.arabic}', '${FONTS.tifinagh}', ${generic}`;
}

/**
 * The tokens as CSS custom properties on `:root`, for the top of every stylesheet:
 * `--colour-<name>` (hex), `--size-<name>` (pt), `--space-<name>` (pt), `--line-height`,
 * `--serif` / `--sans` (body and heading stacks), `--arabic`, `--tifinagh`, `--logo-width` (mm); then
 * the `@page` rule with the page margins of {@link PAGE_MARGINS_MM}.
 */
export function designCss(): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(COLOURS)) lines.push(`  --colour-${cssName(name)}: ${value};`);
  for (const [name, value] of Object.entries(SIZES)) lines.push(`  --size-${cssName(name)}: ${value}pt;`);
  for (const [name, value] of Object.entries(SPACING)) lines.push(`  --space-${cssName(name)}: ${value}pt;`);
  lines.push(`  --line-height: ${LINE_HEIGHT};`);
  lines.push(`  --serif: ${stack(FONTS.body, 'serif')};`);
  lines.push(`  --sans: ${stack(FONTS.heading, 'sans-serif')};`);
  lines.push(`  --arabic: '${FONTS.arabic}', '${FONTS.body}', serif;`);
  lines.push(`  --tifinagh: '${FONTS.tifinagh}', '${FONTS.heading}', sans-serif;`);
  lines.push(`  --logo-width: ${LOGO_WIDTH_MM}mm;`);
  const m = PAGE_MARGINS_MM;
  return (
    `/* Design tokens: generated from src/render/design.ts (do not edit here). */\n:root {\n${lines.join('\n')}\n}\n` +
    `@page { size: A4; margin: ${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm; }\n`
  );
}

/** A colour token for Word: `#0b5258` → `0B5258`. */
export function docxColour(token: ColourToken): string {
  return COLOURS[token].slice(1).toUpperCase();
}

/** A size token for Word run sizes, in half-points: 10.5 pt → 21. */
export function halfPoints(token: SizeToken): number {
  return Math.round(SIZES[token] * 2);
}

/** Half-points of a ● or ○ glyph (about 0.6 em wide in Noto) whose disc is the meter token's diameter. */
export function meterGlyphHalfPoints(): number {
  return Math.round((SIZES.meter / 0.6) * 2);
}

/** Points → twips (twentieths of a point), Word's unit for spacing: 6 pt → 120. */
export function twips(points: number): number {
  return Math.round(points * 20);
}

/** A spacing token in twips. */
export function spacingTwips(token: SpacingToken): number {
  return twips(SPACING[token]);
}

/**
 * The natural line height of Noto Serif and Noto Sans (ascender 1069 + descender 293 over 1000 units
 * per em): what Word and LibreOffice call single spacing for these fonts.
 */
const NOTO_LINE = 1.362;

/**
 * Word's `w:line` value for « auto » line spacing (240ths of a single line) that gives the CSS line
 * height `multiple` (times the font size) with Noto: 1.45 → 256.
 */
export function wordLine(multiple = LINE_HEIGHT): number {
  return Math.round((multiple / NOTO_LINE) * 240);
}

/** Every token as one string, for the render cache's key (a change of design re-renders every file). */
export function designFingerprint(): string {
  return JSON.stringify({ COLOURS, FONTS, SIZES, SPACING, LINE_HEIGHT, LOGO_WIDTH_MM, PAGE_MARGINS_MM, MARGIN_BOX_MM });
}
