import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { firstOfEither, isLineBreakCode, isSpaceCode } from '../util/chars.js';
import { expandsTooMuch, MAX_TEXT_CHARS, MAX_VALUES, textBoundsError } from './bounds.js';
import jsyaml from 'js-yaml';
import type { Document, LineCounter, Node as YamlNode, Pair, YAMLError } from 'yaml';
import { yamlLib } from './yaml-lib.js';
import type { Diagnostic } from '../types/diagnostic.js';
import { t } from '../i18n/index.js';
import { explainSyntaxError, findLineSlips, findTextSlips, unclosedQuote, type Slip } from './slips.js';

/** Largest sheet capi reads, in bytes (a real sheet is 10–100 kB). */
export const MAX_SHEET_BYTES = 5 * 1024 * 1024;
/** Most YAML aliases a sheet may expand (refuses "billion laughs" documents). */
export const MAX_ALIASES = 100;

/** The two kinds of sheet, from the `fiche` discriminator. */
export type SheetKind = 're' | 'osim';

/** A path into the sheet's data, as keys and array indexes, e.g. `['perceptions', 0, 'citations']`. */
export type DataPath = Array<string | number>;

/** A YAML sheet read from disk, with what is needed to point back at its source. */
export interface LoadedSheet {
  /** Absolute path of the file. */
  absPath: string;
  /** Path shown to people (relative to the current folder when inside it). */
  file: string;
  /** The text, BOM removed, normalised to NFC. */
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The plain JavaScript value of the document (objects, arrays, strings, numbers, booleans, null). */
  data: unknown;
  /** From `fiche:`; null when absent or unknown. */
  kind: SheetKind | null;
}

/** A source range, 1-based lines and columns. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * Reads and parses one YAML sheet.
 *
 * Accepts UTF-8 with or without BOM and CRLF line endings; text is normalised to Unicode NFC (macOS
 * writes NFD). Returns diagnostics instead of throwing for everything that is the file's fault: too
 * large (over MAX_SHEET_BYTES), UTF-16, binary, empty, YAML syntax errors (one per error, French
 * message), duplicate keys, too many aliases, past the limits of `bounds.ts` (lines, line length,
 * nesting, values, and what aliases expand to). `sheet` is undefined when the file cannot be used at all.
 *
 * @param absPath absolute path of the file
 * @param displayPath path to print in diagnostics
 * @throws only for I/O errors (unreadable file): the caller turns them into exit code 2
 */
