import { isDeepStrictEqual } from 'node:util';
import { parseDocument, Parser } from 'yaml';

/**
 * The safe automatic fixes of `capi validate --fix` (the habit of eslint, markdownlint and ruff): each
 * fixer is a small function from a sheet's text to a new text, for one kind of slip whose fix is
 * unambiguous. `fixText` runs them in order and keeps a fix only when the file read back holds the data
 * the person meant (see `verify`); everything else — comments, key order, quoting, blank lines — is
 * kept byte for byte, as `capi review` does (`./review.ts`).
 */

/** What a fixer proposes: the new text and the 1-based lines it changed. */
export interface FixProposal {
  text: string;
  lines: number[];
  /**
   * The data the person meant, from the data read before the fix (when the file could be read): the
   * same data when omitted. A fix whose result differs is not applied.
   */
  intended?: (data: unknown) => unknown;
  /**
   * A text that stands for the text before the fix when the YAML parser used here reads it otherwise
   * than the YAML specification says (lone CR line breaks): the data before is read from it.
   */
  reference?: string;
}

/** One kind of fix: a code (the catalogue key of its message is `fix.CODE`) and its function. */
export interface Fixer {
  code: string;
  apply: (text: string) => FixProposal;
}

/** A fix applied, or one found but not applied because it would change what the file says. */
export interface FixNote {
  code: string;
  lines: number[];
}

/** The result of `fixText`. */
export interface FixResult {
  /** The fixed text (the input itself, same string, when nothing was fixed). */
  text: string;
  applied: FixNote[];
  /** Fixes found but refused by the check (left for the person). */
  refused: FixNote[];
}

/** A line break of any kind: CRLF, lone CR or LF. */
const BREAK = /\r\n|\r|\n/g;

/** The lines of `text` without their line breaks, and the breaks (one fewer than the lines, or as many when the text ends with one). */
function splitLines(text: string): { lines: string[]; breaks: string[] } {
  const lines: string[] = [];
  const breaks: string[] = [];
  let last = 0;
  for (const m of text.matchAll(BREAK)) {
    lines.push(text.slice(last, m.index));
    breaks.push(m[0]);
    last = m.index! + m[0].length;
  }
  lines.push(text.slice(last));
  return { lines, breaks };
}

function joinLines(lines: readonly string[], breaks: readonly string[]): string {
  return lines.map((l, i) => l + (breaks[i] ?? '')).join('');
}

/**
 * CR-only (old Mac) or mixed line endings → the file's dominant ending (the most frequent of CRLF, LF,
 * CR; LF on a tie with LF, else CRLF). YAML reads every kind as a line break, but Git, editors and the
 * YAML parser capi uses for positions do not: a lone CR makes the rest of its line part of the
 * previous value.
 */
export function fixLineEndings(text: string): FixProposal {
  const { lines, breaks } = splitLines(text);
  const count = (b: string) => breaks.filter((x) => x === b).length;
  const kinds = (['\n', '\r\n', '\r'] as const).map((b) => ({ b, n: count(b) })).filter((k) => k.n > 0);
  if (kinds.length <= 1 && !kinds.some((k) => k.b === '\r')) return { text, lines: [] };
  // a lone CR is never the ending kept: a CR-only file gets LF
  const usable = kinds.filter((k) => k.b !== '\r');
  const dominant = usable.length ? usable.sort((a, b) => b.n - a.n || (a.b === '\n' ? -1 : 1))[0].b : '\n';
  const changed = breaks.map((b, i) => (b !== dominant ? i + 1 : 0)).filter((n) => n > 0);
  const out = usable.length ? indentAfterLoneCr(lines, breaks) : lines;
  // YAML reads CR, LF and CRLF alike (YAML 1.2, « line break characters »): the meaning is that of the text with LF
  return { text: joinLines(out, breaks.map(() => dominant)), lines: changed, reference: text.replace(BREAK, '\n') };
}

/**
 * A lone CR pasted in the middle of a line of a block text (`|`), in a file with other line endings: the
 * text after it, at column 1, would end the block; it gets the indentation of the line it was part of.
 * Block texts are found with the lone CRs read as spaces (as in the line the person sees).
 */
