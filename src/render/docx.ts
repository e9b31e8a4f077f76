/**
 * DOCX renderer: draws a {@link SheetView} as a Word document with the `docx` package.
 *
 * The document uses Word's built-in style ids (Title, Heading1–3, Subtitle, Quote, Caption)
 * restyled in a sober teal/ochre palette, so a Word table of contents and the navigation pane work;
 * lists use real Word numbering; Arabic is right-to-left with a complex-script font; Tifinagh names
 * Noto Sans Tifinagh in every font slot; both fonts are embedded (subsets) so Word shows them where
 * they are not installed. The renderer only formats: labels and order come from the view model.
 *
 * The parts of the document live in `./docx/` (styles, paragraphs, tables, quotes, charts, photos,
 * blocks and sections, page furniture, packing), the way the HTML side is split into partials.
 */
import { Document, type FileChild } from 'docx';
import { writeAtomic } from '../util/atomic-write.js';
import type { SheetView } from '../view/model.js';
import { cleanXmlText } from './docx/text.js';
import { Context } from './docx/context.js';
import { styles } from './docx/styles.js';
import { sectionChildren } from './docx/blocks.js';
import { colophon, footer, header, keyFactsBox, keywords, titleBlock } from './docx/page.js';
import { keepEmbeddedFonts, packDocx } from './docx/pack.js';
import { GREY, MARGIN, OCHRE, PAGE, RULE, TEAL, TEXT_WIDTH } from './docx/layout.js';
import { fieldsTable } from './docx/tables.js';
import { spacer, textParagraph } from './docx/paragraphs.js';

/** Options of the DOCX renderer. */
export interface DocxOptions {
  /** Embed the Arabic and Tifinagh font subsets (default true; about 370 kB, 100 kB once zipped). */
  embedFonts?: boolean;
}

/**
 * Builds the `docx` Document of a sheet (exported for tests and for callers that pack it themselves).
 *
 * @param view the sheet's view model.
 * @returns the document: A4, margins ≈ 2.2 cm, header (title, province and commune with Arabic
 *   names), footer (« id · kind » and « Page X / Y » fields), core properties (title, creator =
 *   authors, subject, description, keywords). The fonts are embedded when the document is packed
 *   ({@link renderDocx}, `packDocx`), not here; `options.embedFonts` is read there.
 * @throws UserError when a photo file cannot be read or is neither PNG nor JPEG.
 */
export async function buildDocument(view: SheetView, _options: DocxOptions = {}): Promise<Document> {
  const ctx = new Context(view.lang);
  const body: FileChild[] = await titleBlock(view);
  for (const section of view.sections) body.push(...(await sectionChildren(section, ctx)));
  body.push(...colophon(view));
  const meta = (s: string): string => cleanXmlText(s);
  return new Document({
    title: meta(view.title),
    subject: meta(view.subtitle ? `${view.kindLabel} — ${view.subtitle}` : view.kindLabel),
    creator: meta(view.authors.join('; ') || view.organisation),
    lastModifiedBy: 'capi',
    description: meta([view.subtitle, view.colophon.citation].filter(Boolean).join(' — ')),
    keywords: meta(keywords(view)),
    styles: styles(view.lang),
    // Word hyphenates French body text itself (the PDF gets soft hyphens from typesetView instead)
    ...(view.lang === 'fr' ? { hyphenation: { autoHyphenation: true } } : {}),
    numbering: { config: ctx.numbering },
    // review edition: the open review comments anchored on their sections (empty otherwise)
    comments: { children: ctx.comments },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: MARGIN,
          },
        },
        headers: { default: header(view) },
        footers: { default: footer(view) },
        children: body,
      },
    ],
  });
}

/**
 * Renders a sheet as a DOCX file in memory.
 *
 * @param view the sheet's view model (strings are plain text; any script).
 * @returns the bytes of the `.docx` (a ZIP/OOXML package).
 * @throws UserError when a photo file cannot be read or is neither PNG nor JPEG.
 */
export async function renderDocx(view: SheetView, options: DocxOptions = {}): Promise<Buffer> {
  return packDocx(await buildDocument(view, options), options.embedFonts !== false);
}

/**
 * Renders a sheet and writes it to `outFile` atomically: the bytes go to a temporary file in the
 * same folder, which is then renamed over `outFile` (a reader never sees half a file; the folder
 * must exist).
 *
 * @throws UserError (photo) or the file system's error (folder missing, permission denied); the
 *   temporary file is removed on failure.
 */
export async function writeDocx(view: SheetView, outFile: string, options: DocxOptions = {}): Promise<void> {
  const data = await renderDocx(view, options);
  await writeAtomic(outFile, data);
}

// ── For the booklet (`./booklet-docx.js`, `capi booklet`): the same sheet-building code ─────────────
export { packDocx };
export {
  styles as docxStyles,
  Context as DocxContext,
  sectionChildren,
  header as sheetHeader,
  textParagraph,
  fieldsTable,
  keyFactsBox,
  spacer,
  keepEmbeddedFonts,
  PAGE,
  MARGIN,
  TEXT_WIDTH,
  TEAL,
  OCHRE,
  GREY,
  RULE,
};
