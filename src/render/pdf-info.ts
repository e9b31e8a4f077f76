/**
 * The document information of a PDF printed by Chromium (Title, Author, Subject, Keywords, Creator),
 * written without parsing nor rewriting the file: an incremental update (ISO 32000-1 §7.5.6) appends a
 * new Info dictionary, a cross-reference section of that one object and a trailer whose `/Prev` points
 * to Chromium's own. Readers take the last trailer, so the file says what capi wrote; Chromium's bytes
 * stay as they were (its Producer and dates are carried over). Parsing and saving a sheet with pdf-lib
 * took longer than printing it on a small machine; this costs a search in the last kilobytes.
 *
 * Chromium writes a classic cross-reference table and trailer (`trailer <</Size … /Root … /Info …>>
 * startxref … %%EOF`); a file without one (a cross-reference stream) is left to pdf-lib by the caller.
 */
import { PDFHexString } from 'pdf-lib';

/** The entries written, each a text (written as a UTF-16 hex string); empty or absent ones are left out. */
export interface PdfInfo {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  creator: string;
}

const latin1 = (bytes: Uint8Array, from = 0, to = bytes.length) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', from, to);

/**
 * `pdf` with `info` appended as its document information, or undefined when its end is not a classic
 * trailer (or its catalog does not say `/Lang (lang)`, the language Chromium takes from `<html lang>`).
 */
export function appendInfo(pdf: Uint8Array, info: PdfInfo, lang: string): Uint8Array | undefined {
  const tailFrom = Math.max(0, pdf.length - 2048);
  const tail = latin1(pdf, tailFrom);
  const end = /trailer\s*<<([\s\S]*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$/.exec(tail);
  if (!end) return undefined;
  const [, trailer, prev] = end;
  const size = /\/Size (\d+)/.exec(trailer!)?.[1];
  const root = /\/Root (\d+ \d+ R)/.exec(trailer!)?.[1];
  const oldInfo = /\/Info (\d+) (\d+) R/.exec(trailer!);
  const id = /\/ID\s*(\[[^\]]*\])/.exec(trailer!)?.[1];
  if (!size || !root || !catalogSays(pdf, root, lang)) return undefined;
  // Chromium's Producer and dates, carried over
  const kept = oldInfo ? keptEntries(pdf, `${oldInfo[1]} ${oldInfo[2]} obj`) : '';
  const text = (key: string, value: string | undefined) => (value ? `/${key} ${PDFHexString.fromText(value).toString()}\n` : '');
  const dict = `<<${text('Title', info.title)}${text('Author', info.author)}${text('Subject', info.subject)}${text('Keywords', info.keywords?.join(' '))}${text('Creator', info.creator)}${kept}>>`;
  const n = Number(size);
  const body = `\n${n} 0 obj\n${dict}\nendobj\n`;
  const objectAt = pdf.length + 1; // after the line break that starts `body`
  const xrefAt = pdf.length + Buffer.byteLength(body, 'latin1');
  const update =
    `${body}xref\n${n} 1\n${String(objectAt).padStart(10, '0')} 00000 n \n` +
    `trailer\n<</Size ${n + 1}\n/Root ${root}\n/Info ${n} 0 R${id ? `\n/ID ${id}` : ''}\n/Prev ${prev}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  const out = new Uint8Array(pdf.length + Buffer.byteLength(update, 'latin1'));
  out.set(pdf, 0);
  out.set(Buffer.from(update, 'latin1'), pdf.length);
  return out;
}

/** The raw `/Producer`, `/CreationDate` and `/ModDate` entries of the object `header` (`1 0 obj`), as text. */
function keptEntries(pdf: Uint8Array, header: string): string {
  const at = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).indexOf(`\n${header}`);
  if (at < 0) return '';
  const obj = latin1(pdf, at, Math.min(pdf.length, at + 8192));
  const dict = obj.slice(0, obj.indexOf('endobj'));
  return [...dict.matchAll(/\/(Producer|CreationDate|ModDate) (\([^()\\]*\))/g)].map((m) => `/${m[1]} ${m[2]}\n`).join('');
}

/** Whether the catalog `root` (`865 0 R`) holds `/Lang (lang)`. */
function catalogSays(pdf: Uint8Array, root: string, lang: string): boolean {
  const header = `\n${root.replace(/ R$/, ' obj')}`;
  const at = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).lastIndexOf(header);
  if (at < 0) return false;
  const obj = latin1(pdf, at, Math.min(pdf.length, at + 4096));
  return obj.slice(0, obj.indexOf('endobj')).includes(`/Lang (${lang})`);
}