function indentAfterLoneCr(lines: readonly string[], breaks: readonly string[]): string[] {
  const out = [...lines];
  const seen: number[] = [];
  let joinedLine = 1;
  const joined = lines.map((l, i) => {
    seen.push(joinedLine);
    if (breaks[i] !== undefined && breaks[i] !== '\r') joinedLine += 1;
    return l + (breaks[i] === undefined ? '' : breaks[i] === '\r' ? ' ' : '\n');
  });
  const guarded = protectedLines(joined.join(''));
  for (let i = 0; i < breaks.length; i++) {
    if (breaks[i] !== '\r' || !guarded.has(seen[i]) || /^\s/.test(lines[i + 1])) continue;
    const first = seen.indexOf(seen[i]);
    out[i + 1] = `${/^ */.exec(lines[first])![0]}${lines[i + 1]}`;
  }
  return out;
}

/**
 * Unicode NFC normalisation: letters typed as a base letter plus a combining accent (macOS, some
 * copy-pastes) become the single precomposed letter, so « é » is one character everywhere — in git
 * diffs, searches and the id of a place. capi reads sheets in NFC already: the data does not change.
 */
export function fixNfc(text: string): FixProposal {
  const { lines, breaks } = splitLines(text);
  const changed: number[] = [];
  const out = lines.map((l, i) => {
    const n = l.normalize('NFC');
    if (n !== l) changed.push(i + 1);
    return n;
  });
  return { text: joinLines(out, breaks), lines: changed, intended: nfcDeep };
}

/** `data` with every string (keys too) in NFC. */
function nfcDeep(data: unknown): unknown {
  if (typeof data === 'string') return data.normalize('NFC');
  if (Array.isArray(data)) return data.map(nfcDeep);
  if (data && typeof data === 'object' && !(data instanceof Date)) return Object.fromEntries(Object.entries(data).map(([k, v]) => [k.normalize('NFC'), nfcDeep(v)]));
  return data;
}

/**
 * Tabs in indentation → spaces. YAML forbids tabs there (Notepad inserts them with the Tab key). Only
 * lines whose indentation starts with a tab are changed. Inside a block text (`|`, `>`) the tab can only
 * mean « indented like the other lines of the text »: it takes their indentation. Elsewhere a tab's
 * width is unknown, so 2, 4 and 8 spaces are tried: the fix is kept when the widths that read best
 * (fewest syntax errors) all give the same data; when they disagree, it is ambiguous and not proposed.
 */
export function fixTabs(text: string): FixProposal {
  const { lines, breaks } = splitLines(text);
  const guarded = protectedLines(text);
  const tabbed = lines.map((l, i) => (/^\t[\t ]*\S/.test(l) ? i : -1)).filter((i) => i >= 0);
  if (tabbed.length === 0) return { text, lines: [] };
  const inBlock = new Map<number, string>();
  for (const i of tabbed.filter((n) => guarded.has(n + 1))) {
    const indent = blockIndent(lines, guarded, i);
    if (indent !== undefined) inBlock.set(i, indent);
  }
  const candidates = [2, 4, 8].map((width) => {
    const out = [...lines];
    for (const i of tabbed) out[i] = inBlock.has(i) ? out[i].replace(/^[\t ]+/, inBlock.get(i)!) : out[i].replace(/^[\t ]+/, (ws) => ws.replace(/\t/g, ' '.repeat(width)));
    const fixed = joinLines(out, breaks);
    const read = readYaml(fixed);
    return { fixed, errors: read.errors, data: read.data };
  });
  const best = Math.min(...candidates.map((c) => c.errors));
  const winners = candidates.filter((c) => c.errors === best);
  if (!winners.every((w) => isDeepStrictEqual(w.data, winners[0].data))) return { text, lines: [] };
  return { text: winners[0].fixed, lines: tabbed.map((i) => i + 1) };
}

/**
 * The indentation of the lines of the block text holding line `i` (0-based): that of the nearest line
 * of the same block, before it, else after it, that has text and no tab.
 */