export async function loadSheet(
  absPath: string,
  displayPath: string,
): Promise<{ sheet?: LoadedSheet; diagnostics: Diagnostic[] }> {
  const diag = (code: string, message: string, hint?: string) => fileDiagnostic(displayPath, code, message, hint);
  // read at once (one open, one fstat, one read): for a thousand small files, the promise-based reads
  // cost more in hops to the thread pool than the reading itself
  const fd = openSync(absPath, 'r');
  let text: string;
  try {
    const stat = fstatSync(fd);
    if (stat.size > MAX_SHEET_BYTES) {
      return { diagnostics: [diag('file.too-large', t('file.tooLarge', { size: Math.round(stat.size / 1024 / 1024), max: MAX_SHEET_BYTES / 1024 / 1024 }))] };
    }
    // read and decoded in one call of Node's own (no Buffer made: a thousand 16 kB Buffers, their
    // decoding and the pages they took cost ~60 ms of a thousand sheets' validate, issue 14)
    text = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  // a NUL (UTF-16, a binary file) or a replacement character (bytes that are no UTF-8): the bytes say
  // what the file is (`parseSheet`); any other text decodes the same from its bytes
  if (text.includes('\0') || text.includes('\uFFFD')) return parseSheet(readFileSync(absPath), absPath, displayPath);
  const parsed = parseText(text, absPath, displayPath);
  // read by the fast path, its text unchanged: a `linkSheet` of it reads the text again from the file
  if (parsed.sheet instanceof LazySheet) parsed.sheet[SOURCE].onDisk = true;
  return parsed;
}

/**
 * Parses the bytes of a sheet (see `loadSheet` for what is checked); for text that is not on disk yet,
 * e.g. an edit about to be written.
 */
export function parseSheet(bytes: Buffer, absPath: string, displayPath: string): { sheet?: LoadedSheet; diagnostics: Diagnostic[] } {
  const diag = (code: string, message: string, hint?: string, line = 1, column = 1) => fileDiagnostic(displayPath, code, message, hint, line, column);
  if (bytes.length > MAX_SHEET_BYTES) {
    return { diagnostics: [diag('file.too-large', t('file.tooLarge', { size: Math.round(bytes.length / 1024 / 1024), max: MAX_SHEET_BYTES / 1024 / 1024 }))] };
  }
  const decoded = bytes.toString('utf8');
  if (bytes.length === 0 || decoded.trim() === '') {
    return { diagnostics: [diag('file.empty', t('file.empty'), t('file.emptyHint'))] };
  }
  if (looksUtf16(bytes)) {
    return { diagnostics: [diag('file.utf16', t('file.utf16'), t('file.utf16Hint'))] };
  }
  if (bytes.includes(0)) {
    return { diagnostics: [diag('file.binary', t('file.binary'), t('file.binaryHint'))] };
  }
  const bad = isUtf8(bytes) ? undefined : firstInvalidUtf8(bytes, withoutBom(decoded));
  if (bad) {
    return { diagnostics: [diag('file.not-utf8', t('file.notUtf8'), t('file.notUtf8Hint'), bad.line, bad.column)] };
  }
  return parseText(decoded, absPath, displayPath);
}

/** `text` without the byte-order mark it may start with. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parses the text of a sheet, as decoded from its file (UTF-8 without a NUL: the checks of its bytes
 * are `parseSheet`'s), its byte-order mark not yet removed; see `loadSheet` for what is checked.
 */
function parseText(decoded: string, absPath: string, displayPath: string): { sheet?: LoadedSheet; diagnostics: Diagnostic[] } {
  const diag = (code: string, message: string, hint?: string, line = 1, column = 1) => fileDiagnostic(displayPath, code, message, hint, line, column);
  if (decoded.trim() === '') return { diagnostics: [diag('file.empty', t('file.empty'), t('file.emptyHint'))] };
  let text = withoutBom(decoded);
  // past capi's limits on lines, line length, nesting or values: refused before either parser reads it
  const bound = textBoundsError(text, displayPath);
  if (bound) return { diagnostics: [bound] };
  const cleaned = cleanText(text, displayPath);
  // slips seen in the raw text come first: an error among them is the cause of anything the parser
  // would say, and gets one message (see slips.ts)
  const slips = findTextSlips(cleaned.text).map((s) => slipDiagnostic(displayPath, s, cleaned.text));
  // with an error among them, the other slips certain from their own line too (one pass to fix them all)
  if (slips.some((d) => d.severity === 'error')) return { diagnostics: [...cleaned.diagnostics, ...withLineSlips(slips, displayPath, cleaned.text)] };
  text = cleaned.text.normalize('NFC');
  const warnings = [...cleaned.diagnostics, ...slips];

  // Fast path: most sheets are well-formed. js-yaml (YAML 1.2 core schema, about 8× faster than the
  // `yaml` package here) reads the data; the `yaml` document, which gives positions, is only built
  // when a diagnostic needs one. Anything unusual — anchors or aliases, directives, a `#` glued to
  // text, a parse error — takes the full path below, which explains it.
  if (warnings.length === 0 && !needsFullParser(text)) {
    try {
      const data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, json: false });
      const fiche = isRecord(data) ? data.fiche : undefined;
      const kind: SheetKind | null = fiche === 'retour-experience' ? 're' : fiche === 'osim' ? 'osim' : null;
      // (no warning: the cleaning changed nothing, so the text is `diskText` of a file that holds `decoded`)
      return { sheet: lazySheet(absPath, displayPath, text, data, kind), diagnostics: [] };
    } catch {
      // fall through: the full parser says what is wrong, and where
    }
  }

  const { LineCounter, parseDocument, visit, isNode } = yamlLib();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, version: '1.2' });
  const diagnostics: Diagnostic[] = [...warnings];
  const lines = text.split('\n');
  const linesSeen = new Set<number>();
  let syntaxSeen = false;
  let entrySeen = false;
  for (const error of [...doc.errors]) {
    let start = lineCounter.linePos(error.pos[0]);
    // an unclosed quote is reported where the file ends: point at the quote that opened it
    if (error.code === 'MISSING_CHAR' && /quote/i.test(error.message)) start = openingQuote(text, start) ?? start;
    // one mistake, one message: after a syntax error the parser reads the rest of the file askew, so
    // later syntax errors are mostly its consequences; duplicate keys stand on their own
    if (linesSeen.has(start.line)) continue;
    if (error.code !== 'DUPLICATE_KEY' && syntaxSeen) continue;
    if (error.code !== 'DUPLICATE_KEY') syntaxSeen = true;
    if (error.code === 'DUPLICATE_KEY' && entrySeen) continue;
    linesSeen.add(start.line);
    const diagnostic = syntaxDiagnostic(displayPath, doc, lineCounter, text, lines, error, start);
    // the other keys of a second entry written without « - » are duplicates too: the same mistake
    if (diagnostic.code === 'yaml.missing-dash-entry') entrySeen = true;
    diagnostics.push(diagnostic);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics: withLineSlips(diagnostics, displayPath, text) };

  const version = doc.directives?.yaml;
  if (version?.explicit && version.version !== '1.2') {
    const line = text.split('\n').findIndex((l) => l.startsWith('%YAML')) + 1;
    return { diagnostics: [diag('yaml.version', t('yaml.version', { version: version.version }), t('yaml.versionHint'), line || 1, 1)] };
  }
  // an alias whose anchor does not exist is a value starting with « * » that was meant as text
  const anchors = new Set<string>();
  let badAlias: Diagnostic | undefined;
  let firstAlias: number | undefined;
  visit(doc, {
    Node(_, node) {
      if (isNode(node) && node.anchor) anchors.add(node.anchor);
    },
    Alias(_, node) {
      firstAlias ??= node.range?.[0];
      if (!badAlias && !anchors.has(node.source)) {
        const pos = lineCounter.linePos(node.range?.[0] ?? 0);
        badAlias = diag('yaml.alias-as-text', t('yaml.aliasAsText', { value: `*${node.source}` }), t('yaml.quoteHint'), pos.line, pos.col);
      }
    },
  });
  if (badAlias) return { diagnostics: [badAlias] };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch {
    // at the first alias, with the way out (the same as for a document that expands too much)
    const pos = lineCounter.linePos(firstAlias ?? 0);
    return { diagnostics: [diag('yaml.aliases', t('yaml.aliases', { max: MAX_ALIASES }), t('yaml.expandsTooMuchHint'), pos.line, pos.col)] };
  }
  // few aliases of a large value expand as much as many: the values and text the document expands to
  // are counted (every check and every output walks them), and a document past the limits is refused
  if (firstAlias !== undefined && expandsTooMuch(data)) {
    const pos = lineCounter.linePos(firstAlias);
    return { diagnostics: [diag('yaml.expands-too-much', t('yaml.expandsTooMuch', { values: MAX_VALUES, chars: MAX_TEXT_CHARS / 1024 / 1024 }), t('yaml.expandsTooMuchHint'), pos.line, pos.col)] };
  }
  diagnostics.push(...commentsInText(doc, lineCounter, text, displayPath));
  const fiche = isRecord(data) ? data.fiche : undefined;
  const kind: SheetKind | null = fiche === 'retour-experience' ? 're' : fiche === 'osim' ? 'osim' : null;
  return {
    sheet: { absPath, file: displayPath, text, doc, lineCounter, data, kind },
    diagnostics,
  };
}

