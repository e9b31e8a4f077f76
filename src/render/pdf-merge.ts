/**
 * Merges tagged PDFs printed by Chromium into one tagged PDF (the booklet), keeping what makes them
 * accessible: pdf-lib's `copyPages` copies pages but drops the logical structure (the catalog's
 * `StructTreeRoot`, ISO 32000-1 §14.7), so a merged booklet would no longer be tagged. Here every part's
 * structure tree is copied with its pages, under one `Document` element (each part becomes a `Part`),
 * and the parent tree (§14.7.4.4) is renumbered: each part's `StructParents`/`StructParent` keys are
 * shifted by the keys of the parts before it, so marked content and annotations still find their
 * structure elements.
 *
 * Links between parts: Chromium only writes links to anchors of the same document. A part links to
 * another with `<a href="capi:NAME">` (Chromium writes a URI link annotation, tagged as a `Link`
 * element); `resolveLinks` turns each such annotation into a link to the page given for `NAME` — a
 * real PDF link annotation (`/Dest [page /XYZ …]`), not a bookmark.
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFObjectCopier,
  PDFPage,
  PDFPageLeaf,
  PDFRef,
  PDFString,
  PDFHexString,
  type PDFObject,
} from 'pdf-lib';

/** The URI scheme of links between parts of a merged document (`capi:fiche_RE_TIZ_01`). */
export const PART_LINK_SCHEME = 'capi:';

/** A link annotation waiting for its target: the annotation (in the merged document) and the name it points to. */
interface PendingLink {
  annot: PDFDict;
  name: string;
  /** The annotation's reference, when it is an object of its own. */
  ref?: PDFRef;
}

/** The entries of a number tree (ISO 32000-1 §7.9.7): `Nums` of the root and of its `Kids`, in key order. */
function numberTreeEntries(tree: PDFDict | undefined, depth = 0): Array<[number, PDFObject]> {
  if (!tree || depth > 32) return [];
  const out: Array<[number, PDFObject]> = [];
  const nums = tree.lookupMaybe(PDFName.of('Nums'), PDFArray);
  if (nums) {
    for (let i = 0; i + 1 < nums.size(); i += 2) {
      const key = nums.lookupMaybe(i, PDFNumber);
      if (key) out.push([key.asNumber(), nums.get(i + 1)]);
    }
  }
  const kids = tree.lookupMaybe(PDFName.of('Kids'), PDFArray);
  if (kids) for (let i = 0; i < kids.size(); i++) out.push(...numberTreeEntries(kids.lookupMaybe(i, PDFDict), depth + 1));
  return out;
}

/** The kids (`K`) of a structure element or of the structure tree root, as a list. */
function kids(elem: PDFDict): PDFObject[] {
  const k = elem.get(PDFName.of('K'));
  return k instanceof PDFArray ? k.asArray() : k ? [k] : [];
}

/** How {@link TaggedMerger.append} appends a document. */
export interface AppendOptions {
  /**
   * Its pages go before every page merged so far, and its structure before theirs (the booklet's front
   * matter, printed last, once the sheets' pages are known); page indexes given before are then
   * shifted by its page count.
   */
  atStart?: boolean;
  /**
   * Called before page `i` (0-based, in the document appended) is added, e.g. to add a blank verso there
   * (`addBlank`: the booklet's sheets printed several to a document); not with `atStart`.
   */
  beforePage?: (index: number) => void;
  /**
   * A document of articles (`<article>`, tagged `Art`: the booklet's sheets printed several to a
   * document): each article becomes a part of the merged document, as a document of one sheet does.
   */
  articles?: boolean;
}

/** The text of a PDF string object, or undefined. */
function text(obj: PDFObject | undefined): string | undefined {
  return obj instanceof PDFString || obj instanceof PDFHexString ? obj.decodeText() : undefined;
}