function blockIndent(lines: readonly string[], guarded: ReadonlySet<number>, i: number): string | undefined {
  const indentOf = (k: number) => (lines[k].trim() !== '' && !lines[k].startsWith('\t') ? /^ */.exec(lines[k])![0] : undefined);
  for (let k = i - 1; k >= 0 && guarded.has(k + 1); k--) if (indentOf(k) !== undefined) return indentOf(k);
  for (let k = i + 1; k < lines.length && guarded.has(k + 1); k++) if (indentOf(k) !== undefined) return indentOf(k);
  return undefined;
}

/** A `key: value` line or a `- key: value` item, with the value on the same line. */
const KEY_LINE = /^(?<lead>[ ]*(?:-[ ]+)*)(?<key>[^\s#'"\-[\]{},&*!|>%@`][^:#]*?):[ \t]+(?<value>\S.*?)[ \t]*$/;

/**
 * Curly quotes used as YAML quotes: a value written “between Word's quotes” (or ‘single ones’) that
 * cannot be read as it stands (it holds « : », « # »…) gets straight quotes. The text between them is
 * kept as typed, typographic apostrophes included. A value that reads well is left alone: its curly
 * quotes are then part of the text.
 */
export function fixCurlyQuotes(text: string): FixProposal {
  return fixValues(text, (value) => {
    const m = /^([“”„‘’‚])(.*)([“”‘’])$/.exec(value);
    if (!m || m[2].length === 0) return undefined;
    const double = '“”„'.includes(m[1]);
    if (double !== '“”'.includes(m[3])) return undefined;
    // quotes of the same kind inside: not a pair of quotes around the whole value
    if (double ? /[“”„]/.test(m[2]) : /[‘’‚]/.test(m[2].replace(/(\p{L})’(?=\p{L})/gu, '$1'))) return undefined;
    if (readsAsPlain(value)) return undefined;
    return { intended: m[2], written: quote(m[2]) };
  });
}

/**
 * A plain value holding « : » followed by a space (French typography: « Adai : une citerne ») is read
 * by YAML as a key inside a value, an error: the value is put between straight quotes, as typed
 * (« quotes » included). Values holding « # » after a space are left: the person may have meant a
 * comment.
 */
export function fixColonInValue(text: string): FixProposal {
  return fixValues(text, (value) => {
    if (/^["'[{|>&*!%@`#]/.test(value) || /^[“”„‘’‚]/.test(value)) return undefined;
    if (!/:(\s|$)/.test(value) || /\s#/.test(value)) return undefined;
    if (readsAsPlain(value)) return undefined;
    return { intended: value, written: quote(value) };
  });
}

/**
 * Windows back-slashes in a photo path (`..\images\puits.jpg`, which works on Windows and fails
 * elsewhere, in CI first) → « / », which works everywhere. Only the values of `fichier:` keys (the
 * photos' files) are changed; in a double-quoted value a back-slash was an escape, so the intended path
 * is the text as typed.
 */
export function fixBackslashPaths(text: string): FixProposal {
  const proposal = fixValues(text, (value, key) => {
    if (key !== 'fichier' || !value.includes('\\')) return undefined;
    const q = value[0] === '"' || value[0] === "'" ? value[0] : '';
    if (q && !value.endsWith(q)) return undefined;
    const inner = q ? value.slice(1, -1) : value;
    const intended = inner.replace(/\\+/g, '/');
    return { intended, written: q ? `${q}${intended}${q}` : intended };
  });
  return { ...proposal, intended: (data) => mapKey(data, 'fichier', (v) => (typeof v === 'string' ? v.replace(/\\+/g, '/') : v)) };
}

/** A list item `- • text` (a bullet pasted from Word after the dash), outside block texts. */
const BULLET_ITEM = /^(\s*-[ ]+)([•◦▪‣●○■□–—·∙])[ \t]+(\S.*)$/u;

/**
 * A bullet pasted from Word after a list item's « - » (`- • Tazoult`), which YAML keeps in the text
 * and capi would print (« • Tazoult »): the bullet and its spaces are removed, « - » kept. Only plain
 * items (not `- • key: value`), outside block texts; the data intended is the same list with the
 * bullet dropped from those items.
 */
export function fixBulletInItem(text: string): FixProposal {
  const { lines, breaks } = splitLines(text);
  const guarded = protectedLines(text);
  const changed: number[] = [];
  const stripped = new Set<string>();
  const out = lines.map((line, i) => {
    const m = guarded.has(i + 1) ? null : BULLET_ITEM.exec(line);
    if (!m || !readsAsPlain(m[3])) return line;
    changed.push(i + 1);
    stripped.add(`${m[2]} ${m[3]}`);
    return `${m[1]}${m[3]}`;
  });
  const intended = (data: unknown): unknown => {
    if (Array.isArray(data)) return data.map((d) => (typeof d === 'string' && stripped.has(d.replace(/^(\S)\s+/u, '$1 ')) ? d.replace(/^\S\s+/u, '') : intended(d)));
    if (data && typeof data === 'object' && !(data instanceof Date)) return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, intended(v)]));
    return data;
  };
  return { text: joinLines(out, breaks), lines: changed, intended };
}

/** `data` with `fn` applied to the value of every `key` at any depth. */
function mapKey(data: unknown, key: string, fn: (v: unknown) => unknown): unknown {
  if (Array.isArray(data)) return data.map((d) => mapKey(d, key, fn));
  if (data && typeof data === 'object' && !(data instanceof Date)) return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, k === key ? fn(v) : mapKey(v, key, fn)]));
  return data;
}

