/** Packing a `docx` Document into DOCX bytes: parts from docx's compiler, finished for Word, zipped natively. */
import { Document, Packer } from 'docx';
import JSZip from 'jszip';
import { embeddedFonts, fontPart, type FontPart } from './fonts.js';
import { finishParts } from './word.js';
import { zipPart, zipParts, type ZipPart } from './zip.js';

interface ConcreteNumbering {
  reference: string;
  instance: number | string;
  numId: number;
}
/** A part as docx's compiler makes it, before its JSZip: its path and its XML. */
interface XmlifiedPart {
  path: string;
  data: string;
}
/** What of a Document's media and fonts docx's compiler reads (docx 9.7.1, `Compiler.compile`). */
interface CompiledFile {
  Media: { Array: Array<{ type: string; fileName: string; data: Uint8Array; fallback?: { fileName: string; data: Uint8Array } }> };
  FontTable: { fontOptionsWithKey: unknown[] };
}
type DocxCompiler = {
  compile(file: Document, prettify?: unknown, overrides?: unknown[]): JSZip;
  xmlifyFile?(file: Document, prettify?: unknown): Record<string, XmlifiedPart | XmlifiedPart[]>;
  numberingReplacer?: { replace(xml: string, numberings: readonly ConcreteNumbering[]): string };
};

const FONT_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/font';
const ODTTF = 'application/vnd.openxmlformats-officedocument.obfuscatedFont';
/** XML and relationship parts are deflated at zlib's default level (native: about 1 ms for 100 kB). */
const XML_LEVEL = 6;

/**
 * Packs a document into DOCX bytes. The parts come from `docx`'s compiler (its package before
 * compression); their XML is finished as Word writes packages (`finishParts`: unique ids, cached
 * fields, no empty parts, theme); the fonts (see `embeddedFonts`) are embedded here, not by `docx`,
 * each from the run's cache of deflated font parts (`fontPart`), with `word/settings.xml` flags that
 * keep them when the file is saved again; then every part is deflated by Node's zlib and the archive
 * written by fflate (`zipParts`) — JSZip's JavaScript deflate was the largest cost of a render.
 *
 * Why the private `Packer.compiler`, and so why package.json pins `docx` to exactly 9.7.1: docx 9's
 * public API gives no package before compression (`Packer.toBuffer` deflates everything at level 6 in
 * JavaScript). If an upgrade moves it, the public route (`toBuffer`, then unzip) is taken, slower but
 * with the same result; test/render/docx-pack.test.ts fails so that the pin is raised on purpose.
 *
 * @param embed whether to embed the fonts (default true).
 * @param mtime the date of the ZIP entries (default now).
 */
