import type { Block, Inline, RichBlock, SectionView, SheetView } from './model.js';
import { coarsenPersonalDetails } from '../util/personal-data.js';
import { documentText } from './locale.js';

/**
 * An informant code as people type it: `INF-TIZ-007`, but also `inf-tiz-7`, `INF_TIZ_004`, with
 * non-breaking or typographic hyphens, or spaces (the schema only governs the `informateur` fields).
 */
const CODE = String.raw`\bINF[\s\u2010-\u2015_-]{0,2}[A-Z0-9]{2,5}[\s\u2010-\u2015_-]{0,2}\d{1,4}\b`;

/**
 * Removes informant codes from a text for the public edition: « (INF-TAR-006) » and « , INF-TAR-006 »
 * disappear with their brackets or separator; a code standing alone becomes « un·e informateur·rice ».
 */
export function stripInformantCodes(text: string): string {
  return text
    .replace(new RegExp(String.raw`\s*[(\[]\s*(?:${CODE}\s*[,;]?\s*(?:et\s+)?)+[)\]]`, 'gi'), '')
    .replace(new RegExp(String.raw`,\s*${CODE}`, 'gi'), '')
    .replace(new RegExp(CODE, 'gi'), 'un·e informateur·rice');
}

function mapInlines(inlines: Inline[], fn: (s: string) => string): Inline[] {
  return inlines.map((i) => (i.type === 'text' ? { ...i, value: fn(i.value) } : i.type === 'break' ? i : { ...i, children: mapInlines(i.children, fn) }));
}

function mapRich(blocks: RichBlock[], fn: (s: string) => string): RichBlock[] {
  return blocks.map((b) => (b.type === 'paragraph' ? { ...b, children: mapInlines(b.children, fn) } : { ...b, items: b.items.map((item) => mapRich(item, fn)) }));
}

function mapBlock(block: Block, fn: (s: string) => string): Block {
  switch (block.type) {
    case 'rich':
      return { ...block, blocks: mapRich(block.blocks, fn) };
    case 'fields':
      return { ...block, rows: block.rows.map((r) => ({ label: fn(r.label), value: fn(r.value) })) };
    case 'list':
      return { ...block, items: block.items.map(fn) };
    case 'table':
      return { ...block, head: block.head.map(fn), rows: block.rows.map((r) => r.map(fn)) };
    case 'quote':
      return { ...block, quote: { ...block.quote, text: fn(block.quote.text), translation: block.quote.translation && fn(block.quote.translation), attribution: fn(block.quote.attribution) } };
    case 'photo':
      return { ...block, caption: fn(block.caption), credit: fn(block.credit) };
    case 'rating':
      return { ...block, label: fn(block.label), value: fn(block.value) };
    case 'note':
      return { ...block, text: fn(block.text) };
    case 'columns':
      return { ...block, columns: block.columns.map((c) => ({ ...c, title: fn(c.title), subtitle: c.subtitle && fn(c.subtitle), blocks: c.blocks.map((b) => mapBlock(b, fn)) })) };
    case 'chart':
      return { ...block, title: fn(block.title), bars: block.bars.map((b) => ({ ...b, label: fn(b.label) })) };
  }
}

function mapSection(section: SectionView, fn: (s: string) => string): SectionView {
  return { ...section, title: fn(section.title), blocks: section.blocks.map((b) => mapBlock(b, fn)), children: section.children.map((c) => mapSection(c, fn)), comments: undefined };
}

/**
 * How the public edition changes every printed string of a view in language `lang` (see
 * {@link publicEdition}): informant codes removed, attributions coarsened, contacts removed.
 */
export function publicText(lang: 'fr' | 'en'): (text: string) => string {
  const removed = documentText(lang).t('frame.removedContact');
  return (text: string) => coarsenPersonalDetails(stripInformantCodes(text), removed);
}

/**
 * The public edition of a view: every printed string without informant codes and with attributions
 * coarsened the same way in the text as in the captions and quotes (« Fatima, présidente de
 * l'association de Tizi » → « une présidente d’une association locale »; a function tied to a named
 * place loses the place; phone numbers and e-mail addresses removed: fiches.md, « Personal data »), no
 * review comment, no review summary and no source file. (Quotes without consent, interview lists and
 * photos without consent are already left out when the view is built with `edition: 'publique'`.)
 */
export function publicEdition(view: SheetView): SheetView {
  const fn = publicText(view.lang);
  const { provenance: _provenance, ...colophon } = view.colophon;
  return {
    ...view,
    title: fn(view.title),
    subtitle: view.subtitle && fn(view.subtitle),
    summary: view.summary.map((r) => ({ label: r.label, value: fn(r.value) })),
    sections: view.sections.filter((s) => s.id !== 'relecture').map((s) => mapSection(s, fn)),
    colophon,
  };
}

/**
 * What an edition adds to the name of an output file, before its extension: nothing for `interne`,
 * `-publique` for `publique` (`RE-TIZ-01-publique.pdf`, `recueil-publique.pdf`,
 * `rapport-deroulement-publique.docx`), so editions written to one folder never replace each other.
 */
export function editionSuffix(edition: 'interne' | 'publique'): string {
  return edition === 'publique' ? '-publique' : '';
}