/**
 * One merged, tagged document built part by part: `append` a printed PDF, `addBlank` a blank page,
 * then `resolveLinks` and `finish`. Pages keep their order; the structure follows the same order.
 */
export class TaggedMerger {
  /** The structure element holding every part (`/S /Document`). */
  private readonly documentElem: PDFDict;
  private readonly documentRef: PDFRef;
  private readonly rootRef: PDFRef;
  private readonly parts: PDFRef[] = [];
  private readonly nums: PDFObject[] = [];
  private nextKey = 0;
  private readonly pending: PendingLink[] = [];

  /** @param out the document pages are copied into (new, empty) @param lang its language (BCP 47, `fr`) */
  constructor(
    readonly out: PDFDocument,
    lang: string,
  ) {
    const ctx = out.context;
    this.rootRef = ctx.nextRef();
    this.documentRef = ctx.nextRef();
    this.documentElem = ctx.obj({ Type: 'StructElem', S: 'Document', P: this.rootRef }) as PDFDict;
    this.documentElem.set(PDFName.of('Lang'), PDFString.of(lang));
  }

  /** Number of pages so far. */
  get pageCount(): number {
    return this.out.getPageCount();
  }

  /**
   * Appends every page of `src` (a PDF printed by Chromium, tagged or not), with its structure tree
   * and its links between parts (collected for `resolveLinks`); see {@link AppendOptions}.
   * @returns the index (0-based) of its first page in the merged document (before any blank added then)
   */
  append(src: PDFDocument, options: AppendOptions = {}): number {
    const { atStart = false, beforePage } = options;
    const first = atStart ? 0 : this.out.getPageCount();
    const ctx = this.out.context;
    const copier = PDFObjectCopier.for(src.context, ctx);
    const root = src.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
    const offset = this.nextKey;
    // the parts' top elements point to their own root: cut there, the merged document gives them a new parent
    const tops: PDFObject[] = [];
    if (root) {
      for (const item of kids(root)) {
        const elem = src.context.lookupMaybe(item, PDFDict);
        const articles = options.articles && elem?.get(PDFName.of('S'))?.toString() === '/Document' ? kids(elem) : [];
        // a document of articles (several sheets): each article is a part (its document is left out, when it holds nothing else)
        if (articles.length > 0 && articles.every((a) => src.context.lookupMaybe(a, PDFDict)?.get(PDFName.of('S'))?.toString() === '/Art')) {
          for (const article of articles) {
            src.context.lookup(article, PDFDict).delete(PDFName.of('P'));
            tops.push(article);
          }
          continue;
        }
        elem?.delete(PDFName.of('P'));
        tops.push(item);
      }
    }
    for (const [i, page] of src.getPages().entries()) {
      if (!atStart) beforePage?.(i);
      const ref = copier.copy(page.ref) as PDFRef;
      const leaf = ctx.lookup(ref) as PDFPageLeaf;
      const copied = PDFPage.of(leaf, ref, this.out);
      if (atStart) this.out.insertPage(i, copied);
      else this.out.addPage(copied);
      if (root) this.shiftKey(leaf, 'StructParents', offset);
      const annots = leaf.lookupMaybe(PDFName.of('Annots'), PDFArray);
      for (let i = 0; annots && i < annots.size(); i++) {
        const annot = annots.lookupMaybe(i, PDFDict);
        if (!annot) continue;
        const annotRef = annots.get(i);
        if (root) this.shiftKey(annot, 'StructParent', offset);
        const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
        const uri = text(action?.get(PDFName.of('URI')));
        if (uri?.startsWith(PART_LINK_SCHEME)) this.pending.push({ annot, name: uri.slice(PART_LINK_SCHEME.length), ref: annotRef instanceof PDFRef ? annotRef : undefined });
      }
    }
    if (!root) return first;
    const parts: PDFRef[] = [];
    for (const top of tops) {
      const ref = copier.copy(top);
      const elem = ctx.lookupMaybe(ref, PDFDict);
      if (!elem) continue;
      elem.set(PDFName.of('P'), this.documentRef);
      // each printed part was a whole document, or an article of one: in the booklet it is a part of one
      if (['/Document', '/Art'].includes(elem.get(PDFName.of('S'))?.toString() ?? '')) elem.set(PDFName.of('S'), PDFName.of('Part'));
      parts.push(ref instanceof PDFRef ? ref : ctx.register(elem));
    }
    if (atStart) this.parts.unshift(...parts);
    else this.parts.push(...parts);
    let max = -1;
    for (const [key, value] of numberTreeEntries(root.lookupMaybe(PDFName.of('ParentTree'), PDFDict))) {
      this.nums.push(PDFNumber.of(key + offset), copier.copy(value));
      max = Math.max(max, key);
    }
    const declared = root.lookupMaybe(PDFName.of('ParentTreeNextKey'), PDFNumber)?.asNumber() ?? 0;
    this.nextKey = offset + Math.max(declared, max + 1);
    return first;
  }