/** The fixers, in the order they run: line endings first (the others work line by line). */
export const FIXERS: readonly Fixer[] = [
  { code: 'lineEndings', apply: fixLineEndings },
  { code: 'nfc', apply: fixNfc },
  { code: 'tabs', apply: fixTabs },
  { code: 'curlyQuotes', apply: fixCurlyQuotes },
  { code: 'colon', apply: fixColonInValue },
  { code: 'backslash', apply: fixBackslashPaths },
  { code: 'bullet', apply: fixBulletInItem },
];

/**
 * Applies every fixer to the text of a sheet (as read, a UTF-8 byte-order mark included) and keeps each
 * fix that `verify` accepts.
 *
 * @returns the new text (the same string when nothing was fixed), the fixes applied and those refused
 */
export function fixText(text: string, fixers: readonly Fixer[] = FIXERS): FixResult {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  let current = bom ? text.slice(1) : text;
  const applied: FixNote[] = [];
  const refused: FixNote[] = [];
  for (const fixer of fixers) {
    const proposal = fixer.apply(current);
    if (proposal.text === current || proposal.lines.length === 0) continue;
    if (verify(current, proposal)) {
      current = proposal.text;
      applied.push({ code: fixer.code, lines: proposal.lines });
    } else refused.push({ code: fixer.code, lines: proposal.lines });
  }
  return { text: applied.length ? bom + current : text, applied, refused };
}

/**
 * The check that makes a fix safe: the fixed text must not read worse (no more YAML errors than
 * before), and when the text could be read before, it must read without error as the data intended
 * (`proposal.intended` of the data before, else the same data). Text that could not be read before has
 * no data to compare with: each line fixer checks its own line instead (`fixValues`).
 */
export function verify(before: string, proposal: FixProposal): boolean {
  const b = readYaml(proposal.reference ?? before);
  const a = readYaml(proposal.text);
  if (a.errors > b.errors) return false;
  if (b.errors > 0) return true;
  if (a.errors > 0) return false;
  return isDeepStrictEqual(a.data, proposal.intended ? proposal.intended(b.data) : b.data);
}

/** The number of YAML errors of a text and its data (as far as it reads). */
function readYaml(text: string): { errors: number; data: unknown } {
  const doc = parseDocument(text, { uniqueKeys: true, version: '1.2' });
  let data: unknown;
  try {
    data = doc.toJS();
  } catch {
    data = undefined;
  }
  return { errors: doc.errors.length, data };
}

/** True when `key: value` on its own line reads without error as the plain text `value`. */
function readsAsPlain(value: string): boolean {
  const doc = parseDocument(`k: ${value}\n`, { version: '1.2' });
  return doc.errors.length === 0 && isDeepStrictEqual(doc.toJS(), { k: value });
}

