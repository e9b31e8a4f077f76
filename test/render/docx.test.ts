import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocx, writeDocx } from '../../src/render/docx.js';
import { embeddedFonts, woffToSfnt } from '../../src/render/docx/fonts.js';
import { TEXT_WIDTH } from '../../src/render/docx/layout.js';
import { docxColour } from '../../src/render/design.js';
import { cleanXmlText, isRtl } from '../../src/render/docx/text.js';
import type { SheetView } from '../../src/view/model.js';
import { CROSS, crossView } from './cross-view.js';
import { docxToPdf } from '../helpers/pages.js';

const run = promisify(execFile);
const fixture = new URL('../fixtures/views/re-sample.json', import.meta.url);

/** A solid-colour RGB PNG of `w`×`h` pixels (enough for an ImageRun). */
function png(w: number, h: number, rgb: [number, number, number]): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer): number => {
    let c = 0xffffffff;
    for (const b of buf) c = table[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The sample view plus what the sample lacks: hostile text, control characters, a photo. */
async function sampleView(dir: string): Promise<SheetView> {
  const view = JSON.parse(await readFile(fixture, 'utf8')) as SheetView;
  const photoFile = join(dir, 'reservoir.png');
  await writeFile(photoFile, png(64, 48, [31, 111, 107]));
  view.sections.push({
    id: 'annexes',
    title: 'Annexes',
    level: 1,
    children: [],
    blocks: [
      {
        type: 'fields',
        rows: [
          { label: 'Remarque', value: '<script>alert("x")</script> & fin' },
          { label: 'Contrôle', value: 'avant\u0007après\u001Bfin' },
        ],
      },
      { type: 'photo', file: photoFile, width: 1600, height: 1200, caption: 'Le réservoir de Tazka', credit: 'Photo : Salma Amrani, 2023' },
    ],
  });
  return view;
}

const paragraphs = (xml: string): string[] => xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
const runs = (xml: string): string[] => xml.match(/<w:r[ >][\s\S]*?<\/w:r>/g) ?? [];

let dir: string;
let docx: Buffer;
let zip: JSZip;
let documentXml: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'capi-docx-'));
  docx = await renderDocx(await sampleView(dir));
  zip = await JSZip.loadAsync(docx);
  documentXml = await zip.file('word/document.xml')!.async('string');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('renderDocx: word/document.xml', () => {
  it('uses the built-in Title, Heading1 and Heading2 styles', () => {
    const styled = (style: string, text: string): boolean =>
      paragraphs(documentXml).some((p) => p.includes(`<w:pStyle w:val="${style}"/>`) && p.includes(text));
    expect(styled('Title', 'robinet à Tafraout')).toBe(true);
    expect(styled('Heading1', 'Contexte')).toBe(true);
    expect(styled('Heading1', 'Perceptions des acteurs locaux')).toBe(true);
    expect(styled('Heading2', 'Élu·e communal·e')).toBe(true);
  });

  it('makes the Arabic quote a bidi paragraph of rtl runs in Noto Naskh Arabic, language ar-MA', () => {
    const p = paragraphs(documentXml).find((x) => x.includes('هاد المشروع'));
    expect(p).toBeDefined();
    expect(p).toContain('<w:bidi/>');
    expect(p).not.toMatch(/<w:jc w:val="(left|right)"\/>/); // start of a bidi paragraph = flush right
    const arabic = runs(p!).filter((r) => /[\u0600-\u06FF]/.test(r));
    expect(arabic.length).toBeGreaterThan(0);
    for (const r of arabic) {
      expect(r).toContain('<w:rtl/>');
      expect(r).toMatch(/w:cs="Noto Naskh Arabic"/);
      expect(r).toMatch(/w:bidi="ar-MA"/);
    }
  });

  it('isolates an Arabic word inside French text as an rtl run, in a left-to-right paragraph', () => {
    const p = paragraphs(documentXml).find((x) => x.includes('آيت ومنوس'))!;
    expect(p).not.toContain('<w:bidi/>');
    const r = runs(p).find((x) => x.includes('آيت ومنوس'))!;
    expect(r).toContain('<w:rtl/>');
    expect(runs(p).find((x) => x.includes('Avant 2015'))).not.toContain('<w:rtl/>');
  });

  it('names Noto Sans Tifinagh in every font slot of Tifinagh runs', () => {
    const r = runs(documentXml).find((x) => x.includes('ⴰⵎⴰⵏ'));
    expect(r).toBeDefined();
    for (const slot of ['ascii', 'hAnsi', 'cs', 'eastAsia']) expect(r).toContain(`w:${slot}="Noto Sans Tifinagh"`);
    expect(r).not.toContain('<w:rtl/>');
  });

  it('keeps French text with its accents, the translation in italics and the attribution', () => {
    expect(documentXml).toContain('pénurie estivale ;');
    expect(documentXml).toContain('Très satisfaisante');
    const t = paragraphs(documentXml).find((x) => x.includes('maintenant'))!;
    expect(t).toContain('<w:i/>');
    expect(documentXml).toContain('INF-TIZ-003, élu·e communal·e');
  });

  it('draws emphasis as italics and strong as bold', () => {
    expect(runs(documentXml).find((x) => x.includes('deux kilomètres'))).toContain('<w:b/>');
    expect(runs(documentXml).find((x) => x.includes('corvée d'))).toContain('<w:i/>');
  });

  it('uses Word numbering for bullet and numbered lists, restarting each numbered list', async () => {
    const numbering = await zip.file('word/numbering.xml')!.async('string');
    expect(numbering).toContain('w:val="bullet"');
    expect(numbering).toContain('w:val="decimal"');
    const item = paragraphs(documentXml).find((x) => x.includes('étude de faisabilité'))!;
    expect(item).toMatch(/<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="\d+"\/><\/w:numPr>/);
  });

  it('repeats the header row of data tables and writes the rating as dots', () => {
    const table = (documentXml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? []).find((x) => x.includes('Cotisations des migrants'))!;
    expect(table).toContain('<w:tblHeader/>');
    expect(documentXml).toContain('●●●●');
  });

  it('writes text from a field as escaped text, never as markup', () => {
    expect(documentXml).toContain('&lt;script&gt;alert(');
    expect(documentXml).not.toContain('<script');
  });

  it('makes a paragraph right-to-left only when Arabic leads it', () => {
    expect(isRtl('Tiznit (تيزنيت)')).toBe(false);
    expect(isRtl('تيزنيت (Tiznit)')).toBe(true);
    expect(isRtl('هاد المشروع بدل حياة الناس, project')).toBe(true);
    expect(isRtl('Le douar Aït Oumnous (آيت ومنوس)')).toBe(false);
    expect(isRtl('ⴰⵎⴰⵏ ⴷ ⵜⵓⴷⵔⵜ')).toBe(false);
  });

  it('removes characters XML 1.0 forbids', () => {
    expect(documentXml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(documentXml).toContain('avantaprèsfin');
    expect(cleanXmlText('a\u0000b\uFFFEc\uD800d\r\ne\tf')).toBe('abcd\ne\tf');
  });

  it('embeds the photo, scaled to the text width with its aspect ratio, with caption and credit', async () => {
    expect(Object.keys(zip.files).some((f) => /^word\/media\/.+\.png$/.test(f))).toBe(true);
    const extent = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(documentXml);
    expect(extent).not.toBeNull();
    const [cx, cy] = [Number(extent![1]), Number(extent![2])];
    expect(cy / cx).toBeCloseTo(0.75, 2);
    expect(cx / 914400).toBeGreaterThan(6); // inches: the text width is ≈ 6.5 in
    expect(cx / 914400).toBeLessThan(7);
    expect(documentXml).toContain('Le réservoir de Tazka');
    expect(documentXml).toContain('Photo : Salma Amrani, 2023');
  });
});

/**
 * The top-level `w:tr` / `w:tc` elements directly inside `xml` (an element's content), nested tables
 * counted so that their rows and cells are skipped.
 */
function topLevel(xml: string, tag: 'tr' | 'tc'): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  for (const m of xml.matchAll(/<(\/?)w:(tbl|tr|tc)(?=[\s>\/])[^>]*?(\/?)>/g)) {
    if (m[3] === '/') continue;
    const closing = m[1] === '/';
    if (m[2] === 'tbl') depth += closing ? -1 : 1;
    else if (m[2] === tag && depth === 0) {
      if (!closing) start = m.index;
      else out.push(xml.slice(start, m.index + m[0].length));
    }
  }
  return out;
}

