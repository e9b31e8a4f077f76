import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import type { Node as YamlNode, Pair, YAMLMap, YAMLSeq } from 'yaml';

/** What a review changes in a sheet. */
export interface ReviewChange {
  /** New `statut`. */
  statut?: string;
  /** `revue.relecteur`. */
  relecteur?: string;
  /** `revue.date` (ISO `YYYY-MM-DD`). */
  date?: string;
  /** `revue.decision` (`a-reviser` or `validee`). */
  decision?: string;
  /** A new comment appended to `revue.commentaires`. */
  comment?: { champ: string; texte: string; auteur?: string; date?: string };
  /** 1-based numbers of comments to mark `resolu: true`. */
  resolve?: number[];
}

/** Raised when the edit cannot be made safely (the file is left untouched). */
export class EditError extends Error {
  constructor(
    public readonly key: string,
    public readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

/** One scalar of YAML on one line, quoted only when needed (`stringify` picks plain, '…' or "…"). */
function scalar(value: string | boolean | number): string {
  return stringify(value, { lineWidth: 0 }).replace(/\n$/, '').replace(/\n/g, ' ');
}

interface Splice {
  at: number;
  end: number;
  text: string;
}

/**
 * Applies a review to the text of a sheet by splicing only the lines concerned, so everything else —
 * the researcher's comments, key order, quoting, blank lines, line endings (CRLF stays CRLF), a UTF-8
 * byte-order mark — is kept byte for byte. The result is parsed again and compared with the expected
 * data; any difference raises an EditError and nothing is returned.
 *
 * @param text the file's text (as read, BOM and CRLF included)
 * @returns the new text
 * @throws EditError (`edit.notAMap`, `edit.unsupported`, `edit.noComment`, `edit.verify`)
 */
export function applyReview(text: string, change: ReviewChange): string {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const lc = new LineCounter();
  const doc = parseDocument(body, { lineCounter: lc, uniqueKeys: true, version: '1.2' });
  if (doc.errors.length > 0 || !isMap(doc.contents)) throw new EditError('edit.notAMap');
  const root = doc.contents as YAMLMap;
  const splices: Splice[] = [];
  const expected = doc.toJS() as Record<string, unknown>;

  const lineStart = (offset: number) => body.lastIndexOf('\n', offset - 1) + 1;
  const indentOf = (offset: number) => offset - lineStart(offset);
  /** Offset just after the line holding the last character of a node. */
  const afterNode = (node: YamlNode): number => {
    let end = node.range![1];
    while (end > 0 && /\s/.test(body[end - 1])) end -= 1;
    const nl = body.indexOf('\n', end);
    return nl === -1 ? body.length : nl + 1;
  };
  const pairOf = (map: YAMLMap, key: string) => map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<YamlNode, YamlNode | null> | undefined;
  /** Replaces the value of `key` in `map`, or inserts `key: value` as the map's first line. */
  const setKey = (map: YAMLMap, key: string, value: string | boolean) => {
    const pair = pairOf(map, key);
    if (pair && pair.value && isScalar(pair.value) && pair.value.range) {
      splices.push({ at: pair.value.range[0], end: pair.value.range[1], text: scalar(value) });
      return;
    }
    if (pair) throw new EditError('edit.unsupported', { key });
    const first = map.items[0];
    const firstKey = first?.key as YamlNode | undefined;
    if (!firstKey?.range) throw new EditError('edit.unsupported', { key });
    const at = lineStart(firstKey.range[0]);
    splices.push({ at, end: at, text: `${' '.repeat(indentOf(firstKey.range[0]))}${key}: ${scalar(value)}${eol}` });
  };

  if (change.statut !== undefined) {
    expected.statut = change.statut;
    setKey(root, 'statut', change.statut);
  }

  const revueChanges = change.relecteur !== undefined || change.date !== undefined || change.decision !== undefined || change.comment !== undefined || (change.resolve?.length ?? 0) > 0;
  if (revueChanges) {
    const revuePair = pairOf(root, 'revue');
    const revueData = (expected.revue ?? {}) as Record<string, unknown>;
    const comments = Array.isArray(revueData.commentaires) ? [...(revueData.commentaires as Array<Record<string, unknown>>)] : [];
    for (const n of change.resolve ?? []) {
      if (!Number.isInteger(n) || n < 1 || n > comments.length) throw new EditError('edit.noComment', { number: n, count: comments.length });
      comments[n - 1] = { ...comments[n - 1], resolu: true };
    }
    if (change.comment) comments.push({ champ: change.comment.champ, texte: change.comment.texte, ...(change.comment.auteur ? { auteur: change.comment.auteur } : {}), ...(change.comment.date ? { date: change.comment.date } : {}), resolu: false });
    const newRevue: Record<string, unknown> = { ...revueData };
    if (change.relecteur !== undefined) newRevue.relecteur = change.relecteur;
    if (change.date !== undefined) newRevue.date = change.date;
    if (change.decision !== undefined) newRevue.decision = change.decision;
    if (comments.length) newRevue.commentaires = comments;
    expected.revue = newRevue;

    const revue = revuePair?.value;
    if (!revuePair || revue === null || revue === undefined || (isScalar(revue) && (revue.value === null || revue.value === ''))) {
      // no revue block yet (or an empty one): write it whole, at the end of the file or in place of `revue:`
      const block = blockText(newRevue, '  ', eol);
      if (revuePair) {
        const k = revuePair.key as YamlNode;
        const at = k.range![0];
        const end = afterNode((revue as YamlNode | null) ?? k);
        splices.push({ at, end, text: `revue:${eol}${block}` });
      } else {
        const sep = body.length === 0 || body.endsWith('\n') ? '' : eol;
        splices.push({ at: body.length, end: body.length, text: `${sep}revue:${eol}${block}` });
      }
    } else if (isMap(revue) && !revue.flow) {
      if (change.relecteur !== undefined) setKey(revue, 'relecteur', change.relecteur);
      if (change.date !== undefined) setKey(revue, 'date', change.date);
      if (change.decision !== undefined) setKey(revue, 'decision', change.decision);
      const childIndent = indentOf((revue.items[0].key as YamlNode).range![0]);
      const cPair = pairOf(revue, 'commentaires');
      const seq = cPair?.value;
      if (isSeq(seq) && !seq.flow && seq.items.length > 0) {
        for (const n of change.resolve ?? []) {
          const item = seq.items[n - 1];
          if (!isMap(item) || item.flow) throw new EditError('edit.unsupported', { key: `commentaires[${n}]` });
          const resolu = pairOf(item, 'resolu');
          if (resolu?.value && isScalar(resolu.value) && resolu.value.range) {
            splices.push({ at: resolu.value.range[0], end: resolu.value.range[1], text: 'true' });
          } else {
            const keyIndent = indentOf((item.items[0].key as YamlNode).range![0]);
            const at = afterNode(item as unknown as YamlNode);
            splices.push({ at, end: at, text: `${' '.repeat(keyIndent)}resolu: true${eol}` });
          }
        }
        if (change.comment) {
          const dash = indentOf((seq.items[0] as YamlNode).range![0]) - 2;
          const at = afterNode(seq as unknown as YamlNode);
          splices.push({ at, end: at, text: commentText(change.comment, ' '.repeat(Math.max(0, dash)), eol) });
        }
      } else if (change.comment) {
        if (cPair && !(seq === null || (isScalar(seq) && (seq.value === null || seq.value === '')) || (isSeq(seq) && seq.items.length === 0))) throw new EditError('edit.unsupported', { key: 'commentaires' });
        if (cPair) {
          const k = cPair.key as YamlNode;
          splices.push({ at: lineStart(k.range![0]), end: afterNode((seq as YamlNode | null) ?? k), text: `${' '.repeat(childIndent)}commentaires:${eol}${commentText(change.comment, ' '.repeat(childIndent + 2), eol)}` });
        } else {
          const at = afterNode(revue as unknown as YamlNode);
          splices.push({ at, end: at, text: `${' '.repeat(childIndent)}commentaires:${eol}${commentText(change.comment, ' '.repeat(childIndent + 2), eol)}` });
        }
      } else if ((change.resolve?.length ?? 0) > 0) {
        throw new EditError('edit.unsupported', { key: 'commentaires' });
      }
    } else {
      throw new EditError('edit.unsupported', { key: 'revue' });
    }
  }

  // apply from the end so offsets stay valid
  let out = body;
  for (const s of splices.sort((a, b) => b.at - a.at || b.end - a.end)) out = out.slice(0, s.at) + s.text + out.slice(s.end);
  const check = parseDocument(out, { uniqueKeys: true, version: '1.2' });
  // key order may differ (a new key goes first in its block): compare the data, not its order
  if (check.errors.length > 0 || !isDeepStrictEqual(check.toJS(), expected)) throw new EditError('edit.verify');
  return bom + out;
}

/** The lines of a new `revue` block's content, each starting with `indent`. */
function blockText(revue: Record<string, unknown>, indent: string, eol: string): string {
  const lines: string[] = [];
  for (const key of ['relecteur', 'date', 'decision']) if (revue[key] !== undefined) lines.push(`${indent}${key}: ${scalar(revue[key] as string)}${eol}`);
  const comments = (revue.commentaires ?? []) as Array<{ champ: string; texte: string; auteur?: string; date?: string; resolu?: boolean }>;
  if (comments.length) {
    lines.push(`${indent}commentaires:${eol}`);
    for (const c of comments) lines.push(commentText(c, `${indent}  `, eol, c.resolu ?? false));
  }
  return lines.join('');
}

/** One comment as a block sequence item: `- champ: …`, `  texte: …`, [`  auteur: …`, `  date: …`,] `  resolu: false`. */
function commentText(c: { champ: string; texte: string; auteur?: string; date?: string }, dashIndent: string, eol: string, resolu = false): string {
  const extra = `${c.auteur ? `${dashIndent}  auteur: ${scalar(c.auteur)}${eol}` : ''}${c.date ? `${dashIndent}  date: ${scalar(c.date)}${eol}` : ''}`;
  return `${dashIndent}- champ: ${scalar(c.champ)}${eol}${dashIndent}  texte: ${textValue(c.texte, `${dashIndent}    `, eol)}${eol}${extra}${dashIndent}  resolu: ${resolu}${eol}`;
}

/**
 * A comment's text as a YAML value: one line as a scalar; several lines as a literal block (`|-`, the
 * lines indented by `indent`, blank lines kept), as a researcher writes long texts. Lines have no
 * leading or trailing spaces (`runReview` trims them), so the block needs no indentation indicator.
 */
function textValue(texte: string, indent: string, eol: string): string {
  if (!texte.includes('\n')) return scalar(texte);
  return `|-${texte.split('\n').map((line) => `${eol}${line ? indent + line : ''}`).join('')}`;
}

export type { YAMLSeq };