/** `value` between straight double quotes, or single quotes when it holds `"` or `\`. */
function quote(value: string): string {
  return /["\\]/.test(value) ? `'${value.replace(/'/g, "''")}'` : `"${value}"`;
}

/**
 * Rewrites, line by line, the values of `key: value` lines (outside block texts and multi-line quoted
 * values, and only when the value ends on its line). `rewrite` returns the value as it should be
 * written and the text it must read as; the line alone is read back, and the rewrite is kept only when
 * it reads as exactly that text.
 */
function fixValues(text: string, rewrite: (value: string, key: string) => { intended: string; written: string } | undefined): FixProposal {
  const { lines, breaks } = splitLines(text);
  const guarded = protectedLines(text);
  const changed: number[] = [];
  const out = lines.map((line, i) => {
    if (guarded.has(i + 1)) return line;
    const m = KEY_LINE.exec(line);
    if (!m?.groups) return line;
    const { lead, key, value } = m.groups;
    // a value continued on the next lines (more indented) is not on one line
    const next = lines.slice(i + 1).find((l) => l.trim() !== '' && !/^\s*#/.test(l));
    if (next !== undefined && indentOf(next) > lead.length) return line;
    for (const { text: v, comment } of valueAndComment(value)) {
      const r = rewrite(v, key.trim());
      if (!r) continue;
      const tail = comment ?? '';
      const check = parseDocument(`${key}: ${r.written}${tail}\n`, { version: '1.2' });
      if (check.errors.length > 0 || !isDeepStrictEqual(check.toJS(), { [key.trim()]: r.intended })) continue;
      changed.push(i + 1);
      return `${lead}${key}: ${r.written}${tail}`;
    }
    return line;
  });
  return { text: joinLines(out, breaks), lines: changed };
}

/**
 * The ways to read a value typed on a key's line: the whole of it, then the value before each « # »
 * that follows a space and is followed by one (a `# commentaire` the person added at the end of the
 * line, kept as typed, spaces included, after the fixed value), the first such « # » first — YAML
 * starts a comment there in a plain value.
 */
function valueAndComment(value: string): Array<{ text: string; comment?: string }> {
  const out: Array<{ text: string; comment?: string }> = [{ text: value }];
  // « # » then a space (or the end): a comment; « #3 » glued to a word may be text (`yaml.comment-in-text`)
  for (const m of value.matchAll(/\s+#(?=\s|$)/g)) {
    const text = value.slice(0, m.index);
    if (text.trim() !== '') out.push({ text, comment: value.slice(m.index) });
  }
  return out;
}

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)![0].length;
}

/**
 * The 1-based lines that belong to a block text (`|`, `>`) or continue a quoted value over several
 * lines: their content is text, never fixed as YAML. Found with the yaml package's CST, which reads
 * files with errors too.
 */
function protectedLines(text: string): Set<number> {
  const starts = [0];
  for (const m of text.matchAll(BREAK)) starts.push(m.index! + m[0].length);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const out = new Set<number>();
  const walk = (token: unknown) => {
    if (!token || typeof token !== 'object') return;
    const tk = token as { type?: string; offset?: number; source?: string; props?: unknown[]; items?: unknown[]; start?: unknown; key?: unknown; sep?: unknown[]; value?: unknown };
    if ((tk.type === 'block-scalar' || tk.type === 'double-quoted-scalar' || tk.type === 'single-quoted-scalar') && typeof tk.offset === 'number' && typeof tk.source === 'string') {
      // a block text's source starts after its header (`|` and its line break, the last of its props)
      const header = tk.type === 'block-scalar' ? (tk.props as Array<{ offset: number; source: string }> | undefined)?.at(-1) : undefined;
      const start = header ? header.offset + header.source.length : tk.offset;
      const content = tk.source.replace(/[\r\n]+$/, '');
      if (content.length > 0) {
        const first = lineOf(start);
        const last = lineOf(start + content.length - 1);
        for (let l = tk.type === 'block-scalar' ? first : first + 1; l <= last; l++) out.add(l);
      }
    }
    for (const v of Object.values(tk)) {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') walk(v);
    }
  };
  for (const token of new Parser().parse(text)) walk(token);
  return out;
}