/** The outermost table (`<w:tbl>…</w:tbl>`, nested tables included) that contains `text`. */
function outerTable(xml: string, text: string): string {
  const at = xml.indexOf(text);
  expect(at, text).toBeGreaterThan(0);
  let depth = 0;
  let start = -1;
  for (const m of xml.matchAll(/<(\/?)w:tbl>/g)) {
    if (m[1] !== '/') {
      if (depth === 0) start = m.index;
      depth += 1;
    } else {
      depth -= 1;
      const end = m.index + m[0].length;
      if (depth === 0 && start < at && at < end) return xml.slice(start, end);
    }
  }
  throw new Error(`no table holds « ${text} »`);
}

describe('renderDocx: regard croisé, level 3, page breaks', () => {
  let xml = '';
  let styles = '';
  let crossZip: JSZip;
  beforeAll(async () => {
    crossZip = await JSZip.loadAsync(await renderDocx(crossView(), { embedFonts: false }));
    xml = await crossZip.file('word/document.xml')!.async('string');
    styles = await crossZip.file('word/styles.xml')!.async('string');
  });

  it('draws a columns block as a table of two equal columns: a header row of titles, then one cell per column', () => {
    const table = outerTable(xml, CROSS.leftTitle);
    const inner = table.slice('<w:tbl>'.length, -'</w:tbl>'.length);
    const grid = /<w:tblGrid>((?:<w:gridCol w:w="\d+"\/>)+)<\/w:tblGrid>/.exec(inner)![1]!;
    const widths = [...grid.matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(Math.abs(widths[0]! - widths[1]!)).toBeLessThanOrEqual(1);
    expect(widths[0]! + widths[1]!).toBe(TEXT_WIDTH); // the text width of the design's page margins
    const rows = topLevel(inner, 'tr');
    expect(rows).toHaveLength(2);
    // header row: repeated on a new page, kept whole, the two titles and subtitles on tints
    expect(rows[0]).toContain('<w:tblHeader/>');
    expect(rows[0]).toContain('<w:cantSplit/>');
    const heads = topLevel(rows[0]!.replace(/^<w:tr[^>]*>|<\/w:tr>$/g, ''), 'tc');
    expect(heads).toHaveLength(2);
    expect(heads[0]).toContain(CROSS.leftTitle);
    expect(heads[0]).toContain(CROSS.leftSubtitle);
    expect(heads[1]).toContain(CROSS.rightTitle);
    expect(heads[1]).toContain(CROSS.rightSubtitle);
    expect(heads[0]).toMatch(new RegExp(`<w:shd [^>]*w:fill="${docxColour('tealTint')}"`));
    expect(heads[1]).toMatch(new RegExp(`<w:shd [^>]*w:fill="${docxColour('ochreTint')}"`));
    // content row: may break across pages; each cell holds its own column's blocks
    const ownProps = /^<w:tr[^>]*>(<w:trPr>[\s\S]*?<\/w:trPr>)?/.exec(rows[1]!)![1] ?? '';
    expect(ownProps).not.toContain('<w:cantSplit/>');
    const cells = topLevel(rows[1]!.replace(/^<w:tr[^>]*>|<\/w:tr>$/g, ''), 'tc');
    expect(cells).toHaveLength(2);
    const [left, right] = cells as [string, string];
    expect(left).toContain(CROSS.leftText);
    expect(left).toContain(CROSS.fieldLabel);
    expect(left).toContain(CROSS.fieldValue);
    expect(left).toContain('Appréciation\u00a0: ');
    expect(left).toContain('>●●●<');
    expect(left).not.toContain(CROSS.rightText);
    expect(right).toContain(CROSS.rightText);
    expect(right).toContain(CROSS.translation);
    expect(right).not.toContain(CROSS.leftText);
  });

  it('nests the fields and quote tables in the cells, sized to the cell', () => {
    const table = outerTable(xml, CROSS.leftTitle);
    const cells = topLevel(topLevel(table.slice(7, -8), 'tr')[1]!.replace(/^<w:tr[^>]*>|<\/w:tr>$/g, ''), 'tc');
    for (const cell of cells) {
      const nested = /<w:tbl>[\s\S]*?<w:tblW w:type="dxa" w:w="(\d+)"\/>/.exec(cell) ?? /<w:tbl>[\s\S]*?<w:tblW w:w="(\d+)" w:type="dxa"\/>/.exec(cell);
      expect(nested, 'a nested table').not.toBeNull();
      expect(Number(nested![1])).toBeLessThan(TEXT_WIDTH / 2);
    }
    // a cell ends with a paragraph, as Word requires
    for (const cell of cells) expect(cell).toMatch(/<\/w:p><\/w:tc>$/);
  });

  it('writes the Arabic quote of a column right-to-left, escaped text stays text', () => {
    const p = paragraphs(xml).find((x) => x.includes(CROSS.arabic))!;
    expect(p).toContain('<w:bidi/>');
    for (const r of runs(p).filter((x) => /[\u0600-\u06FF]/.test(x))) {
      expect(r).toContain('<w:rtl/>');
      expect(r).toMatch(/w:cs="Noto Naskh Arabic"/);
    }
    expect(xml).toContain('&lt;b&gt;gras&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;');
    expect(xml).not.toContain('<b>gras');
  });

  it('uses Heading3 for level-3 sections, styled like Heading1 and Heading2', () => {
    const h = paragraphs(xml).find((p) => p.includes(CROSS.level3))!;
    expect(h).toContain('<w:pStyle w:val="Heading3"/>');
    const style = /<w:style [^>]*w:styleId="Heading3"[\s\S]*?<\/w:style>/.exec(styles)?.[0];
    expect(style).toBeDefined();
    expect(style).toContain('<w:outlineLvl w:val="2"/>');
    expect(style).toContain('<w:keepNext/>');
    expect(style).toContain('w:ascii="Noto Sans"');
    expect(style).toContain(`<w:color w:val="${docxColour('teal2')}"/>`); // as the PDF's h4
  });

  it('puts <w:pageBreakBefore/> on the heading of a section marked pageBreakBefore, and only there', () => {
    const h = paragraphs(xml).find((p) => p.includes(CROSS.newPage))!;
    expect(h).toContain('<w:pStyle w:val="Heading1"/>');
    expect(h).toContain('<w:pageBreakBefore/>');
    expect(xml.match(/<w:pageBreakBefore\/>/g)).toHaveLength(1);
  });
});

describe('renderDocx: package parts', () => {
  it('holds the document properties in docProps/core.xml', async () => {
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toMatch(/<dc:title>L(&apos;|')eau au robinet à Tafraout/);
    expect(core).toContain('Salma Amrani (enquêtrice); Hicham Bouzid (encadrant)');
    expect(core).toContain('RE-TIZ-01');
  });

  it('sets French as the document language, Moroccan Arabic for complex scripts', async () => {
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toMatch(/<w:lang [^>]*w:val="fr-FR"[^>]*w:bidi="ar-MA"/);
  });

  it('puts the title and Arabic commune name in the header, PAGE / NUMPAGES fields in the footer', async () => {
    const part = async (re: RegExp): Promise<string> => {
      const names = Object.keys(zip.files).filter((f) => re.test(f));
      return (await Promise.all(names.map((n) => zip.file(n)!.async('string')))).join('');
    };
    const header = await part(/^word\/header\d*\.xml$/);
    expect(header).toContain('Tafraout');
    expect(header).toContain('تافراوت');
    const footer = await part(/^word\/footer\d*\.xml$/);
    expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(footer).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/);
    expect(footer).toContain('RE-TIZ-01');
  });

  it('uses an A4 page', () => {
    expect(documentXml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  });

  it('embeds the body and heading fonts, and the Arabic and Tifinagh fonts', async () => {
    const fontTable = await zip.file('word/fontTable.xml')!.async('string');
    expect(fontTable).toContain('w:name="Noto Serif"');
    expect(fontTable).toContain('w:name="Noto Sans"');
    expect(fontTable).toContain('w:name="Noto Naskh Arabic"');
    expect(fontTable).toContain('w:name="Noto Sans Tifinagh"');
    expect(fontTable.match(/<w:embedRegular /g)?.length).toBe(4);
    expect(zip.file('word/fonts/font1.odttf')).not.toBeNull();
    const settings = await zip.file('word/settings.xml')!.async('string');
    expect(settings).toContain('<w:displayBackgroundShape/><w:embedTrueTypeFonts/><w:saveSubsetFonts/>');
  });

  it('leaves the fonts out on request', async () => {
    const light = await JSZip.loadAsync(await renderDocx(JSON.parse(await readFile(fixture, 'utf8')) as SheetView, { embedFonts: false }));
    expect(Object.keys(light.files).some((f) => f.startsWith('word/fonts/'))).toBe(false);
  });
});

describe('woffToSfnt', () => {
  it('rebuilds TrueType files whose table checksums are right', () => {
    for (const font of embeddedFonts()) {
      const ttf = font.data;
      expect(ttf.readUInt32BE(0)).toBe(0x00010000);
      const n = ttf.readUInt16BE(4);
      for (let i = 0; i < n; i++) {
        const at = 12 + i * 16;
        const tag = ttf.toString('latin1', at, at + 4);
        const [sum, offset, length] = [ttf.readUInt32BE(at + 4), ttf.readUInt32BE(at + 8), ttf.readUInt32BE(at + 12)];
        let actual = 0;
        const padded = Buffer.alloc((length + 3) & ~3);
        ttf.copy(padded, 0, offset, offset + length);
        if (tag === 'head') padded.writeUInt32BE(0, 8); // checkSumAdjustment is excluded
        for (let k = 0; k < padded.length; k += 4) actual = (actual + padded.readUInt32BE(k)) >>> 0;
        expect(actual, `${font.name} ${tag}`).toBe(sum);
      }
    }
  });

  it('rejects data that is not WOFF', () => {
    expect(() => woffToSfnt(Buffer.from('not a font at all, certainly not WOFF data'))).toThrow(/WOFF/);
  });
});

describe('writeDocx', () => {
  it('writes the file through a temporary file in the same folder', async () => {
    const out = join(dir, 'RE-TIZ-01.docx');
    await writeDocx(await sampleView(dir), out);
    const files = await readdir(dir);
    expect(files).toContain('RE-TIZ-01.docx');
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await readFile(out)).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('fails on a missing photo with a UserError naming the file', async () => {
    const view = await sampleView(dir);
    view.sections[0]!.blocks.push({ type: 'photo', file: join(dir, 'absente.jpg'), width: 4, height: 3, caption: '', credit: '' });
    await expect(renderDocx(view)).rejects.toThrow(/absente\.jpg/);
  });
});

describe('a real client reads it (LibreOffice → PDF)', () => {
  // one LibreOffice start (profile, then both files in one call) for the two documents: its start-up is
  // most of the cost; each test reads its own PDF
  beforeAll(async () => {
    await writeFile(join(dir, 'lo.docx'), docx);
    await writeFile(join(dir, 'cross.docx'), await renderDocx(crossView()));
    // Fails (ENOENT) when soffice is missing: CI installs libreoffice-writer-nogui.
    docxToPdf([join(dir, 'lo.docx'), join(dir, 'cross.docx')], dir);
  }, 160_000);

  it('converts with soffice and keeps the French text, the translation and the Arabic', async () => {
    const pdf = join(dir, 'lo.pdf');
    const { stdout: raw } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
    // lines wrap where the fonts of the machine say: compare with spaces folded
    const text = raw.replace(/\s+/g, ' ');
    expect(text).toContain('pénurie estivale');
    expect(text).toContain('maintenant l’eau est dans chaque maison'.replace('’', "'"));
    expect(text).toContain('Cotisations des migrants');
    expect(text).toMatch(/[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]{3}/);
    expect(text).toMatch(/[\u2D30-\u2D7F]/);
    const { stdout: info } = await run('pdfinfo', [pdf]);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(6);
  });

  it('converts the regard croisé: both column titles and both columns’ texts, the level-3 heading, the new page', async () => {
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', join(dir, 'cross.pdf'), '-']);
    const flat = text.replace(/\s+/g, ' ').replace(/’/g, "'");
    // column titles are in capitals (w:caps), as the PDF's text-transform: uppercase
    for (const s of [CROSS.leftTitle.toUpperCase(), CROSS.rightTitle.toUpperCase(), CROSS.leftText, CROSS.rightText, CROSS.fieldValue, CROSS.translation, CROSS.level3]) {
      expect(flat).toContain(s.replace(/’/g, "'"));
    }
    // the section marked pageBreakBefore opens the last page (pdftotext separates pages with a form feed)
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages.at(-1)!.split('\n').filter((l) => l.trim() !== '').slice(0, 4).join(' ')).toContain(CROSS.newPage);
  });
});
