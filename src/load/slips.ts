/**
 * Slips: the mistakes people make typing a sheet in Notepad or pasting it from Word, recognised from
 * what they typed (the raw lines, the indentation of the neighbours, the characters present) rather than
 * from the parser's complaint, which is often about a symptom several lines away. Each slip is named at
 * the line the person typed, with its fix (messages `slip.*` in the catalogues; guide:
 * docs/fichiers-invalides.md).
 *
 * Two entry points: `findTextSlips` looks at every file (some slips are valid YAML that means something
 * else: a list under `>`, a comma in `{ … }`), `explainSyntaxError` explains the first error of the
 * YAML parser when the text-level scan found nothing.
 */

import { yamlLib } from './yaml-lib.js';
import { firstOfEither, isSpaceCode } from '../util/chars.js';

/** A slip found in the text: where, its stable code, its catalogue key and parameters. */
export interface Slip {
  /** 1-based line and column. */
  line: number;
  column: number;
  /** Stable diagnostic code, e.g. `yaml.missing-dash`. */
  code: string;
  /** Catalogue key of the message; the hint is `${key}Hint` when the catalogue has it. */
  key: string;
  params?: Record<string, string | number>;
  severity: 'error' | 'warning';
  /** Catalogue key of the hint, when it is not `${key}Hint`. */
  hintKey?: string;
}