/**
 * True when the text holds something the fast path (js-yaml) does not explain: anchors or aliases, a
 * directive (`%YAML`), a `#` glued to text after a value.
 */
function needsFullParser(text: string): boolean {
  return hasAnchorLike(text) || hasDirective(text) || hasGluedComment(text);
}

/**
 * True where `/^%/m` matches: a `%` at a line start (a directive). French prose is full of « 30 % »,
 * and the expression tried every position of the text: a look after each line break instead.
 */
export function hasDirective(text: string): boolean {
  return text.startsWith('%') || text.includes('\n%') || text.includes('\r%') || text.includes('\u2028%') || text.includes('\u2029%');
}

/**
 * True where `/(?:^|:\s+|^\s*-\s+|[[{,]\s*)[&*]\S/m` matches: a `&` or `*` before a non-space, at a line
 * start, after `key:`, after a list dash, or after `[`, `{` or `,` — where YAML reads an anchor or an
 * alias. Found from each `&` or `*` looking back, not by the expression: prose is full of `**bold**`
 * and `&`, and the expression tried every position of every sheet (a test holds the two equal).
 */
export function hasAnchorLike(text: string): boolean {
  return firstOfEither(text, '&', '*', 0, (i) => anchorLikeAt(text, i)) >= 0;
}

