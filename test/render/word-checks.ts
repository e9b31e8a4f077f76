/**
 * Checks by program what Word is known to reject or « repair » in a DOCX, since no Word runs here:
 * the package (content type of every part, target of every relationship, unique relationship ids),
 * well-formed XML parts (saxes: XML 1.0 with namespaces), unique bookmark ids with matching ends,
 * unique drawing ids (`wp:docPr`), complex fields with a cached result, no empty part, no `&apos;`,
 * the parts Word writes (theme, settings, font table, web settings), every used font in the font table.
 *
 * No ECMA-376 XSD schemas come in an npm package (searched 2026-11-30), so the parts are not
 * validated against the schema: these checks stand for the faults Word is known to reject.
 */
import path from 'node:path';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';

interface Element {
  name: string;
  attributes: Record<string, string>;
  /** Text directly inside (for w:t, w:instrText). */
  text: string;
  /** Number of child elements. */
  children: number;
}

/** Parses one XML part strictly; returns its elements in document order, or the parse error. */
function parseXml(xml: string): { elements: Element[]; error?: string } {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const elements: Element[] = [];
  const stack: Element[] = [];
  let error: string | undefined;
  parser.on('error', (e) => {
    error ??= e.message;
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, attr] of Object.entries(tag.attributes)) attributes[name] = typeof attr === 'string' ? attr : attr.value;
    const element: Element = { name: tag.name, attributes, text: '', children: 0 };
    if (stack.length > 0) stack[stack.length - 1]!.children += 1;
    elements.push(element);
    stack.push(element);
  });
  parser.on('text', (text) => {
    if (stack.length > 0) stack[stack.length - 1]!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    error ??= (e as Error).message;
  }
  return { elements, error };
}

/** The parts whose content Word reads as the document's story (bookmarks, drawings, fields). */
const STORY = /^word\/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/;

/** The parts of a package: their names, and each XML part parsed. */
interface Package {
  names: string[];
  parsed: Map<string, Element[]>;
}

/**
 * Everything in the DOCX `bytes` that Word would reject or repair, as readable sentences naming the
 * part; `[]` when none.
 */
export async function wordProblems(bytes: Buffer | Uint8Array): Promise<string[]> {
  const problems: string[] = [];
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  const parsed = new Map<string, Element[]>();
  for (const name of names.filter((n) => /\.(xml|rels)$/.test(n))) {
    const xml = await zip.files[name]!.async('string');
    if (xml.includes('&apos;')) problems.push(`${name}: « &apos; » (Word writes ')`);
    const { elements, error } = parseXml(xml);
    if (error) problems.push(`${name}: XML mal formé : ${error}`);
    parsed.set(name, elements);
    if (elements.length === 1 && name !== '[Content_Types].xml') problems.push(`${name}: partie vide`);
    if (elements.length === 0 && !error) problems.push(`${name}: partie sans élément`);
  }
  if (!parsed.has('[Content_Types].xml')) return [...problems, 'no [Content_Types].xml'];
  const pkg = { names, parsed };
  return [...problems, ...contentTypeProblems(pkg), ...relationshipProblems(pkg), ...storyProblems(pkg), ...wordPartProblems(pkg)];
}