export async function packDocx(doc: Document, embed = true, mtime?: Date): Promise<Buffer> {
  const raw = await compiledParts(doc);
  const xml = new Map<string, string>();
  const binary = new Map<string, Uint8Array>();
  const decoder = new TextDecoder();
  for (const [name, data] of raw) {
    if (/\.(xml|rels)$/.test(name)) xml.set(name, typeof data === 'string' ? data : decoder.decode(data));
    else binary.set(name, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }
  const fonts = embed ? embeddedFonts().map(fontPart) : [];
  if (fonts.length) embedFonts(xml, fonts);
  finishParts(xml);
  const parts: ZipPart[] = [];
  const types = xml.get('[Content_Types].xml');
  if (types !== undefined) parts.push(zipPart('[Content_Types].xml', types, XML_LEVEL));
  for (const [name, text] of xml) if (name !== '[Content_Types].xml') parts.push(zipPart(name, text, XML_LEVEL));
  // photos and logos are PNG or JPEG, already compressed: stored
  for (const [name, data] of binary) parts.push(zipPart(name, data, /\.(png|jpe?g|gif)$/i.test(name) ? 0 : XML_LEVEL));
  fonts.forEach((f, i) => parts.push({ ...f.part, name: `word/fonts/font${i + 1}.odttf` }));
  return zipParts(parts, mtime);
}

/**
 * The parts of the package `docx` compiles for `doc`, by name (folders left out), in its order: the XML
 * parts as the compiler's `xmlifyFile` makes them, then the media, as its `compile` adds them to its
 * JSZip (which first encodes each part to UTF-8, that `packDocx` decoded again: ~5 ms of a sheet); else
 * from the compiler's JSZip without compressing it (docx 9.7 keeps each part's bytes, already UTF-8, as
 * the entry's data), or, when the compiler is not there, from the public `Packer.toBuffer`.
 */
export async function compiledParts(doc: Document): Promise<Map<string, Uint8Array | string>> {
  const compiler = (Packer as unknown as { compiler?: DocxCompiler }).compiler;
  if (compiler?.numberingReplacer) compiler.numberingReplacer.replace = replaceNumberings;
  const file = doc as unknown as CompiledFile;
  if (compiler?.xmlifyFile && Array.isArray(file.Media?.Array) && file.FontTable?.fontOptionsWithKey?.length === 0) {
    const parts = new Map<string, Uint8Array | string>();
    for (const entry of Object.values(compiler.xmlifyFile(doc))) for (const part of Array.isArray(entry) ? entry : [entry]) parts.set(part.path, part.data);
    for (const media of file.Media.Array) {
      parts.set(`word/media/${media.fileName}`, media.data);
      if (media.type === 'svg' && media.fallback) parts.set(`word/media/${media.fallback.fileName}`, media.fallback.data);
    }
    return parts;
  }
  const zip = compiler?.compile ? compiler.compile(doc, undefined, []) : await JSZip.loadAsync(await Packer.toBuffer(doc));
  const out = new Map<string, Uint8Array | string>();
  for (const [name, file] of Object.entries(zip.files)) {
    if (file.dir) continue;
    const data: unknown = await (file as unknown as { _data?: unknown })._data;
    out.set(name, data instanceof Uint8Array || typeof data === 'string' ? data : await file.async('uint8array'));
  }
  return out;
}

/**
 * The list placeholders « {reference-instance} » that docx writes in the XML, replaced by their
 * numbering ids in one pass. docx 9.7's own replacer runs one regular expression over the whole part
 * per list instance: quadratic, it took 22 s of the 48 s of a 50-sheet booklet (profile, 2026-11-30),
 * and about 7 ms of each sheet. Same result: a placeholder no list has is left as it is.
 */
export function replaceNumberings(xml: string, numberings: readonly ConcreteNumbering[]): string {
  if (numberings.length === 0) return xml;
  const ids = new Map(numberings.map((n) => [`${n.reference}-${n.instance}`, String(n.numId)]));
  // what `/\{([^{}<>"]+)\}/g` finds, found from each « { » (`indexOf`): that expression, replacing
  // through a function, took about 9 ms on a sheet's 130 kB document.xml (two-byte text), this 0.2 ms
  let out = '';
  let from = 0;
  for (let open = xml.indexOf('{'); open >= 0; open = xml.indexOf('{', open + 1)) {
    let close = open + 1;
    while (close < xml.length && !PLACEHOLDER_STOP.has(xml.charCodeAt(close))) close++;
    if (close === open + 1 || xml.charCodeAt(close) !== 0x7d) continue;
    const id = ids.get(xml.slice(open + 1, close));
    if (id === undefined) continue;
    out += xml.slice(from, open) + id;
    from = close + 1;
    open = close;
  }
  return from === 0 ? xml : out + xml.slice(from);
}

/** The characters a numbering placeholder cannot hold, and so end it: `{`, `}`, `<`, `>`, `"`. */
const PLACEHOLDER_STOP = new Set([0x7b, 0x7d, 0x3c, 0x3e, 0x22]);

/**
 * Declares the embedded fonts in the XML parts: each font's `w:embedRegular` (relationship id and
 * obfuscation key) in `word/fontTable.xml` (ECMA-376 Part 1, §17.8.3.3, after `w:pitch` in CT_Font
 * order), the relationships to `fonts/fontN.odttf`, the `.odttf` content type, and the settings that
 * keep them on save (`keepFontFlags`). The font parts themselves are added by `packDocx`.
 */
function embedFonts(xml: Map<string, string>, fonts: FontPart[]): void {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  let table = xml.get('word/fontTable.xml') ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="${W}" xmlns:r="${R}"/>`;
  if (!/<w:fonts\b[^>]*xmlns:r=/.test(table)) table = table.replace(/<w:fonts\b/, `<w:fonts xmlns:r="${R}"`);
  const entries = fonts
    .map((f, i) => `<w:font w:name="${f.name}"><w:family w:val="auto"/><w:pitch w:val="variable"/><w:embedRegular r:id="rIdFont${i + 1}" w:fontKey="{${f.key}}"/></w:font>`)
    .join('');
  table = table.includes('</w:fonts>') ? table.replace('</w:fonts>', `${entries}</w:fonts>`) : table.replace(/<w:fonts\b([^>]*?)\s*\/>/, `<w:fonts$1>${entries}</w:fonts>`);
  xml.set('word/fontTable.xml', table);
  const rels = fonts.map((_f, i) => `<Relationship Id="rIdFont${i + 1}" Type="${FONT_REL}" Target="fonts/font${i + 1}.odttf"/>`).join('');
  xml.set('word/_rels/fontTable.xml.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`);
  const types = xml.get('[Content_Types].xml');
  if (types !== undefined && !types.includes('Extension="odttf"')) xml.set('[Content_Types].xml', types.replace(/(<Types\b[^>]*>)/, `$1<Default Extension="odttf" ContentType="${ODTTF}"/>`));
  const settings = xml.get('word/settings.xml');
  if (settings !== undefined) xml.set('word/settings.xml', keepFontFlags(settings));
}

/**
 * `word/settings.xml` with `<w:embedTrueTypeFonts/><w:saveSubsetFonts/>` (ECMA-376 Part 1, §17.15.1.42
 * and §17.15.1.76), which `docx` does not write, in schema order: Word then keeps the embedded fonts
 * when the coordinator saves the commented file, instead of dropping them.
 */
export function keepFontFlags(xml: string): string {
  if (xml.includes('<w:embedTrueTypeFonts')) return xml;
  const flags = '<w:embedTrueTypeFonts/><w:saveSubsetFonts/>';
  // Schema order: …, displayBackgroundShape, printPostScriptOverText, …, embedTrueTypeFonts, …
  return xml.includes('<w:displayBackgroundShape/>') ? xml.replace('<w:displayBackgroundShape/>', `<w:displayBackgroundShape/>${flags}`) : xml.replace(/(<w:settings\b[^>]*>)/, `$1${flags}`);
}

/**
 * Adds the font-keeping flags (see {@link keepFontFlags}) to the `word/settings.xml` of a finished DOCX.
 * For a package made elsewhere; `packDocx` sets them itself.
 */
export async function keepEmbeddedFonts(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const part = zip.file('word/settings.xml');
  if (!part) return docx;
  zip.file('word/settings.xml', keepFontFlags(await part.async('string')));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
}
