/**
 * The DOCX package as Word writes it: a post-processing step on the package that `docx` compiles
 * (before compression, see `packDocx`), for what Word repairs or rejects and LibreOffice forgives.
 *
 * - every bookmark gets its own `w:id` (docx 9.7 gives them all `w:id="1"`), every drawing its own
 *   `wp:docPr` id (docx gives them all `id="1"`);
 * - complex fields (PAGE, NUMPAGES, PAGEREF) get a cached result (docx writes none);
 * - Arabic runs (`w:rtl`) also get `w:cs` (complex-script formatting), which docx cannot write;
 * - empty parts go: `comments.xml` without a comment, `docProps/custom.xml` without a property,
 *   relationship files without a relationship — with their relationships and content types;
 * - the parts Word itself writes are added: `theme/theme1.xml`, `webSettings.xml`, a `fontTable.xml`
 *   naming every font the document uses, Word's settings (default tab stop, theme languages, colour
 *   mapping, French decimal and list separators) and `docProps/app.xml` properties;
 * - `&apos;` is written as `'` (Word itself never writes the entity);
 * - every part has a content type, every relationship a target.
 *
 * The rules come from ECMA-376 Part 1 (bookmarks §17.13.6.2, drawing ids §20.4.2.5, fields §17.16.18,
 * settings order §17.15.1.78) and Part 2 (Open Packaging Conventions: content types, relationships).
 */
import { FONTS } from '../design.js';
import type JSZip from 'jszip';
import { themeXml } from './theme.js';

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = {
  theme: 'application/vnd.openxmlformats-officedocument.theme+xml',
  webSettings: 'application/vnd.openxmlformats-officedocument.wordprocessingml.webSettings+xml',
  fontTable: 'application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml',
};
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** What the finishing step needs to know about the document. */
export interface WordFinishOptions {
  /** Theme fonts: body (minor) and headings (major), Latin and complex script (Arabic). */
  fonts?: { latin: string; arabic: string };
  /** Languages Word's theme fonts are for (`w:themeFontLang`), BCP 47. Default French and Moroccan Arabic. */
  lang?: { latin: string; bidi: string };
}

/**
 * Makes the package `zip` (a DOCX as `docx` compiles it, before compression) one that Word opens
 * without repairing — see the module comment for each change. Changes `zip` in place.
 *
 * @param zip the package; its `word/document.xml` must exist.
 * @throws Error when the package has no `word/document.xml` (not a WordprocessingML package).
 */
export async function finishForWord(zip: JSZip, options: WordFinishOptions = {}): Promise<void> {
  const parts = new Map<string, string>();
  for (const name of Object.keys(zip.files)) {
    const file = zip.files[name]!;
    if (!file.dir && /\.(xml|rels)$/.test(name)) parts.set(name, await file.async('string'));
  }
  const before = [...parts.keys()];
  finishParts(parts, options);
  for (const name of before) if (!parts.has(name)) zip.remove(name);
  for (const [name, xml] of parts) zip.file(name, xml);
}

/**
 * The same finishing as {@link finishForWord} on the package's XML parts held as text: `parts` maps each
 * part name (`word/document.xml`, `_rels/.rels`…) to its XML; changed in place (parts added, changed
 * or deleted). `packDocx` uses it on the parts straight from docx's compiler, without a ZIP in between.
 *
 * @throws Error when `parts` has no `word/document.xml`.
 */
export function finishParts(parts: Map<string, string>, options: WordFinishOptions = {}): void {
  if (!parts.has('word/document.xml')) throw new Error('DOCX package without word/document.xml');
  for (const [name, xml] of parts) if (xml.includes('&apos;')) parts.set(name, xml.replace(/&apos;/g, "'"));

  const content = [...parts.keys()].filter((n) => /^word\/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/.test(n));
  renumberIds(parts, content);
  for (const name of content) {
    const xml = withComplexScript(withFieldResults(parts.get(name)!));
    // only a header or a footer can be an empty root to fill (a booklet's document.xml is ~28 MB: one pass fewer over it)
    parts.set(name, /^word\/(header|footer)\d*\.xml$/.test(name) ? withParagraph(xml) : xml);
  }

  removeEmptyParts(parts);
  addWordParts(parts, options);
  fillAppProperties(parts);
}