/** True where the `&` or `*` at `i` is read by YAML as an anchor or an alias (see {@link hasAnchorLike}). */
function anchorLikeAt(text: string, i: number): boolean {
  if (i + 1 >= text.length || isSpaceCode(text.charCodeAt(i + 1))) return false;
  if (i === 0 || isLineBreakCode(text.charCodeAt(i - 1))) return true;
  let j = i - 1;
  while (j >= 0 && isSpaceCode(text.charCodeAt(j))) j--;
  if (j < 0) return false;
  const before = text[j];
  if (before === '[' || before === '{' || before === ',') return true;
  if (j === i - 1) return false;
  if (before === ':') return true;
  if (before !== '-') return false;
  // `^\s*-\s+`: only white space (a line break among it, or nothing) back to a line start
  let k = j - 1;
  let lineStart = false;
  for (; k >= 0 && isSpaceCode(text.charCodeAt(k)); k--) if (isLineBreakCode(text.charCodeAt(k))) lineStart = true;
  return k < 0 || lineStart;
}

/**
 * True where `/[^\s#]\s+#\S/` matches: a `#` glued to the next word after text and white space (`n° #3`),
 * perhaps a comment that cut a value. Found from each `#` looking back (a test holds the two equal).
 */
export function hasGluedComment(text: string): boolean {
  for (let i = text.indexOf('#'); i >= 0; i = text.indexOf('#', i + 1)) {
    if (i + 1 >= text.length || isSpaceCode(text.charCodeAt(i + 1))) continue;
    let j = i - 1;
    while (j >= 0 && isSpaceCode(text.charCodeAt(j))) j--;
    if (j >= 0 && j < i - 1 && text[j] !== '#') return true;
  }
  return false;
}

/**
 * The diagnostic for one error of the YAML parser: the slip that explains it when one fits
 * (`explainSyntaxError`; for a duplicate key, a second list entry written without « - »), otherwise
 * the parser's error code in the person's language (`yaml.CODE` in the catalogues; never the library's
 * English text).
 */
function syntaxDiagnostic(file: string, doc: Document.Parsed, lc: LineCounter, text: string, lines: string[], error: YAMLError, start: { line: number; col: number }): Diagnostic {
  const source = (n: number) => lines[n - 1]?.replace(/\r$/, '');
  if (error.code === 'DUPLICATE_KEY') {
    const params = duplicateKeyParams(doc, error.pos[0], lc, text);
    const first = typeof params.firstLine === 'number' ? lines[params.firstLine - 1] : undefined;
    if (first && new RegExp(`^\\s*- +${params.key}\\s*:`).test(first)) {
      const slip: Slip = { line: start.line, column: start.col, code: 'yaml.missing-dash-entry', key: 'slip.missingDashEntry', severity: 'error', params };
      return { ...slipDiagnostic(file, slip, text), source: source(start.line) };
    }
    const end = lc.linePos(error.pos[1]);
    return { file, line: start.line, column: start.col, endLine: end.line, endColumn: end.col, severity: 'error', code: 'yaml.duplicate-key', message: t('yaml.DUPLICATE_KEY', params), hint: t('yaml.DUPLICATE_KEY.hint'), source: source(start.line) };
  }
  const quote = error.code === 'MISSING_CHAR' && /quote/i.test(error.message) ? text.split('\n')[start.line - 1]?.[start.col - 1] : undefined;
  const slip = quote === '"' || quote === "'" ? unclosedQuote(start, quote) : explainSyntaxError(lines, { line: start.line, col: start.col, code: error.code });
  if (slip) return { ...slipDiagnostic(file, slip, text), source: source(slip.line) };
  const end = lc.linePos(error.pos[1]);
  const key = t(`yaml.${error.code}`) !== `yaml.${error.code}` ? `yaml.${error.code}` : 'yaml.generic';
  return {
    file,
    line: start.line,
    column: start.col,
    endLine: end.line,
    endColumn: end.col,
    severity: 'error',
    code: 'yaml.syntax',
    message: t(key, { char: text.charAt(error.pos[0]) }),
    hint: t(`${key}.hint`) !== `${key}.hint` ? t(`${key}.hint`) : undefined,
    source: source(start.line),
  };
}

