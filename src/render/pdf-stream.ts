/**
 * A PDF written to its file while it is being built: the objects of a pdf-lib document that are done
 * (a merged sheet's content streams, fonts, images, structure elements) are written out and dropped from
 * the document, so memory holds what is still being built, not the whole file — how the booklet
 * (./booklet-pdf.js) keeps a 200-sheet book out of Node's memory. pdf-lib's own `save()` serialises
 * the whole document at the end, into one buffer as large as the file, beside the objects.
 *
 * The file is the classic layout (ISO 32000-1 §7.5): header, the objects in the order they were flushed
 * (any order is valid: the cross-reference table gives each one's byte offset), one cross-reference
 * table, the trailer. It is written to a temporary file beside its name and renamed over it only by
 * `finish()` (util/atomic-write.js): a failure or an interrupt never leaves half a PDF.
 */
import { PDFHeader, PDFStream, type PDFContext, type PDFObject, type PDFRef } from 'pdf-lib';
import { openAtomic, type AtomicFile } from '../util/atomic-write.js';

const ascii = (s: string) => Buffer.from(s, 'latin1');

/**
 * One indirect object as written in the file: `N G obj`, the object, `endobj`. A stream (its data
 * binary) is copied byte by byte as pdf-lib writes it; any other object is text whose characters are
 * all bytes (pdf-lib's own `copyBytesInto` writes each character's code as one byte, as `latin1` does):
 * its `toString()` is encoded at once — one pass over the object instead of pdf-lib's two (size, then
 * copy), one buffer instead of three (docs/performance.md, « Booklet PDF: Node's share »).
 */
function serialise(ref: PDFRef, object: PDFObject): Buffer {
  const head = `${ref.objectNumber} ${ref.generationNumber} obj\n`;
  if (!(object instanceof PDFStream)) return ascii(`${head}${object.toString()}\nendobj\n\n`);
  const body = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(body, 0);
  return Buffer.concat([ascii(head), body, ascii('\nendobj\n\n')]);
}

/** A PDF file written as its objects are done (see the module's comment). */
export class StreamedPdf {
  /** Byte offset of each object written, by object number. */
  private readonly offsets = new Map<number, number>();
  private size = 0;

  private constructor(
    private readonly file: AtomicFile,
    private readonly context: PDFContext,
  ) {}

  /**
   * Starts `file` (its temporary file; `file` itself is untouched until `finish`) for the document
   * whose objects live in `context`, with the PDF 1.7 header.
   * @throws the file system's error (the folder must exist), or EINTR when capi is being interrupted
   */
  static async open(file: string, context: PDFContext): Promise<StreamedPdf> {
    const out = new StreamedPdf(await openAtomic(file), context);
    const header = PDFHeader.forVersion(1, 7);
    const bytes = new Uint8Array(header.sizeInBytes() + 2);
    header.copyBytesInto(bytes, 0);
    bytes.set([0x0a, 0x0a], bytes.length - 2);
    await out.write([bytes]);
    return out;
  }

  /**
   * Writes every object of the document except those `keep` holds back (objects still to be changed:
   * the page tree, the pages, the catalog…), then removes them from the document: a reference to them
   * stays valid in the file, but looking one up in the document no longer finds it.
   * @returns the number of objects written
   */
  async flush(keep: (ref: PDFRef, object: PDFObject) => boolean = () => false): Promise<number> {
    const chunks: Uint8Array[] = [];
    let offset = this.size;
    for (const [ref, object] of this.context.enumerateIndirectObjects()) {
      if (keep(ref, object) || this.offsets.has(ref.objectNumber)) continue;
      const bytes = serialise(ref, object);
      this.offsets.set(ref.objectNumber, offset);
      offset += bytes.length;
      chunks.push(bytes);
      this.context.delete(ref);
    }
    await this.write(chunks);
    return chunks.length;
  }

  /**
   * Writes the objects left, the cross-reference table and the trailer (`Root` and `Info` from the
   * document), then moves the file into place.
   * @returns the file's size in bytes
   */
  async finish(): Promise<number> {
    await this.flush();
    const count = this.context.largestObjectNumber + 1;
    // one subsection from 0: objects never written (numbers reserved, then unused) are free entries, chained (§7.5.4)
    const free = [];
    for (let n = 1; n < count; n += 1) if (!this.offsets.has(n)) free.push(n);
    const lines: string[] = [`xref\n0 ${count}\n`, `${String(free[0] ?? 0).padStart(10, '0')} 65535 f\r\n`];
    let f = 0;
    for (let n = 1; n < count; n += 1) {
      const at = this.offsets.get(n);
      if (at !== undefined) lines.push(`${String(at).padStart(10, '0')} 00000 n\r\n`);
      else lines.push(`${String(free[++f] ?? 0).padStart(10, '0')} 00001 f\r\n`);
    }
    const { Root, Info } = this.context.trailerInfo;
    const trailer = `trailer\n<< /Size ${count} /Root ${String(Root)}${Info ? ` /Info ${Info.toString()}` : ''} >>\nstartxref\n${this.size}\n%%EOF\n`;
    await this.write([ascii(lines.join('') + trailer)]);
    await this.file.commit();
    return this.size;
  }

  /** Gives the file up (its temporary file removed; nothing written under its name). Does nothing after `finish`. */
  async abort(): Promise<void> {
    await this.file.abort();
  }

  private async write(chunks: Uint8Array[]): Promise<void> {
    if (!chunks.length) return;
    const bytes = Buffer.concat(chunks);
    await this.file.write(bytes);
    this.size += bytes.length;
  }
}