/** Every part has a content type (Default by extension or Override), every Override a part. */
function contentTypeProblems({ names, parsed }: Package): string[] {
  const problems: string[] = [];
  const types = parsed.get('[Content_Types].xml')!;
  const defaults = new Set(types.filter((e) => e.name === 'Default').map((e) => e.attributes.Extension!.toLowerCase()));
  const overrides = new Set(types.filter((e) => e.name === 'Override').map((e) => e.attributes.PartName!.replace(/^\//, '')));
  for (const name of names) {
    if (name === '[Content_Types].xml') continue;
    const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    if (!overrides.has(name) && !defaults.has(ext)) problems.push(`${name}: pas de type de contenu`);
  }
  for (const part of overrides) if (!names.includes(part)) problems.push(`[Content_Types].xml: Override de ${part}, partie absente`);
  return problems;
}

/** Relationships: unique ids in each file, internal targets present. */
function relationshipProblems({ names, parsed }: Package): string[] {
  const problems: string[] = [];
  for (const rels of names.filter((n) => n.endsWith('.rels'))) {
    const source = rels.replace(/_rels\/([^/]*)\.rels$/, '$1');
    const base = path.posix.dirname(source === '' ? '.' : source);
    const ids = new Set<string>();
    for (const r of parsed.get(rels)!.filter((e) => e.name === 'Relationship')) {
      if (ids.has(r.attributes.Id!)) problems.push(`${rels}: Id ${r.attributes.Id} en double`);
      ids.add(r.attributes.Id!);
      if (r.attributes.TargetMode === 'External') continue;
      const target = r.attributes.Target!;
      const resolved = target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(base, target));
      if (!names.includes(resolved)) problems.push(`${rels}: cible ${target} absente`);
    }
  }
  return problems;
}

/** The story: unique bookmark ids with their ends, unique drawing ids, fields with a cached result. */
function storyProblems({ parsed }: Package): string[] {
  const problems: string[] = [];
  const bookmarks = new Map<string, string>();
  const drawings = new Set<string>();
  for (const [name, elements] of parsed) {
    if (!STORY.test(name)) continue;
    const open = new Set<string>();
    let field: 'none' | 'code' | 'result' = 'none';
    let cached = '';
    let instruction = '';
    for (const e of elements) {
      const id = e.attributes['w:id'] ?? '';
      if (e.name === 'w:bookmarkStart') {
        if (bookmarks.has(id)) problems.push(`${name}: signet w:id="${id}" en double (${bookmarks.get(id)}, ${e.attributes['w:name']})`);
        bookmarks.set(id, e.attributes['w:name'] ?? '');
        open.add(id);
      } else if (e.name === 'w:bookmarkEnd' && !open.delete(id)) problems.push(`${name}: fin de signet w:id="${id}" sans début`);
      else if (e.name === 'wp:docPr') {
        if (drawings.has(e.attributes.id!)) problems.push(`${name}: wp:docPr id="${e.attributes.id}" en double`);
        drawings.add(e.attributes.id!);
      } else if (e.name === 'w:fldChar') {
        const type = e.attributes['w:fldCharType'];
        if (type === 'begin') [field, cached, instruction] = ['code', '', ''];
        else if (type === 'separate') field = 'result';
        else if (type === 'end') {
          if (cached.trim() === '') problems.push(`${name}: champ « ${instruction.trim()} » sans résultat en cache`);
          field = 'none';
        }
      } else if (e.name === 'w:instrText' && field === 'code') instruction += e.text;
      else if (e.name === 'w:t' && field === 'result') cached += e.text;
      else if (e.name === 'w:fldSimple' && e.children === 0) problems.push(`${name}: champ simple « ${e.attributes['w:instr']} » sans résultat`);
    }
    for (const id of open) problems.push(`${name}: signet w:id="${id}" sans fin`);
  }
  return problems;
}

/** The parts Word writes, related from the main document, and every font used listed in the font table. */
function wordPartProblems({ parsed }: Package): string[] {
  const problems: string[] = [];
  const docRels = parsed.get('word/_rels/document.xml.rels') ?? [];
  for (const type of ['styles', 'settings', 'fontTable', 'webSettings', 'theme']) {
    if (!docRels.some((r) => r.attributes.Type?.endsWith(`/relationships/${type}`))) problems.push(`word/document.xml: pas de partie ${type}`);
  }
  const fonts = new Set<string>();
  for (const elements of parsed.values()) {
    for (const e of elements.filter((x) => x.name === 'w:rFonts')) {
      for (const slot of ['w:ascii', 'w:hAnsi', 'w:cs', 'w:eastAsia']) if (e.attributes[slot]) fonts.add(e.attributes[slot]!);
    }
  }
  const listed = new Set((parsed.get('word/fontTable.xml') ?? []).filter((e) => e.name === 'w:font').map((e) => e.attributes['w:name']));
  for (const font of fonts) if (!listed.has(font)) problems.push(`word/fontTable.xml: police « ${font} » absente`);
  return problems;
}