/**
 * `diagnostics` (of a file that cannot be read) with the slips certain from their own line
 * (`findLineSlips`) on the lines none of them is on, in line order: the parser stops at its first
 * error, these do not.
 */
function withLineSlips(diagnostics: Diagnostic[], file: string, text: string): Diagnostic[] {
  const taken = new Set(diagnostics.map((d) => d.line));
  const more = findLineSlips(text.split(/\r?\n|\r/)).filter((s) => !taken.has(s.line)).map((s) => slipDiagnostic(file, s, text));
  return [...diagnostics, ...more].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A slip as a diagnostic: its message and hint (`key` and `keyHint`) from the catalogue. */
function slipDiagnostic(file: string, slip: Slip, text: string): Diagnostic {
  const hintKey = slip.hintKey ?? (t(`${slip.key}Hint`) !== `${slip.key}Hint` ? `${slip.key}Hint` : `${slip.key}.hint`);
  const hint = t(hintKey, slip.params);
  // the same advice without « --fix », for when --fix will not repair this instance (`${hintKey}Manual`)
  const manualHint = t(`${hintKey}Manual`, slip.params);
  const source = text.split(/\r?\n|\r/)[slip.line - 1];
  return {
    file,
    line: slip.line,
    column: slip.column,
    // to the end of the line's text: what an editor underlines
    endLine: slip.line,
    endColumn: Math.max(slip.column + 1, [...(source ?? '').trimEnd()].length + 1),
    severity: slip.severity,
    code: slip.code,
    message: t(slip.key, slip.params),
    ...(hint !== hintKey ? { hint } : {}),
    ...(manualHint !== `${hintKey}Manual` ? { manualHint } : {}),
    source,
  };
}

/** An error about a whole file (or a line of it, before parsing). */
function fileDiagnostic(file: string, code: string, message: string, hint?: string, line = 1, column = 1): Diagnostic {
  return { file, line, column, severity: 'error', code, message, hint };
}

/**
 * The text of a sheet the fast path read from the file at `absPath`, read again: decoded, its BOM
 * removed, normalised to NFC — what `parseText` made of it when the cleaning found nothing to change (no
 * control character, no presentation form, no slip).
 */
function diskText(absPath: string): string {
  return withoutBom(readFileSync(absPath, 'utf8')).normalize('NFC');
}

/**
 * `diskText` of `absPath`, to be read when first needed. (A function of its own: a closure made inside
 * another function would keep alive every variable of it that any of its closures reads.)
 */
function diskTextOf(absPath: string): () => string {
  return () => diskText(absPath);
}

/** The text of a lazily parsed sheet (`lazySheet`) and, once asked for, its `yaml` document. */
interface LazySource {
  /** The text, once given or made. */
  text?: string;
  /** What makes the text on its first read, when it was not given. */
  make?: () => string;
  /** True when the text is `diskText` of the sheet's file: read again from it, not held, by a `linkSheet`. */
  onDisk: boolean;
  parsed?: { doc: Document.Parsed; lineCounter: LineCounter };
}

const SOURCE = Symbol('source');

/**
 * A sheet whose text is made and whose `yaml` document is parsed on first use (`lazySheet`). A class,
 * its getters on the prototype: an object literal with getters is made by the engine in its old
 * generation, and everything it points at (the data and text of each sheet) then outlived the young
 * generation's collections and was copied into the old one, to be freed only by a full collection —
 * ~25 MB of a thousand sheets' garbage promoted under `validate` (issue 14).
 */
class LazySheet implements LoadedSheet {
  readonly [SOURCE]: LazySource;
  constructor(
    readonly absPath: string,
    readonly file: string,
    public data: unknown,
    readonly kind: SheetKind | null,
    source: LazySource,
  ) {
    this[SOURCE] = source;
  }

  get text(): string {
    const source = this[SOURCE];
    return (source.text ??= source.make!());
  }

  get doc(): Document.Parsed {
    return parsedSource(this[SOURCE]).doc;
  }

  get lineCounter(): LineCounter {
    return parsedSource(this[SOURCE]).lineCounter;
  }
}

/** The `yaml` document of a lazy sheet's text and its line counter, parsed on the first call. */
function parsedSource(source: LazySource): { doc: Document.Parsed; lineCounter: LineCounter } {
  if (!source.parsed) {
    const { LineCounter, parseDocument } = yamlLib();
    const lineCounter = new LineCounter();
    source.text ??= source.make!();
    // (js-yaml refused duplicate keys already: the `yaml` package's own check compares every key of a
    // mapping with every other, a cost that grows with the square of their number)
    source.parsed = { doc: parseDocument(source.text, { lineCounter, uniqueKeys: false, version: '1.2' }), lineCounter };
  }
  return source.parsed;
}

/**
 * A loaded sheet whose `yaml` document (for positions) is parsed on first use. `text` is the text, or a
 * function that makes it (called on its first read, then kept): a sheet nobody asks the text or the
 * positions of never holds it.
 */
export function lazySheet(absPath: string, file: string, text: string | (() => string), data: unknown, kind: SheetKind | null): LoadedSheet {
  return new LazySheet(absPath, file, data, kind, typeof text === 'string' ? { text, onDisk: false } : { make: text, onDisk: false });
}

/**
 * What a later check across sheets (`checkLinks`: ids, OSIM references, communes) and the positions of
 * diagnostics need of an RE sheet read by the fast path: the same file and positions, with `data`
 * reduced to `id`, `osim` and `territoire.commune` (fresh copies: no text of the parser kept alive by
 * them). A sheet whose text is its file's (`textIsOnDisk`) reads it again from the file if ever asked
 * (the positions of a warning), instead of holding it; another shares the sheet's text and positions.
 * `validate` keeps this of each of a thousand sheets instead of the whole data, which the garbage
 * collector otherwise copied and marked again and again (issue 14). Any other sheet (OSIM, not an
 * object, read by the full parser) is returned as it is.
 */
export function linkSheet(sheet: LoadedSheet): LoadedSheet {
  if (sheet.kind !== 're' || !isRecord(sheet.data) || !(sheet instanceof LazySheet)) return sheet;
  const data = sheet.data;
  const kept: Record<string, unknown> = {};
  if ('id' in data) kept.id = data.id;
  if ('osim' in data) kept.osim = data.osim;
  if ('territoire' in data) kept.territoire = isRecord(data.territoire) ? ('commune' in data.territoire ? { commune: data.territoire.commune } : {}) : data.territoire;
  const source = sheet[SOURCE];
  return source.onDisk ? diskSheet(sheet.absPath, sheet.file, freshCopy(kept), sheet.kind) : new LazySheet(sheet.absPath, sheet.file, freshCopy(kept), sheet.kind, source);
}

/** `sheet` with other `data`: the same file, text and positions (shared, not parsed again). */
export function withData(sheet: LoadedSheet, data: unknown): LoadedSheet {
  return sheet instanceof LazySheet ? new LazySheet(sheet.absPath, sheet.file, data, sheet.kind, sheet[SOURCE]) : { ...sheet, data };
}

/**
 * True when `sheet`'s text is what `diskText` reads from its file (read from disk by the fast path,
 * nothing cleaned): a worker thread then sends its data without its text (`diskSheet` on arrival).
 */
export function textIsOnDisk(sheet: LoadedSheet): boolean {
  return sheet instanceof LazySheet && sheet[SOURCE].onDisk;
}

/**
 * A sheet of `data` whose text is read from the file at `absPath` on first need (`diskText`), and its
 * positions parsed from that text; for a sheet `textIsOnDisk` said so of (a thousand sheets kept for
 * their links held 35 MB of text nobody read under `validate -q`, issue 14).
 */
export function diskSheet(absPath: string, file: string, data: unknown, kind: SheetKind | null): LoadedSheet {
  return new LazySheet(absPath, file, data, kind, { make: diskTextOf(absPath), onDisk: true });
}

/**
 * A deep copy of data as a YAML parser gives it (objects, arrays, strings, numbers, booleans, null)
 * whose strings are new: a string of 13 characters or more from the parser is a slice of its text and
 * keeps all of it alive (shorter ones are copies already). What `structuredClone` gives for such data,
 * for a fraction of its cost (its serialiser was about 1 % of `validate`'s time on a thousand sheets).
 */
function freshCopy(value: unknown): unknown {
  if (typeof value === 'string') return value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);
  if (Array.isArray(value)) return value.map(freshCopy);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, freshCopy(v)]));
  return value;
}