/** Indentation (leading spaces) of a line. */
const indentOf = (line: string): number => {
  let n = 0;
  while (line.charCodeAt(n) === 0x20) n++;
  return n;
};
/** A key line: `key:` or `- key:`, with the key in field words (ASCII snake case, as every sheet key). */
const KEY_LINE = /^(\s*)(- +)?([A-Za-z_][A-Za-z0-9_]*)\s*:(?: |$)/;
/** A block scalar header at the end of a key line: `|`, `>`, `|-`, `>+`, `|2`… */
const BLOCK_HEADER = /:\s+([|>])[-+0-9]*\s*(?:#.*)?$/;
const isBlank = (line: string): boolean => /^\s*(#.*)?$/.test(line);

/**
 * The slips visible in the raw text, valid YAML or not: conflict markers, a second document, CR
 * line endings, YAML merge keys, curly quotes used as YAML quotes, brackets not closed, commas and
 * « : » inside `{ … }` and `[ … ]`, a list under `>`, a list item glued to its dash, text pasted at
 * column 1 under a `|`, back-slashes in a photo path, Arabic turned to « ??? ».
 *
 * @param text the whole file (BOM removed), line endings as in the file
 * @returns slips in file order; errors mean the data would be wrong or unreadable, warnings that capi
 *   reads it but the person should know
 */
export function findTextSlips(text: string): Slip[] {
  return maybeLineSlip(text) ? scanTextSlips(text) : blockSlips(text);
}

/**
 * `findTextSlips` line by line, every check on every line: what it answers when `MAYBE_LINE_SLIP` says
 * a slip is possible (exported for the test that holds the pre-test to it).
 */
export function scanTextSlips(text: string): Slip[] {
  const out: Slip[] = [...lineEndingSlips(text)];
  if (out.some((s) => s.severity === 'error')) return out;
  const lines = text.split(/\r?\n/);
  let seenContent = false;
  const markers = lines.flatMap((l, i) => (/^(<{7}|={7}|>{7})(?: |$)/.test(l) ? [i + 1] : []));
  if (markers.length > 0) {
    return [...out, { line: markers[0], column: 1, code: 'yaml.conflict-marker', key: 'slip.conflictMarker', severity: 'error', params: { lines: markers.join(', ') } }];
  }
  const inBlock = blockTextLines(lines);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // the text of a `|` or `>` block is the person's prose: « “Nous : …” », « [Note : …] » are fine there
    if (inBlock.has(i)) continue;
    const at = (column: number, code: string, key: string, severity: Slip['severity'] = 'error', params?: Slip['params']) =>
      out.push({ line: i + 1, column, code, key, severity, ...(params ? { params } : {}) });
    const lead = /^[ \t\u00a0\u2000-\u200a\u202f\u3000]*/.exec(line)![0];
    if (lead.includes('\t')) {
      at(lead.indexOf('\t') + 1, 'yaml.tab-indent', 'yaml.TAB_AS_INDENT');
      continue;
    }
    if (/[^ ]/.test(lead) && line.length > lead.length) {
      at(lead.search(/[^ ]/) + 1, 'yaml.unicode-space-indent', 'slip.unicodeSpaceIndent', 'error', { code: `U+${lead.match(/[^ ]/)![0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` });
      continue;
    }
    if (/^(---|\.\.\.)\s*(#.*)?$/.test(line) && seenContent) {
      const marker = documentMarker(lines, i, inBlock);
      at(1, marker.code, marker.key, 'error', marker.params);
      if (marker.code === 'yaml.two-documents') break;
      // the rest of the text after the marker is still the person's prose: not scanned as YAML
      if (marker.key === 'slip.markerInText') while (i + 1 < lines.length && (lines[i + 1].trim() === '' || indentOf(lines[i + 1]) > 0)) i++;
      continue;
    }
    if (!isBlank(line) && !/^(---|%)/.test(line)) seenContent = true;
    const merge = /^(\s*(?:- +)?)<<\s*:/.exec(line);
    if (merge) at(merge[1].length + 1, 'yaml.merge-key', 'slip.mergeKey');
    const quote = curlyQuoted(line);
    if (quote) at(quote.column, 'yaml.curly-quotes', quote.guillemets ? 'slip.guillemetsAsQuotes' : 'slip.curlyQuotes', 'error', { quote: quote.quote });
    const flow = flowSlip(line, lines[i + 1]);
    if (flow) at(flow.column, flow.code, flow.key, 'error', flow.params);
    const dash = /^(\s*)-([^\s-][^:]*)$/.exec(line);
    if (dash && (/^\s*- /.test(lines[i - 1] ?? '') || /^\s*- /.test(lines[i + 1] ?? '')) && indentOf(lines[i - 1] ?? '') === dash[1].length) {
      at(dash[1].length + 2, 'yaml.dash-without-space', 'slip.dashWithoutSpace');
    }
    const bullet = wordBullet(lines, i);
    if (bullet) out.push(bullet);
    const photo = /^\s*(?:- +)?fichier\s*:\s*["']?([^"'#]*\\[^"'#]*)/.exec(line);
    if (photo) at(line.indexOf(photo[1]) + 1, 'photo.backslash', 'slip.backslash', 'warning', { path: photo[1].trim() });
    const block = BLOCK_HEADER.exec(line);
    if (block) {
      const slip = blockSlip(lines, i, block[1] === '>');
      if (slip) out.push(slip);
    }
  }
  out.push(...lostArabic(lines));
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * What every slip of `findTextSlips` but those after a block header needs on some line (`[^\S\n]` is
 * `\s` within a line): at a line start, a conflict marker; a tab or a Unicode space in the indentation;
 * `---` or `...`; a curly quote, a guillemet or a brace opening a value, or a bracket but for a list
 * closed on its line with no quote, colon, `#` or nested bracket in it (`langues: [ar, fr]`, which
 * `flowSlip` passes); a dash glued to its item; a Word bullet opening an item. Keep it in step with
 * the scan's checks.
 */
const LINE_START_SLIPS = [
  '(?:<{7}|={7}|>{7})',
  ' *[\\t\\u00a0\\u2000-\\u200a\\u202f\\u3000]',
  '(?:---|\\.\\.\\.)',
  '[^\\S\\n]*(?:- +)?(?:[A-Za-z_][A-Za-z0-9_]*[^\\S\\n]*:[^\\S\\n]+)?(?:[“”„‘’‚«{]|\\[(?![^[\\]{}"\'#:\\n]*\\][^\\S\\n]*$))',
  '[^\\S\\n]*-[^\\s-]',
  '[^\\S\\n]*(?:- +)?[•◦▪‣●○■□–—·∙]',
].join('|');
/** `LINE_START_SLIPS` after a line feed: a leading literal the engine finds fast (`^` with `m` tried every position). */
const AFTER_LINE_FEED = new RegExp(`\\n(?:${LINE_START_SLIPS})`, 'm');
/** `LINE_START_SLIPS` at the start of the text (sticky: only at `lastIndex` 0). */
const AT_TEXT_START = new RegExp(`(?:${LINE_START_SLIPS})`, 'my');
/** A back-slash in a `fichier:` line. */
const BACKSLASH_PATH = /fichier[^\S\n]*:[^\n]*\\/;

/**
 * True where `/\r|<<|fichier[^\S\n]*:[^\n]*\\|\?\?\?/` matches: the slips found anywhere in a line (a CR,
 * `<<`, a back-slash in a `fichier:` line, `???`). Each sign looked for with `includes` (native), the
 * expression for a path only in a text with a back-slash: the expression tried every `fichier` and
 * every position of every sheet.
 */
function hasAnywhereSlip(text: string): boolean {
  return text.includes('\r') || text.includes('<<') || text.includes('???') || (text.includes('\\') && BACKSLASH_PATH.test(text));
}

/**
 * False when no line of `text` can hold a slip of `scanTextSlips` but those after a block header: a
 * text without any of the marks above (most sheets) has none, and `blockSlips` gives the scan's answer
 * for a fraction of its cost.
 */
function maybeLineSlip(text: string): boolean {
  AT_TEXT_START.lastIndex = 0;
  return hasAnywhereSlip(text) || AT_TEXT_START.test(text) || AFTER_LINE_FEED.test(text);
}

/**
 * The slips of a text `maybeLineSlip` rules every other slip out of: those after a `|` or `>` header
 * (`blockSlip`), at the headers that are not themselves block text, in file order — what
 * `blockTextLines` and `blockSlip` answer on the split lines, found by one walk over the text's line
 * offsets (no array of lines, no expression tried on each line: on a thousand sheets the split and the
 * per-line header test were most of this scan). A header's block is split into lines only where
 * `blockSlip` may have something to say: a `>` block, or a line back at the key's indentation that is
 * no key, comment, list item nor marker.
 */
function blockSlips(text: string): Slip[] {
  let at = nextHeaderMark(text, 0);
  // no block header at all: nothing to walk
  if (at < 0) return [];
  // (not from `findTextSlips`, whose pre-test sends a text with a CR to the full scan)
  if (text.includes('\r')) return blockSlipsOfLines(text.split(/\r?\n/));
  let lines: string[] | undefined;
  const allLines = () => (lines ??= text.split('\n'));
  /** The index of the line starting at `start` (for the split lines: only when a slip may be there). */
  const lineIndex = (start: number) => {
    let n = 0;
    for (let nl = text.indexOf('\n'); nl >= 0 && nl < start; nl = text.indexOf('\n', nl + 1)) n++;
    return n;
  };
  const out: Slip[] = [];
  for (; at >= 0; ) {
    const start = text.lastIndexOf('\n', at) + 1;
    const end = lineEnd(text, at);
    const header = BLOCK_HEADER.exec(text.slice(start, end));
    if (!header) {
      at = nextHeaderMark(text, end);
      continue;
    }
    const keyIndent = spacesAt(text, start);
    const slip = header[1] === '>' ? blockSlip(allLines(), lineIndex(start), true) : blockSlipAt(text, end + 1, keyIndent, () => blockSlip(allLines(), lineIndex(start), false));
    if (slip) out.push(slip);
    // the block's text is not read for headers: the walk goes on at the line that ends it
    const after = blockTextEnd(text, end + 1, keyIndent);
    at = after > text.length ? -1 : nextHeaderMark(text, after);
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * The position of the next `|` or `>` at or after `from` that follows a colon and white space on its
 * line (where `/:[^\S\n]+[|>]/` matches, found from each `|` and `>` looking back: every key line has a
 * colon, few have these), or -1.
 */
function nextHeaderMark(text: string, from: number): number {
  return firstOfEither(text, '|', '>', from, (i) => {
    let j = i - 1;
    while (j >= 0 && text.charCodeAt(j) !== 0x0a && isSpaceCode(text.charCodeAt(j))) j--;
    return j < i - 1 && j >= 0 && text.charCodeAt(j) === 0x3a;
  });
}

/** `blockSlips` on the split lines: `blockTextLines` for the headers, `blockSlip` for each. */
function blockSlipsOfLines(lines: string[]): Slip[] {
  const headers: number[] = [];
  blockTextLines(lines, headers);
  const out: Slip[] = [];
  for (const i of headers) {
    const slip = blockSlip(lines, i, BLOCK_HEADER.exec(lines[i])![1] === '>');
    if (slip) out.push(slip);
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Where the line starting at `start` ends: its line feed, or the text's end. */
function lineEnd(text: string, start: number): number {
  const lf = text.indexOf('\n', start);
  return lf < 0 ? text.length : lf;
}

/** The spaces at `start` (a line's indentation, as `indentOf`). */
function spacesAt(text: string, start: number): number {
  let i = start;
  while (text.charCodeAt(i) === 0x20) i++;
  return i - start;
}

/** True when the text from `from` to `end` is white space only (a line whose `trim()` is empty). */
function blankBetween(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (!isSpaceCode(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Where the block text of a header ends, as `blockTextLines` reads it from the lines starting at
 * `first` (the line after the header's): the start of the first line that is not blank and less
 * indented than the block's first line of text (every line when that one is not more indented than the
 * key, or starts with spaces and a tab), or past the text's end when every line is block text.
 */
function blockTextEnd(text: string, first: number, keyIndent: number): number {
  let content = -1;
  let start = first;
  while (start <= text.length) {
    const end = lineEnd(text, start);
    const indent = spacesAt(text, start);
    if (!blankBetween(text, start + indent, end)) {
      if (content < 0) content = indent > keyIndent && text.charCodeAt(start + indent) !== 0x09 ? indent : Infinity;
      if (indent < content) return start;
    }
    start = end + 1;
  }
  return start;
}

/**
 * `blockSlip` of a `|` header whose key is indented `keyIndent`, from the lines starting at `first`:
 * undefined at a line starting with spaces and a tab, or back at the key's indentation with a key, a
 * comment, a list item or a marker; at any other line back there, what `slip` (the split-lines
 * `blockSlip`) says.
 */
function blockSlipAt(text: string, first: number, keyIndent: number, slip: () => Slip | undefined): Slip | undefined {
  for (let start = first; start <= text.length; ) {
    const end = lineEnd(text, start);
    const indent = spacesAt(text, start);
    if (!blankBetween(text, start + indent, end)) {
      if (text.charCodeAt(start + indent) === 0x09) return undefined;
      if (indent <= keyIndent) {
        const line = text.slice(start, end);
        return /^\s*#/.test(line) || KEY_LINE.test(line) || /^\s*- /.test(line) || /^(---|\.\.\.|<{7}|={7}|>{7})/.test(line) ? undefined : slip();
      }
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * The indexes of the lines that are the text of a block scalar (`key: |` or `key: >`): blank lines and
 * lines indented at least as much as the block's first line of text, when that is more than the key.
 * `headers`, when given, receives the indexes of the header lines (`key: |`) that are not block text.
 */
function blockTextLines(lines: string[], headers?: number[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    if (!BLOCK_HEADER.test(lines[i])) continue;
    headers?.push(i);
    const keyIndent = indentOf(lines[i]);
    let content = -1;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j];
      if (line.trim() === '') {
        out.add(j);
        continue;
      }
      if (content < 0) content = indentOf(line) > keyIndent && !/^ *\t/.test(line) ? indentOf(line) : Infinity;
      if (indentOf(line) < content) break;
      out.add(j);
    }
    i = j - 1;
  }
  return out;
}

/**
 * A `---` (or `...`) at column 1 after the sheet has started: a second sheet when what follows looks
 * like a sheet of its own (its next key is at column 1: `fiche:`, `id:`, `titre:`…), otherwise a
 * separator the person typed inside the sheet — in a `|` text (the text above and below it is
 * indented) or between two keys — which must never be answered with « delete what follows ».
 *
 * @param inBlock the lines that are text of a block scalar (`blockTextLines`)
 */
function documentMarker(lines: string[], i: number, inBlock: ReadonlySet<number>): { code: string; key: string; params?: Slip['params'] } {
  const next = lines.slice(i + 1).find((l) => !isBlank(l));
  if (next === undefined || /^[A-Za-z_][A-Za-z0-9_]*\s*:(?: |$)/.test(next)) return { code: 'yaml.two-documents', key: 'slip.twoDocuments' };
  const marker = lines[i].trim().slice(0, 3);
  // the block text the marker was typed in: the closest line above that is block text, with text
  let j = i - 1;
  while (j >= 0 && lines[j].trim() === '') j--;
  if (j >= 0 && inBlock.has(j)) return { code: 'yaml.document-marker', key: 'slip.markerInText', params: { marker, spaces: indentOf(lines[j]) } };
  // right under `key: |`: the text follows the marker, more indented than the key
  if (j >= 0 && BLOCK_HEADER.test(lines[j]) && indentOf(next) > indentOf(lines[j])) return { code: 'yaml.document-marker', key: 'slip.markerInText', params: { marker, spaces: indentOf(next) } };
  return { code: 'yaml.document-marker', key: 'slip.markerInSheet', params: { marker } };
}

/** Bullets Word and web pages paste in front of list items (• ◦ ▪ ‣ ● ○ ■ □ – — ·), which YAML does not read as « - ». */
export const WORD_BULLET = /^[•◦▪‣●○■□–—·∙]$/u;
const BULLET_AT = /^(\s*)(- +)?([•◦▪‣●○■□–—·∙])\s+(\S.*)$/u;

/**
 * A list item typed with a bullet pasted from Word: `    • Tazoult` in a list (the item above has
 * « - », or a bullet, at the same indentation, or it is the first line under `douars:`) is an error
 * (YAML reads no list item there: the bullet must become « - »); `- • Tazoult` is read, but the bullet
 * would be printed in the text: a warning that `--fix` repairs (edit/fix.ts `fixBulletInItem`).
 */
function wordBullet(lines: string[], i: number): Slip | undefined {
  const m = BULLET_AT.exec(lines[i]);
  if (!m) return undefined;
  const [, lead, dash, bullet, rest] = m;
  if (dash) {
    if (KEY_LINE.test(`${lead}${rest}`)) return undefined;
    return { line: i + 1, column: lead.length + dash.length + 1, code: 'yaml.bullet-in-item', key: 'slip.bulletInItem', severity: 'warning', params: { bullet, text: rest } };
  }
  const prev = previous(lines, i);
  if (!prev) return undefined;
  const sameList = indentOf(prev.line) === lead.length && (/^\s*- /.test(prev.line) || BULLET_AT.test(prev.line));
  const firstUnderKey = /:\s*(#.*)?$/.test(prev.line) && KEY_LINE.test(prev.line) && indentOf(prev.line) < lead.length;
  if (!sameList && !firstUnderKey) return undefined;
  return { line: i + 1, column: lead.length + 1, code: 'yaml.word-bullet', key: 'slip.wordBullet', severity: 'error', params: { bullet, text: rest } };
}

/**
 * Line endings: CR alone (old Mac editors) as the file's only ending is an error (YAML would read one
 * long line); a CR alone among CRLF/LF lines, or a mix of CRLF and LF, is a warning at the first line
 * that differs from the file's dominant ending.
 */
function lineEndingSlips(text: string): Slip[] {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  if (cr > 0 && crlf + lf === 0) return [{ line: 1, column: 1, code: 'text.cr-line-endings', key: 'slip.crLineEndings', severity: 'error' }];
  if (cr > 0) {
    const index = text.search(/\r(?!\n)/);
    const before = text.slice(0, index).split('\n');
    return [{ line: before.length, column: before[before.length - 1].length + 1, code: 'text.lone-cr', key: 'slip.loneCr', severity: 'error' }];
  }
  if (crlf > 0 && lf > 0) {
    const minority = crlf >= lf ? /(?<!\r)\n/ : /\r\n/;
    const before = text.slice(0, text.search(minority)).split('\n');
    const [dominant, minor] = crlf >= lf ? ['CRLF (Windows)', 'LF'] : ['LF', 'CRLF (Windows)'];
    return [{ line: before.length, column: 1, code: 'text.mixed-line-endings', key: 'slip.mixedLineEndings', severity: 'warning', params: { dominant, minor } }];
  }
  return [];
}

/** Curly quotes (“ ” ‘ ’) or guillemets used as YAML quotes around a value that YAML then misreads (it holds « : » or « # »). */
function curlyQuoted(line: string): { column: number; quote: string; guillemets: boolean } | undefined {
  const m = /^(\s*(?:- +)?(?:[A-Za-z_][A-Za-z0-9_]*\s*:\s+)?)([“”„‘’‚«])(.*)$/.exec(line);
  if (!m || !/: |\s#/.test(m[3])) return undefined;
  return { column: [...m[1]].length + 1, quote: m[2], guillemets: m[2] === '«' };
}

/**
 * Slips in a flow collection written on one line: `{ … }` or `[ … ]` not closed on its line (and the
 * next line starts something else), a comma or « : » inside French text in `{ … }`, « : » in an item of
 * `[ … ]` (which YAML reads as a key).
 */
function flowSlip(line: string, next: string | undefined): { column: number; code: string; key: string; params?: Slip['params'] } | undefined {
  const m = /^(\s*(?:- +)?(?:[A-Za-z_][A-Za-z0-9_]*\s*:\s+)?)([[{])(.*)$/.exec(line);
  if (!m) return undefined;
  const open = m[2];
  const close = open === '[' ? ']' : '}';
  const start = m[1].length;
  const { items, closed } = splitFlow(m[3], close);
  if (!closed) {
    // a collection may go on over several lines: only when the next line starts something else
    if (next === undefined || isBlank(next) || KEY_LINE.test(next) || /^\s*- /.test(next) || indentOf(next) <= indentOf(line)) {
      return { column: line.replace(/\s+$/, '').length + 1, code: 'yaml.unclosed-bracket', key: 'slip.unclosedBracket', params: { open, close, openColumn: start + 1 } };
    }
    return undefined;
  }
  let offset = start + 1;
  for (const item of items) {
    const text = item.trim();
    const column = offset + item.length - item.trimStart().length + 1;
    offset += item.length + 1;
    if (text === '' || /^["'[{]/.test(text)) continue;
    if (open === '{') {
      const pair = /^([A-Za-z_][A-Za-z0-9_]*)\s*:\s+(.*)$/.exec(text);
      if (!pair) return { column, code: 'yaml.comma-in-flow', key: 'slip.commaInFlow', params: { text } };
      if (/: /.test(pair[2]) && !/^["']/.test(pair[2])) return { column: column + text.indexOf(pair[2]), code: 'yaml.colon-in-flow', key: 'slip.colonInFlow', params: { key: pair[1] } };
    } else if (/: /.test(text)) {
      return { column, code: 'yaml.colon-in-flow-list', key: 'slip.colonInFlowList', params: { text } };
    }
  }
  return undefined;
}

/** Splits the inside of a flow collection at its top-level commas, up to its closing bracket. */
function splitFlow(rest: string, close: string): { items: string[]; closed: boolean } {
  const items: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const ch of rest) {
    if (quote) {
      if (ch === quote) quote = '';
      current += ch;
      continue;
    }
    if ((ch === '"' || ch === "'") && current.trim() === '') quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if ((ch === ']' || ch === '}') && depth > 0) depth--;
    else if (ch === close && depth === 0) return { items: [...items, current], closed: true };
    else if (ch === ',' && depth === 0) {
      items.push(current);
      current = '';
      continue;
    }
    if (ch === '#' && /\s$/.test(current)) break;
    current += ch;
  }
  return { items: [...items, current], closed: false };
}

/**
 * After a block scalar header at `lines[i]`: a bulleted or numbered list under `>` whose items YAML
 * folds into one line (a warning), or text pasted less indented than the key (at column 1) under `|` or `>`,
 * which ends the text there.
 */
function blockSlip(lines: string[], i: number, folded: boolean): Slip | undefined {
  const keyIndent = indentOf(lines[i]);
  let listWarned = false;
  for (let j = i + 1; j < lines.length; j++) {
    const line = lines[j];
    if (line.trim() === '') continue;
    if (/^ *\t/.test(line)) return undefined; // a tab: its own slip
    if (indentOf(line) <= keyIndent) {
      if (/^\s*#/.test(line) || KEY_LINE.test(line) || /^\s*- /.test(line) || /^(---|\.\.\.|<{7}|={7}|>{7})/.test(line)) return undefined;
      const first = lines.slice(i + 1, j).find((l) => l.trim() !== '');
      const params = { key: KEY_LINE.exec(lines[i])?.[3] ?? '', spaces: indentOf(line), expected: first ? indentOf(first) : keyIndent + 2 };
      if (indentOf(line) === 0) return { line: j + 1, column: 1, code: 'yaml.text-outside-block', key: 'slip.textOutsideBlock', severity: 'error', params };
      return { line: j + 1, column: 1, code: 'yaml.text-outside-block', key: 'slip.textLessIndented', severity: 'error', params };
    }
    // under `>`, a line followed at once by a list item at the same indentation is folded into one line
    // with it (blank lines between the items, as YAML writers put them, keep them apart)
    const next = lines[j + 1];
    if (folded && !listWarned && next !== undefined && next.trim() !== '' && indentOf(next) === indentOf(line) && /^\s*([-*•]|\d+[.)])\s/.test(next)) {
      listWarned = true;
      return { line: i + 1, column: lines[i].lastIndexOf('>') + 1, code: 'yaml.list-under-folded', key: 'slip.listUnderFolded', severity: 'warning', params: { key: KEY_LINE.exec(lines[i])?.[3] ?? '' } };
    }
  }
  return undefined;
}

/**
 * Arabic text lost to a Latin-1 save: a `texte:` made of « ? » (three or more, few letters) in a quote
 * whose `langue` is `ar` or `ary` (within the same list item).
 */
function lostArabic(lines: string[]): Slip[] {
  const out: Slip[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*(?:- +)?texte\s*:\s*["']?)(.*)$/.exec(line);
    if (!m || !/\?{3,}/.test(m[2])) return;
    const marks = (m[2].match(/\?/g) ?? []).length;
    const letters = (m[2].match(/\p{L}/gu) ?? []).length;
    if (marks < letters) return;
    const indent = indentOf(line) + (/^\s*- /.test(line) ? 2 : 0);
    for (let j = i + 1; j < lines.length; j++) {
      if (lines[j].trim() === '') continue;
      if (indentOf(lines[j]) < indent) return;
      const lang = /^\s*langue\s*:\s*["']?(ar|ary)\b/.exec(lines[j]);
      if (lang && indentOf(lines[j]) === indent) {
        out.push({ line: i + 1, column: m[1].length + 1, code: 'text.lost-arabic', key: 'slip.lostArabic', severity: 'error', params: { lang: lang[1] } });
        return;
      }
    }
  });
  return out;
}

/**
 * Explains the first syntax error of the YAML parser from the lines around it: a list item without
 * « - » (a `{ … }` or a plain value), a line more indented than its neighbours, straight quotes inside a
 * quoted text, paragraphs with « : » written without `|`, a key without « : » or without the space after
 * it, a key of a list item not aligned under the first one.
 *
 * @param lines the file's lines (without line endings)
 * @param at 1-based position of the parser's first error, and its yaml error code
 * @returns the slip, or undefined when none fits (the caller then uses the parser's code, in French)
 */
export function explainSyntaxError(lines: string[], at: { line: number; col: number; code: string }): Slip | undefined {
  // (`id RE-TIZ-01` between keys is a key without « : », not a wrapped value)
  const wrapped = missingColon(lines, at.line - 1) ? undefined : wrappedValue(lines, at.line - 1);
  if (wrapped) return wrapped;
  const from = Math.max(0, at.line - 3);
  for (let i = from; i <= Math.min(lines.length - 1, at.line); i++) {
    const slip = missingDash(lines, i) ?? misalignedDash(lines, i) ?? overIndented(lines, i) ?? misalignedInItem(lines, i);
    if (slip) return slip;
  }
  const i = at.line - 1;
  const line = lines[i] ?? '';
  return quotesInQuotes(line, i) ?? missingColon(lines, i) ?? paragraphWithoutBlock(lines, i) ?? valueStart(line, i) ?? colonInValue(line, i);
}

/**
 * A plain value cut in two by the editor (Notepad's word wrap saved as a line break, a paste): the
 * line is not a key nor a list item, and the line above is `key: value` whose key is at least as
 * indented — YAML reads no continuation there. The fix is to join the lines, or to write a `|` block.
 */
function wrappedValue(lines: string[], i: number): Slip | undefined {
  const line = lines[i] ?? '';
  if (isBlank(line) || KEY_LINE.test(line) || /^\s*(- |[-"'[{#|>])/.test(line)) return undefined;
  const prev = previous(lines, i);
  const m = prev && /^(\s*(?:- +)?)([A-Za-z_][A-Za-z0-9_]*)\s*:\s+([^"'|>[{&*!\s].*)$/.exec(prev.line);
  if (!prev || !m || /:\s*$/.test(m[3])) return undefined;
  const keyIndent = m[1].length;
  if (indentOf(line) > keyIndent) return undefined;
  return { line: i + 1, column: indentOf(line) + 1, code: 'yaml.wrapped-line', key: 'slip.wrappedLine', severity: 'error', params: { key: m[2], keyLine: prev.index + 1, indent: keyIndent + 2 } };
}

/** A list item whose « - » is not aligned on the « - » of the item above (one to three spaces off). */
function misalignedDash(lines: string[], i: number): Slip | undefined {
  if (!/^\s*- /.test(lines[i] ?? '')) return undefined;
  const prev = previous(lines, i);
  if (!prev || !/^\s*- /.test(prev.line)) return undefined;
  const gap = indentOf(lines[i]) - indentOf(prev.line);
  if (gap === 0 || Math.abs(gap) > 3) return undefined;
  return { line: i + 1, column: 1, code: 'yaml.misaligned-dash', key: 'slip.misalignedDash', severity: 'error', params: { spaces: indentOf(lines[i]), expected: indentOf(prev.line), dashLine: prev.index + 1 } };
}

/** A value starting with a character YAML reserves (`*`, `&`, `!`, `@`, `` ` ``, `%`), or a `[ … ]` / `{ … }` followed by more text. */
function valueStart(line: string, i: number): Slip | undefined {
  const m = /^(\s*(?:- +)?([A-Za-z_][A-Za-z0-9_]*)\s*:\s+)(.*)$/.exec(line);
  if (!m) return undefined;
  const value = m[3];
  const column = [...m[1]].length + 1;
  if (/^[*&!@`%]/.test(value)) return { line: i + 1, column, code: 'yaml.value-start', key: 'slip.valueStart', severity: 'error', params: { key: m[2], char: value[0] } };
  const bracket = /^([[{])/.exec(value);
  if (bracket) {
    const { closed, items } = splitFlow(value.slice(1), bracket[1] === '[' ? ']' : '}');
    const after = value.slice(1 + items.join(',').length + 1).trim();
    if (closed && after !== '' && !after.startsWith('#')) return { line: i + 1, column, code: 'yaml.value-start', key: 'slip.textAfterBracket', severity: 'error', params: { key: m[2], char: bracket[1] } };
  }
  return undefined;
}

/** A one-line plain value holding « : » and a space (`lieu: Siège : commune`), which YAML reads as a key. */
function colonInValue(line: string, i: number): Slip | undefined {
  const m = /^(\s*(?:- +)?([A-Za-z_][A-Za-z0-9_]*)\s*:\s+)([^"'|>\s].*)$/.exec(line);
  if (!m || !/: |:$/.test(m[3])) return undefined;
  return { line: i + 1, column: [...m[1]].length + 1, code: 'yaml.colon-in-value', key: 'slip.colonInValue', severity: 'error', params: { key: m[2] } };
}

/**
 * The slips certain from their line alone, reported with the first syntax error so a person fixes
 * them all in one pass (the parser stops being reliable after its first error; `--fix` sees them all):
 * a one-line plain value holding « : » (`lieu: Siège : commune`) that YAML cannot read on its own, a
 * plain list item written without « - » right under a plain item that has one.
 * Lines of block texts and values continued on the next lines are left out.
 *
 * @param lines the file's lines (without line endings)
 * @returns slips in file order
 */
export function findLineSlips(lines: string[]): Slip[] {
  const inBlock = blockTextLines(lines);
  const out: Slip[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (inBlock.has(i)) continue;
    // a plain item between plain items of a list (« - » above it, at its indentation) without « - »
    const prev = previous(lines, i);
    if (prev && !isBlank(lines[i]) && /^\s*- (?![^:]*:(?: |$))/.test(prev.line) && indentOf(prev.line) === indentOf(lines[i]) && !/^\s*[-#{[]/.test(lines[i]) && !KEY_LINE.test(lines[i])) {
      const slip = missingDash(lines, i);
      if (slip) out.push(slip);
      continue;
    }
    const m = /^(\s*(?:- +)?([A-Za-z_][A-Za-z0-9_]*)\s*:\s+)([^"'|>\s&*!%@`{[#“”„‘’‚«].*)$/.exec(lines[i]);
    if (!m) continue;
    const value = m[3].replace(/\s+#(\s.*)?$/, '').trimEnd();
    if (!/: |:$/.test(value)) continue;
    const next = lines.slice(i + 1).find((l) => !isBlank(l));
    if (next !== undefined && indentOf(next) > indentOf(lines[i])) continue;
    if (yamlLib().parseDocument(`k: ${value}\n`, { version: '1.2' }).errors.length === 0) continue;
    const slip = colonInValue(lines[i], i);
    if (slip) out.push(slip);
  }
  return out;
}

/**
 * A quoted value never closed: the parser finds out where the file ends; the slip is the opening
 * quote (`at`, found by the caller).
 */
export function unclosedQuote(at: { line: number; col: number }, quote: string): Slip {
  return { line: at.line, column: at.col, code: 'yaml.unclosed-quote', key: 'slip.unclosedQuote', severity: 'error', params: { quote } };
}

/** The previous non-blank, non-comment line before `i`, with its index. */
function previous(lines: string[], i: number): { line: string; index: number } | undefined {
  for (let j = i - 1; j >= 0; j--) if (!isBlank(lines[j])) return { line: lines[j], index: j };
  return undefined;
}

/** `lines[i]` is an item of the list above (same indentation as its « - ») written without « - ». */
function missingDash(lines: string[], i: number): Slip | undefined {
  const line = lines[i];
  if (isBlank(line) || /^\s*- /.test(line) || KEY_LINE.test(line)) return undefined;
  const prev = previous(lines, i);
  if (!prev) return undefined;
  // the list's « - » lines: the closest one above at the same indentation, or (for `{ … }` under
  // `- { … }`) at two spaces less
  for (let j = prev.index; j >= 0; j--) {
    const other = lines[j];
    if (isBlank(other)) continue;
    const dash = /^(\s*)- /.exec(other);
    if (dash && (dash[1].length === indentOf(line) || (dash[1].length + 2 === indentOf(line) && /^\s*[{[]/.test(line)))) {
      return { line: i + 1, column: indentOf(line) + 1, code: 'yaml.missing-dash', key: 'slip.missingDash', severity: 'error', params: { dashLine: j + 1 } };
    }
    if (indentOf(other) < indentOf(line) && !dash) return undefined;
  }
  return undefined;
}

/** `lines[i]` is a key more indented than the `key: value` line above it (which holds a value already). */
function overIndented(lines: string[], i: number): Slip | undefined {
  const key = KEY_LINE.exec(lines[i]);
  const prev = previous(lines, i);
  if (!key || key[2] || !prev) return undefined;
  const above = /^(\s*)(?:- +)?([A-Za-z_][A-Za-z0-9_]*)\s*:\s+(?![|>])\S/.exec(prev.line);
  if (!above) return undefined;
  const aboveKeyIndent = prev.line.indexOf(above[2]);
  if (indentOf(lines[i]) <= aboveKeyIndent) return undefined;
  return { line: i + 1, column: 1, code: 'yaml.over-indented', key: 'slip.overIndented', severity: 'error', params: { key: key[3], spaces: indentOf(lines[i]), expected: aboveKeyIndent, above: above[2] } };
}

/** A key of a list item that is not aligned under the item's first key (`- nom:` then `role:` under the dash). */
function misalignedInItem(lines: string[], i: number): Slip | undefined {
  const key = KEY_LINE.exec(lines[i]);
  if (!key || key[2]) return undefined;
  for (let j = i - 1; j >= 0; j--) {
    if (isBlank(lines[j])) continue;
    const item = /^(\s*)(- +)([A-Za-z_][A-Za-z0-9_]*)\s*:/.exec(lines[j]);
    const expected = item ? item[1].length + item[2].length : -1;
    if (item && indentOf(lines[i]) !== expected && indentOf(lines[i]) > item[1].length - 1 && indentOf(lines[i]) < expected + 2) {
      return { line: i + 1, column: 1, code: 'yaml.misaligned-key', key: 'slip.misalignedKey', severity: 'error', params: { key: key[3], first: item[3], expected } };
    }
    if (item || indentOf(lines[j]) <= indentOf(lines[i])) return undefined;
  }
  return undefined;
}

/** A quoted value closed too early by a quote inside the text: `"Le projet "Eau pour tous" à Adai"`, `'L'eau'`. */
function quotesInQuotes(line: string, i: number): Slip | undefined {
  const m = /^(\s*(?:- +)?(?:[A-Za-z_][A-Za-z0-9_]*\s*:\s+)?)(["'])(.*)$/.exec(line);
  if (!m) return undefined;
  const q = m[2];
  const rest = q === '"' ? m[3].replace(/\\./g, '__') : m[3].replace(/''/g, '__');
  const close = rest.indexOf(q);
  if (close < 0 || /^\s*(#.*)?$/.test(rest.slice(close + 1))) return undefined;
  const column = [...m[1]].length + 1;
  return q === '"'
    ? { line: i + 1, column, code: 'yaml.quotes-in-quotes', key: 'slip.quotesInQuotes', severity: 'error' }
    : { line: i + 1, column, code: 'yaml.apostrophe-in-quotes', key: 'slip.apostropheInQuotes', severity: 'error' };
}

/** A key written without « : » (`id RE-TIZ-01`, `statut = brouillon`) or without a space after it (`titre:Bonjour`). */
function missingColon(lines: string[], i: number): Slip | undefined {
  const line = lines[i] ?? '';
  const glued = /^(\s*(?:- +)?)([A-Za-z_][A-Za-z0-9_]*):(\S.*)$/.exec(line);
  if (glued && !/^\/\//.test(glued[3])) return { line: i + 1, column: glued[1].length + glued[2].length + 2, code: 'yaml.no-space-after-colon', key: 'slip.noSpaceAfterColon', severity: 'error', params: { key: glued[2] } };
  const m = /^(\s*(?:- +)?)([a-z_][a-z0-9_]*)(\s*=\s*|\s+)(\S.*)$/.exec(line);
  if (!m || /: /.test(m[4])) return undefined;
  const neighbour = [previous(lines, i)?.line, lines[i + 1]].some((l) => l !== undefined && KEY_LINE.test(l) && indentOf(l) === indentOf(line));
  if (!neighbour) return undefined;
  return { line: i + 1, column: m[1].length + m[2].length + 1, code: 'yaml.missing-colon', key: 'slip.missingColon', severity: 'error', params: { key: m[2] } };
}

/**
 * Paragraphs written under a key without `|`, one of them holding « : »: the parser fails on that line;
 * the slip is at the key, where `|` belongs.
 */
function paragraphWithoutBlock(lines: string[], i: number): Slip | undefined {
  for (let j = i; j >= 0 && j >= i - 60; j--) {
    const line = lines[j];
    if (isBlank(line)) continue;
    const key = KEY_LINE.exec(line);
    if (!key) continue;
    if (BLOCK_HEADER.test(line)) return undefined;
    const rest = line.slice(key[0].length).trim();
    if (rest.startsWith('"') || rest.startsWith("'")) return undefined;
    const textLines = lines.slice(j + 1, i + 1).filter((l) => !isBlank(l));
    if (textLines.length === 0 && rest === '') return undefined;
    if (textLines.some((l) => indentOf(l) <= indentOf(line))) return undefined;
    const colonLine = [line.slice(key[0].length), ...lines.slice(j + 1, i + 2)].findIndex((l) => /\S: /.test(l) || /\s:\s/.test(l));
    if (colonLine < 0) return undefined;
    const next = lines.slice(j + 1).find((l) => !isBlank(l));
    const multi = textLines.length > 0 || (next !== undefined && indentOf(next) > indentOf(line) && !KEY_LINE.test(next));
    if (!multi) return undefined;
    // text already under the key needs only the « | »; text on the key's line moves under it
    return {
      line: j + 1,
      column: key[0].replace(/\s+$/, '').length + 1,
      code: 'yaml.text-needs-block',
      key: 'slip.textNeedsBlock',
      severity: 'error',
      params: { key: key[3], colonLine: j + 1 + colonLine, indent: indentOf(line) + 2 },
      ...(rest === '' ? { hintKey: 'slip.textNeedsBlockAddHint' } : {}),
    };
  }
  return undefined;
}