// ── ids ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * Gives ids of their own, in one pass over each part (a booklet's document.xml is ~28 MB), through the
 * parts in order:
 * - to every bookmark, the same on its start and its end: ids count up after the comments' ids (Word
 *   keeps one id space for annotations); a `bookmarkEnd` closes the last bookmark still open (docx
 *   writes start, content, end — nested or not);
 * - to every drawing (`wp:docPr`): 1, 2, 3…
 */
function renumberIds(parts: Map<string, string>, names: string[]): void {
  const commentIds = [...(parts.get('word/comments.xml') ?? '').matchAll(/<w:comment\b[^>]*\bw:id="(\d+)"/g)].map((m) => Number(m[1]));
  let bookmark = commentIds.length > 0 ? Math.max(...commentIds) + 1 : 0;
  let drawing = 1;
  for (const name of names) {
    const open: number[] = [];
    const xml = parts.get(name)!.replace(/<w:bookmark(Start|End)\b([^>]*?)\bw:id="[^"]*"|<wp:docPr\b([^>]*?)\bid="\d+"/g, (_m, kind: string | undefined, before: string | undefined, docPr: string | undefined) => {
      if (kind === undefined) return `<wp:docPr${docPr}id="${drawing++}"`;
      const id = kind === 'Start' ? bookmark++ : (open.pop() ?? bookmark++);
      if (kind === 'Start') open.push(id);
      return `<w:bookmark${kind}${before}w:id="${id}"`;
    });
    parts.set(name, xml);
  }
}

// ── fields and runs ───────────────────────────────────────────────────────────────────────────────

/**
 * The cached result of a field instruction, shown by a reader that does not compute fields: « 1 » for
 * page numbers (PAGE, NUMPAGES, SECTIONPAGES, PAGEREF). Word and LibreOffice compute them again when
 * they lay the pages out (and the booklet asks Word to, `w:updateFields`).
 */
function cachedResult(instruction: string): string {
  const field = instruction.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
  return ['PAGE', 'NUMPAGES', 'SECTIONPAGES', 'PAGEREF'].includes(field) ? '1' : '';
}

/**
 * Complex fields without a result get a cached one: between `separate` and `end` when `separate` is
 * followed straight by `end`, and with a `separate` added when the field has none (docx writes
 * PAGEREF as begin, instruction, end), in the run properties of the field.
 */
export function withFieldResults(xml: string): string {
  // instrText … separate [</w:r><w:r>(rPr)] end — within one paragraph, no nested field
  const WITH_SEPARATE =
    /(<w:instrText\b[^>]*>([^<]*)<\/w:instrText>(?:(?!<w:fldChar\b|<\/w:p>).)*?<w:fldChar w:fldCharType="separate"\/>)((?:<\/w:r>\s*<w:r\b[^>]*>(?:<w:rPr>(?:(?!<\/w:rPr>).)*<\/w:rPr>)?)?)(<w:fldChar w:fldCharType="end"\/>)/gs;
  // instrText [</w:r><w:r>(rPr)] end
  const WITHOUT_SEPARATE =
    /(<w:instrText\b[^>]*>([^<]*)<\/w:instrText>)((?:<\/w:r>\s*<w:r\b[^>]*>(?:<w:rPr>(?:(?!<\/w:rPr>).)*<\/w:rPr>)?)?)(<w:fldChar w:fldCharType="end"\/>)/gs;
  return xml
    .replace(WITH_SEPARATE, (_m, head: string, instruction: string, between: string, end: string) => {
      const value = cachedResult(instruction);
      return value === '' ? `${head}${between}${end}` : `${head}${between}<w:t>${value}</w:t>${end}`;
    })
    .replace(WITHOUT_SEPARATE, (_m, head: string, instruction: string, between: string, end: string) => {
      const value = cachedResult(instruction);
      return value === '' ? `${head}${between}${end}` : `${head}${between}<w:fldChar w:fldCharType="separate"/><w:t>${value}</w:t>${end}`;
    });
}

