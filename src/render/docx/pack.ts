/** Packing a `docx` Document into DOCX bytes (one compression pass, embedded fonts kept). */
import { Document, Packer } from 'docx';
import JSZip from 'jszip';
import { finishForWord } from './word.js';

type DocxCompiler = { compile(file: Document, prettify?: unknown, overrides?: unknown[]): JSZip };

/**
 * Packs a document into DOCX bytes in one compression pass: the package from `docx`'s compiler, with
 * `word/settings.xml` patched to keep embedded fonts (see `keepEmbeddedFonts`) and finished as Word
 * writes packages (`finishForWord`: unique ids, cached fields, no empty parts, theme), deflated at level 1 —
 * the embedded fonts made level 6 the slowest step of a render (measured: npm run bench). Falls back to
 * `Packer.toBuffer` and a second pass if the compiler is not where docx 9.7 keeps it.
 *
 * Why the private `Packer.compiler`, and so why package.json pins `docx` to exactly 9.7.1: docx 9's
 * public API has no equivalent. `Packer.pack`/`toBuffer` always deflate at JSZip's default level 6 and
 * give no package before compression; their public `overrides` argument replaces a part only with a
 * whole file, so keeping fonts that way means writing all of `word/settings.xml` ourselves (docx's
 * compatibility, numbering and comment settings included) instead of adding two flags. The public
 * route (`toBuffer`, then unzip, patch and zip again) took 77–87 ms against 31 ms for a sheet with
 * embedded fonts (fastest of 15 runs each, test/fixtures/views/re-sample.json, 2026-11-30).
 * test/render/docx-pack.test.ts fails if an upgrade moves the compiler, so the pin is raised on purpose.
 */
export async function packDocx(doc: Document, keepFonts: boolean): Promise<Buffer> {
  const compiler = (Packer as unknown as { compiler?: DocxCompiler }).compiler;
  if (!compiler?.compile) {
    const packed = await Packer.toBuffer(doc);
    const zip = await JSZip.loadAsync(keepFonts ? await keepEmbeddedFonts(packed) : packed);
    await finishForWord(zip);
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
  }
  const zip = compiler.compile(doc, undefined, []);
  if (keepFonts) {
    const part = zip.file('word/settings.xml');
    if (part) zip.file('word/settings.xml', withFontFlags(await part.async('string')));
  }
  await finishForWord(zip);
  return zip.generateAsync({
    type: 'nodebuffer',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    compression: 'DEFLATE',
    compressionOptions: { level: 1 },
  });
}

/** `word/settings.xml` with `<w:embedTrueTypeFonts/><w:saveSubsetFonts/>` in schema order. */
function withFontFlags(xml: string): string {
  if (xml.includes('<w:embedTrueTypeFonts')) return xml;
  const flags = '<w:embedTrueTypeFonts/><w:saveSubsetFonts/>';
  // Schema order: …, displayBackgroundShape, printPostScriptOverText, …, embedTrueTypeFonts, …
  return xml.includes('<w:displayBackgroundShape/>') ? xml.replace('<w:displayBackgroundShape/>', `<w:displayBackgroundShape/>${flags}`) : xml.replace(/(<w:settings\b[^>]*>)/, `$1${flags}`);
}

/**
 * Adds `<w:embedTrueTypeFonts/><w:saveSubsetFonts/>` to `word/settings.xml` (ECMA-376 Part 1,
 * §17.15.1.42 and §17.15.1.76), which `docx` does not write: Word then keeps the embedded fonts when
 * the coordinator saves the commented file, instead of dropping them.
 */
export async function keepEmbeddedFonts(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const part = zip.file('word/settings.xml');
  if (!part) return docx;
  zip.file('word/settings.xml', withFontFlags(await part.async('string')));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
}

