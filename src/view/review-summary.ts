/**
 * The review edition (`capi render --relecture`): the review summary that opens it, and the French
 * names of the fields the coordinator's comments are about (schema titles, never raw paths).
 */
import type { Block, SectionView } from './model.js';
import type { DocumentText } from './locale.js';
import { readSchema } from '../validate/schemas.js';
import { isoDayInWords } from './frame.js';

type Schema = { title?: string; $ref?: string; properties?: Record<string, Schema>; items?: Schema; $defs?: Record<string, Schema>; anyOf?: Schema[]; oneOf?: Schema[] };

const schemas = new Map<string, Schema>();

function schemaFile(file: string): Schema {
  let s = schemas.get(file);
  if (!s) {
    s = readSchema(file.replace(/\.schema\.json$/, '') as 're' | 'osim' | 'common') as Schema;
    schemas.set(file, s);
  }
  return s;
}

/** Follows `$ref`s (`common.schema.json#/$defs/revue`, `#/$defs/critere`) from `file`; returns the target and its file. */
function resolve(node: Schema, file: string): { node: Schema; file: string } {
  let n = node;
  let f = file;
  for (let i = 0; i < 8 && n.$ref; i += 1) {
    const [target, pointer = ''] = n.$ref.split('#');
    if (target) f = target;
    let at: unknown = schemaFile(f);
    for (const part of pointer.split('/').filter(Boolean)) at = (at as Record<string, unknown>)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (!at || typeof at !== 'object') break;
    n = { ...(at as Schema), title: n.title ?? (at as Schema).title };
  }
  return { node: n, file: f };
}

/** The child schema of an object or array node (`properties.key`, or `items`), through `anyOf`/`oneOf`. */
function child(node: Schema, key: string): Schema | undefined {
  if (/^\d+$/.test(key)) return node.items ?? (node.anyOf ?? node.oneOf ?? []).map((s) => s.items).find(Boolean);
  return node.properties?.[key] ?? (node.anyOf ?? node.oneOf ?? []).map((s) => s.properties?.[key]).find(Boolean);
}

/**
 * The name of a field as readers know it, from the French titles of the schema: `perceptions.3` →
 * « Perceptions des acteurs locaux n° 4 », `perceptions.0.citations` → « Perceptions des acteurs
 * locaux n° 1 › Citations », `contexte` → « Contexte ». A part the schema does not know keeps its
 * key; an unknown key stops the walk (the rest is shown as written).
 *
 * @param kind the kind of sheet (`re` or `osim`), whose schema names the fields
 * @param path a `revue.commentaires[].champ`: keys and 0-based indexes separated by dots or brackets
 */
export function fieldLabel(doc: DocumentText, kind: 're' | 'osim', path: string): string {
  const parts = path.split(/[.[\]]+/).filter(Boolean);
  const names: string[] = [];
  let here: { node: Schema; file: string } | undefined = { node: schemaFile(`${kind}.schema.json`), file: `${kind}.schema.json` };
  for (const part of parts) {
    const next: Schema | undefined = here ? child(here.node, part) : undefined;
    if (/^\d+$/.test(part) && names.length) {
      names[names.length - 1] = doc.t('frame.item', { label: names[names.length - 1]!, n: Number(part) + 1 });
    } else if (!/^\d+$/.test(part)) {
      const resolved = next && here ? resolve(next, here.file) : undefined;
      names.push(resolved?.node.title ?? part);
    }
    here = next && here ? resolve(next, here.file) : undefined;
  }
  return names.join(' › ') || path;
}

/** A sheet's `revue`, as the schema allows it. */
export interface Revue {
  relecteur?: string;
  date?: string;
  decision?: string;
  commentaires?: Array<{ champ: string; texte: string; auteur?: string; date?: string; resolu?: boolean }>;
}

/**
 * The section that opens a review edition: reviewer, date and decision, how many comments are open and
 * resolved, then every comment (number as `capi review --resoudre N` takes it, field by its French
 * name, text, state). A sheet without review gets the section all the same, saying there is no decision.
 */
export function reviewSummarySection(doc: DocumentText, kind: 're' | 'osim', revue: Revue | null | undefined): SectionView {
  const comments = revue?.commentaires ?? [];
  const open = comments.filter((c) => !c.resolu).length;
  const decision = revue?.decision ? doc.enumLabel('common.schema.json#/$defs/revue/properties/decision', revue.decision) : doc.t('review.noDecision');
  const rows = [
    ...(revue?.relecteur ? [{ label: doc.t('review.reviewer'), value: revue.relecteur }] : []),
    ...(revue?.date ? [{ label: doc.t('review.date'), value: isoDayInWords(doc, revue.date) }] : []),
    { label: doc.t('review.decision'), value: decision },
    { label: doc.t('review.open'), value: doc.number(open) },
    { label: doc.t('review.resolved'), value: doc.number(comments.length - open) },
  ];
  const blocks: Block[] = [{ type: 'fields', rows }];
  if (comments.length) {
    blocks.push({
      type: 'table',
      head: [doc.t('review.col.number'), doc.t('review.col.field'), doc.t('review.col.comment'), doc.t('review.col.state')],
      rows: comments.map((c, i) => [String(i + 1), fieldLabel(doc, kind, c.champ), c.texte, doc.t(c.resolu ? 'review.stateResolved' : 'review.stateOpen')]),
    });
  }
  return { id: 'relecture', title: doc.t('review.title'), level: 1, blocks, children: [] };
}