/**
 * A header or footer part without a paragraph gets an empty one: Word refuses a `w:hdr`/`w:ftr`
 * with no block (docx writes them empty for a section that has no header, like the cover).
 */
function withParagraph(xml: string): string {
  if (!isEmptyRoot(xml)) return xml;
  return xml.replace(/<(w:hdr|w:ftr)\b([^>]*?)\/>/, '<$1$2><w:p/></$1>').replace(/<(w:hdr|w:ftr)\b([^>]*)>\s*<\/\1>/, '<$1$2><w:p/></$1>');
}

/**
 * Runs set right-to-left (`<w:rtl/>`, the Arabic runs of `textRuns`) also get `<w:cs/>`, right after
 * it as the schema orders them (CT_RPr: … rtl, cs, em, lang …): Word then formats them with the
 * complex-script font, size and language.
 */
export function withComplexScript(xml: string): string {
  return xml.replace(/<w:rtl\/>(?!<w:cs\/>)/g, '<w:rtl/><w:cs/>');
}

// ── parts ─────────────────────────────────────────────────────────────────────────────────────────

/** True when an XML part's root element has no child element (`<w:comments …/>`, `<Properties …/>`). */
function isEmptyRoot(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  return /^<[^>]*\/>\s*$/.test(body) || /^<([\w:]+)\b[^>]*>\s*<\/\1>\s*$/.test(body);
}

/** The `.rels` part of a part: `word/document.xml` → `word/_rels/document.xml.rels`. */
function relsOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/**
 * Removes the parts that hold nothing (comments without a comment, custom properties without a
 * property), with the relationships that point at them and their content types, then the relationship
 * files left without a relationship.
 */