  /**
   * Whether the object `ref` is still to be changed by the merger (a link annotation `resolveLinks`
   * will point to its page): such objects must stay in the document until then (see ./pdf-stream.js).
   */
  holds(ref: PDFRef): boolean {
    return this.pending.some((p) => p.ref === ref);
  }

  /** Adds a blank page of the size of the last one (A4 when there is none): the verso left empty in print. */
  addBlank(): void {
    const last = this.out.getPageCount() > 0 ? this.out.getPage(this.out.getPageCount() - 1).getSize() : { width: 595.28, height: 841.89 };
    this.out.addPage([last.width, last.height]);
  }

  /**
   * Turns every `capi:NAME` link into a link to the top of page `pageOf(NAME)` (0-based index); a link
   * whose name has no page loses its action (it would otherwise try to open « capi:… » outside).
   * @returns the names that had no page
   */
  resolveLinks(pageOf: (name: string) => number | undefined): string[] {
    const missing: string[] = [];
    for (const { annot, name } of this.pending) {
      annot.delete(PDFName.of('A'));
      const index = pageOf(name);
      if (index === undefined || index < 0 || index >= this.out.getPageCount()) {
        missing.push(name);
        continue;
      }
      const page = this.out.getPage(index);
      annot.set(PDFName.of('Dest'), this.out.context.obj([page.ref, PDFName.of('XYZ'), PDFNull, PDFNumber.of(page.getHeight()), PDFNull]));
    }
    this.pending.length = 0;
    return missing;
  }

  /** Writes the structure tree root, the parent tree and the mark that the document is tagged. */
  finish(): void {
    const ctx = this.out.context;
    this.documentElem.set(PDFName.of('K'), ctx.obj(this.parts));
    ctx.assign(this.documentRef, this.documentElem);
    const parentTree = ctx.obj({}) as PDFDict;
    parentTree.set(PDFName.of('Nums'), ctx.obj(this.nums));
    const root = ctx.obj({ Type: 'StructTreeRoot' }) as PDFDict;
    root.set(PDFName.of('K'), this.documentRef);
    root.set(PDFName.of('ParentTree'), ctx.register(parentTree));
    root.set(PDFName.of('ParentTreeNextKey'), PDFNumber.of(this.nextKey));
    ctx.assign(this.rootRef, root);
    this.out.catalog.set(PDFName.of('StructTreeRoot'), this.rootRef);
    this.out.catalog.set(PDFName.of('MarkInfo'), ctx.obj({ Marked: true }));
  }

  /** Adds `by` to the integer entry `key` of `dict` (a page's `StructParents`, an annotation's `StructParent`). */
  private shiftKey(dict: PDFDict, key: string, by: number): void {
    const n = dict.lookupMaybe(PDFName.of(key), PDFNumber);
    if (n) dict.set(PDFName.of(key), PDFNumber.of(n.asNumber() + by));
  }
}