/**
 * The position of the quote that opens an unclosed quoted value: the last line, up to `before`, with an
 * odd number of `"` (or of `'`, doubled `''` not counted) after a `key:` or a `- `.
 */
function openingQuote(text: string, before: { line: number; col: number }): { line: number; col: number } | undefined {
  const lines = text.split('\n');
  for (let i = Math.min(before.line, lines.length) - 1; i >= 0; i--) {
    const m = /^(\s*(?:-\s+)?(?:[^:#"']+:\s+)?)(["'])(.*)$/.exec(lines[i]);
    if (!m) continue;
    const rest = m[2] === '"' ? m[3].replace(/\\./g, '') : m[3].replace(/''/g, '');
    if (!rest.includes(m[2])) return { line: i + 1, col: [...m[1]].length + 1 };
  }
  return undefined;
}

/** Control characters that are not allowed in XML 1.0 (and so in a DOCX): all C0 but tab, LF, CR; and DEL. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** Arabic presentation forms (A and B): glyph codes some PDF tools and keyboards paste instead of letters. */
const PRESENTATION = /[\uFB50-\uFDFF\uFE70-\uFEFC]+/g;
/** Either, in one character class (one pass over a text that has neither). */
const CONTROL_OR_PRESENTATION = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFB50-\uFDFF\uFE70-\uFEFC]/;

/**
 * Removes control characters (a warning each line) and turns Arabic presentation forms into ordinary
 * Arabic letters with NFKC (a warning each line), before parsing. Positions are those of the file.
 */
function cleanText(text: string, file: string): { text: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // most files have neither: one look at the whole text
  if (!CONTROL_OR_PRESENTATION.test(text)) return { text, diagnostics };
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const control = new RegExp(CONTROL.source).exec(line);
    if (control) {
      const code = `U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      diagnostics.push({ file, line: i + 1, column: control.index + 1, severity: 'warning', code: 'text.control-char', message: t('text.controlChar', { code }), hint: t('text.controlCharHint') });
    }
    const forms = new RegExp(PRESENTATION.source).exec(line);
    if (forms) {
      diagnostics.push({ file, line: i + 1, column: forms.index + 1, severity: 'warning', code: 'text.presentation-forms', message: t('text.presentationForms'), hint: t('text.presentationFormsHint') });
    }
  });
  if (diagnostics.length === 0) return { text, diagnostics };
  return { text: text.replace(CONTROL, '').replace(PRESENTATION, (m) => m.normalize('NFKC')), diagnostics };
}

/**
 * True for UTF-16 text (Notepad's « Unicode »): a UTF-16 byte-order mark, or, without one, an even
 * length with most bytes at odd (little-endian) or even (big-endian) positions being zero.
 */
function looksUtf16(bytes: Buffer): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  if (bytes.length < 4 || bytes.length % 2 !== 0) return false;
  let even = 0;
  let odd = 0;
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) i % 2 === 0 ? even++ : odd++;
  return Math.max(even, odd) > n * 0.35 && Math.min(even, odd) < n * 0.02;
}

/**
 * Where the bytes stop being valid UTF-8 (a file saved as Windows « ANSI » / Latin-1), as a 1-based
 * line and column in the decoded text; undefined when the whole file is valid UTF-8.
 */
function firstInvalidUtf8(bytes: Buffer, decoded: string): { line: number; column: number } | undefined {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    const index = decoded.indexOf('\uFFFD');
    const before = decoded.slice(0, Math.max(0, index));
    const lines = before.split('\n');
    return { line: lines.length, column: lines[lines.length - 1].length + 1 };
  }
}

/**
 * Warnings for text cut by a comment: a plain (unquoted) value followed on the same line by « # »
 * glued to the next word (« #3 ») — YAML drops everything after « # », which a researcher meant as text (« n°3 », « #2 »).
 */
function commentsInText(doc: Document.Parsed, lc: LineCounter, text: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  yamlLib().visit(doc, {
    Scalar(_, node) {
      if (node.type !== 'PLAIN' || typeof node.value !== 'string' || !node.comment || !node.range) return;
      const end = node.range[1];
      const rest = text.slice(end, text.indexOf('\n', end) === -1 ? undefined : text.indexOf('\n', end));
      // « # 3 » with a space reads as a deliberate comment; « #3 » glued to its text reads as text
      if (!/^\s+#\S/.test(rest)) return;
      const pos = lc.linePos(end + rest.indexOf('#'));
      out.push({ file, line: pos.line, column: pos.col, severity: 'warning', code: 'yaml.comment-in-text', message: t('yaml.commentInText', { value: node.value }), hint: t('yaml.commentInTextHint') });
    },
  });
  return out;
}

/** For a duplicate key error: the key and the line where it first appears. */
function duplicateKeyParams(doc: Document.Parsed, offset: number, lc: LineCounter, text: string): Record<string, string | number> {
  const keyMatch = /^[^:\n]*/.exec(text.slice(offset));
  const key = (keyMatch?.[0] ?? '').trim().replace(/^["']|["']$/g, '');
  const { isMap, isScalar, isSeq } = yamlLib();
  let first = 0;
  const visit = (node: unknown): void => {
    if (first) return;
    if (isMap(node)) {
      const pairs = node.items.filter((p) => isScalar(p.key) && String(p.key.value) === key);
      if (pairs.length > 1 && pairs.some((p) => isScalar(p.key) && p.key.range?.[0] === offset)) {
        const k = pairs[0].key as YamlNode;
        first = k.range ? lc.linePos(k.range[0]).line : 0;
        return;
      }
      for (const p of node.items) visit(p.value);
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item);
    }
  };
  visit(doc.contents);
  return { key, firstLine: first || '?' };
}

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The source range of the value at `path` (or of its key when `key` is true).
 * When the path does not exist (a missing key), returns the range of the closest existing ancestor's
 * key, so "missing field" diagnostics point at the object that lacks it. Falls back to 1:1.
 */
export function rangeOf(sheet: LoadedSheet, path: DataPath, options: { key?: boolean } = {}): SourceRange {
  const lc = sheet.lineCounter;
  const { isMap, isPair, isScalar, isSeq } = yamlLib();
  const toRange = (range: [number, number, number] | undefined | null): SourceRange | undefined => {
    if (!range) return undefined;
    const s = lc.linePos(range[0]);
    const e = lc.linePos(range[1]);
    return { line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
  };
  let node: unknown = sheet.doc.contents;
  let lastPair: Pair | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      lastPair = pair as Pair;
      if (i === path.length - 1 && options.key) return toRange((pair.key as YamlNode).range) ?? fallback();
      node = pair.value;
      if (i === path.length - 1) return toRange((node as YamlNode | null)?.range) ?? toRange((pair.key as YamlNode).range) ?? fallback();
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      lastPair = undefined;
      node = item;
      if (i === path.length - 1) return toRange((node as YamlNode).range) ?? fallback();
    } else {
      break;
    }
  }
  // Path not found: point at the deepest node reached (its key when it has one).
  if (path.length === 0 || node === sheet.doc.contents) {
    const root = sheet.doc.contents;
    if (isMap(root) && root.items[0] && isPair(root.items[0])) return toRange((root.items[0].key as YamlNode).range) ?? fallback();
    return fallback();
  }
  if (lastPair) return toRange((lastPair.key as YamlNode).range) ?? fallback();
  return toRange((node as YamlNode | null)?.range) ?? fallback();

  function fallback(): SourceRange {
    return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  }
}
