import { PDFDocument, PDFName, PDFDict } from 'pdf-lib';
import { readFileSync } from 'node:fs';
const doc = await PDFDocument.load(readFileSync(process.argv[2]));
const idx = new Map(doc.getPages().map((p,i)=>[p.ref.toString(), i+1]));
const ol = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
let d = ol.lookup(PDFName.of('First'), PDFDict); let n=0;
while (d) { const dest = d.lookup(PDFName.of('Dest')); const kids = d.get(PDFName.of('Count')); if (n<8) console.log(d.lookup(PDFName.of('Title')).decodeText(), idx.get(dest.get(0).toString()), String(kids)); n++; d = d.lookup(PDFName.of('Next')); }
console.log('top', n, 'count', String(ol.get(PDFName.of('Count'))));