function removeEmptyParts(parts: Map<string, string>): void {
  for (const part of ['word/comments.xml', 'docProps/custom.xml']) {
    const xml = parts.get(part);
    if (xml === undefined || !isEmptyRoot(xml)) continue;
    parts.delete(part);
    parts.delete(relsOf(part));
    const target = part.startsWith('word/') ? part.slice('word/'.length) : part;
    const owner = part.startsWith('word/') ? 'word/_rels/document.xml.rels' : '_rels/.rels';
    const rels = parts.get(owner);
    if (rels) parts.set(owner, rels.replace(new RegExp(`<Relationship\\b[^>]*Target="/?${escapeRe(target)}"[^>]*/>`, 'g'), ''));
    const types = parts.get('[Content_Types].xml');
    if (types) parts.set('[Content_Types].xml', types.replace(new RegExp(`<Override\\b[^>]*PartName="/${escapeRe(part)}"[^>]*/>`, 'g'), ''));
  }
  for (const [name, xml] of [...parts]) {
    if (name.endsWith('.rels') && !xml.includes('<Relationship ')) parts.delete(name);
  }
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Adds a part with its relationship from `word/document.xml` and its content type, unless the
 * document already has a relationship of that type.
 */
function addDocumentPart(parts: Map<string, string>, part: string, type: string, contentType: string, xml: string): void {
  const relsName = 'word/_rels/document.xml.rels';
  const rels = parts.get(relsName) ?? `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
  if (rels.includes(`Type="${REL_TYPE}/${type}"`)) return;
  const ids = [...rels.matchAll(/\bId="rId(\d+)"/g)].map((m) => Number(m[1]));
  const id = `rId${(ids.length > 0 ? Math.max(...ids) : 0) + 1}`;
  const target = part.slice('word/'.length);
  const relationship = `<Relationship Id="${id}" Type="${REL_TYPE}/${type}" Target="${target}"/>`;
  parts.set(relsName, rels.includes('</Relationships>') ? rels.replace('</Relationships>', `${relationship}</Relationships>`) : rels.replace(/<Relationships\b([^>]*)\/>/, `<Relationships$1>${relationship}</Relationships>`));
  const types = parts.get('[Content_Types].xml')!;
  parts.set('[Content_Types].xml', types.replace('</Types>', `<Override ContentType="${contentType}" PartName="/${part}"/></Types>`));
  parts.set(part, xml);
}

/** The theme, web settings, font table and settings Word writes in every document it saves. */
function addWordParts(parts: Map<string, string>, options: WordFinishOptions): void {
  const fonts = options.fonts ?? { latin: FONTS.body, arabic: FONTS.arabic };
  const lang = options.lang ?? { latin: 'fr-FR', bidi: 'ar-MA' };
  addDocumentPart(parts, 'word/theme/theme1.xml', 'theme', CT.theme, themeXml(fonts));
  addDocumentPart(
    parts,
    'word/webSettings.xml',
    'webSettings',
    CT.webSettings,
    `${XML_DECL}<w:webSettings xmlns:w="${W_NS}"><w:optimizeForBrowser/><w:allowPNG/></w:webSettings>`,
  );
  addDocumentPart(parts, 'word/fontTable.xml', 'fontTable', CT.fontTable, `${XML_DECL}<w:fonts xmlns:w="${W_NS}" xmlns:r="${R_NS}"></w:fonts>`);
  const used = new Set([...usedFonts(parts), fonts.latin, fonts.arabic]);
  parts.set('word/fontTable.xml', withUsedFonts(parts.get('word/fontTable.xml')!, [...used].sort()));

  let settings = parts.get('word/settings.xml');
  if (settings === undefined) return;
  settings = addSetting(settings, 'defaultTabStop', '<w:defaultTabStop w:val="708"/>');
  settings = addSetting(settings, 'characterSpacingControl', '<w:characterSpacingControl w:val="doNotCompress"/>');
  settings = addSetting(settings, 'themeFontLang', `<w:themeFontLang w:val="${lang.latin}" w:bidi="${lang.bidi}"/>`);
  settings = addSetting(
    settings,
    'clrSchemeMapping',
    '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink" w:followedHyperlink="followedHyperlink"/>',
  );
  if (lang.latin.startsWith('fr')) {
    settings = addSetting(settings, 'decimalSymbol', '<w:decimalSymbol w:val=","/>');
    settings = addSetting(settings, 'listSeparator', '<w:listSeparator w:val=";"/>');
  }
  parts.set('word/settings.xml', settings);
}

/** Every font name the document's runs and styles ask for (`w:rFonts` ascii, hAnsi, cs, eastAsia). */
function usedFonts(parts: Map<string, string>): string[] {
  const names = new Set<string>();
  for (const [name, xml] of parts) {
    if (!/^word\/[^/]+\.xml$/.test(name) || name === 'word/fontTable.xml') continue;
    for (const m of xml.matchAll(/<w:rFonts\b([^>]*)\/?>/g)) {
      for (const a of m[1]!.matchAll(/\bw:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"/g)) names.add(a[1]!);
    }
  }
  return [...names].sort();
}

/** The font table with an entry for each font in `names` it does not list yet. */
function withUsedFonts(xml: string, names: string[]): string {
  const listed = new Set([...xml.matchAll(/<w:font\b[^>]*\bw:name="([^"]+)"/g)].map((m) => m[1]));
  const added = names
    .filter((n) => !listed.has(n.replace(/&/g, '&amp;').replace(/"/g, '&quot;')))
    .map((n) => `<w:font w:name="${n}"><w:charset w:val="00"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`)
    .join('');
  if (added === '') return xml;
  return xml.includes('</w:fonts>') ? xml.replace('</w:fonts>', `${added}</w:fonts>`) : xml.replace(/<w:fonts\b([^>]*)\/>/, `<w:fonts$1>${added}</w:fonts>`);
}

/** The children of `w:settings` in schema order (ECMA-376 Part 1, §17.15.1.78, CT_Settings). */
const SETTINGS_ORDER = [
  'writeProtection', 'view', 'zoom', 'removePersonalInformation', 'removeDateAndTime', 'doNotDisplayPageBoundaries',
  'displayBackgroundShape', 'printPostScriptOverText', 'printFractionalCharacterWidth', 'printFormsData',
  'embedTrueTypeFonts', 'embedSystemFonts', 'saveSubsetFonts', 'saveFormsData', 'mirrorMargins', 'alignBordersAndEdges',
  'bordersDoNotSurroundHeader', 'bordersDoNotSurroundFooter', 'gutterAtTop', 'hideSpellingErrors', 'hideGrammaticalErrors',
  'activeWritingStyle', 'proofState', 'formsDesign', 'attachedTemplate', 'linkStyles', 'stylePaneFormatFilter',
  'stylePaneSortMethod', 'documentType', 'mailMerge', 'revisionView', 'trackRevisions', 'doNotTrackMoves',
  'doNotTrackFormatting', 'documentProtection', 'autoFormatOverride', 'styleLockTheme', 'styleLockQFSet', 'defaultTabStop',
  'autoHyphenation', 'consecutiveHyphenLimit', 'hyphenationZone', 'doNotHyphenateCaps', 'showEnvelope', 'summaryLength',
  'clickAndTypeStyle', 'defaultTableStyle', 'evenAndOddHeaders', 'bookFoldRevPrinting', 'bookFoldPrinting',
  'bookFoldPrintingSheets', 'drawingGridHorizontalSpacing', 'drawingGridVerticalSpacing', 'displayHorizontalDrawingGridEvery',
  'displayVerticalDrawingGridEvery', 'doNotUseMarginsForDrawingGridOrigin', 'drawingGridHorizontalOrigin',
  'drawingGridVerticalOrigin', 'doNotShadeFormData', 'noPunctuationKerning', 'characterSpacingControl', 'printTwoOnOne',
  'strictFirstAndLastChars', 'noLineBreaksAfter', 'noLineBreaksBefore', 'savePreviewPicture', 'doNotValidateAgainstSchema',
  'saveInvalidXml', 'ignoreMixedContent', 'alwaysShowPlaceholderText', 'doNotDemarcateInvalidXml', 'saveXmlDataOnly',
  'useXSLTWhenSaving', 'saveThroughXslt', 'showXMLTags', 'alwaysMergeEmptyNamespace', 'updateFields', 'hdrShapeDefaults',
  'footnotePr', 'endnotePr', 'compat', 'docVars', 'rsids', 'mathPr', 'attachedSchema', 'themeFontLang', 'clrSchemeMapping',
  'doNotIncludeSubdocsInStats', 'doNotAutoCompressPictures', 'forceUpgrade', 'captions', 'readModeInkLockDown', 'smartTagType',
  'schemaLibrary', 'shapeDefaults', 'doNotEmbedSmartTags', 'decimalSymbol', 'listSeparator',
];

/**
 * Adds the setting `element` (named `name`) to `w:settings` at its place in schema order, unless the
 * settings already have it: before the first top-level child that comes after it.
 */
export function addSetting(settings: string, name: string, element: string): string {
  if (new RegExp(`<w:${name}\\b`).test(settings)) return settings;
  const rank = SETTINGS_ORDER.indexOf(name);
  const later = SETTINGS_ORDER.slice(rank + 1);
  const open = /<w:settings\b[^>]*>/.exec(settings);
  if (!open) return settings;
  // top-level children only: skip over the content of each child element
  const tag = /<w:([A-Za-z]+)\b[^>]*?(\/?)>/g;
  tag.lastIndex = open.index + open[0].length;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(settings)) !== null) {
    const child = m[1]!;
    if (later.includes(child)) return settings.slice(0, m.index) + element + settings.slice(m.index);
    if (m[2] !== '/') {
      const close = settings.indexOf(`</w:${child}>`, tag.lastIndex);
      if (close < 0) break;
      tag.lastIndex = close + child.length + 5;
    }
  }
  return settings.replace('</w:settings>', `${element}</w:settings>`);
}

/** `docProps/app.xml` with the properties Word writes, when docx left it empty (no tool name). */
function fillAppProperties(parts: Map<string, string>): void {
  const app = parts.get('docProps/app.xml');
  if (app === undefined || !isEmptyRoot(app)) return;
  const open = /<Properties\b[^>]*?\/?>/.exec(app)![0].replace(/\/>$/, '>');
  parts.set(
    'docProps/app.xml',
    `${XML_DECL}${open}<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>`,
  );
}
