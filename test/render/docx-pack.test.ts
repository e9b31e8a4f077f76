import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { Packer } from 'docx';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { buildDocument, packDocx, renderDocx } from '../../src/render/docx.js';
import { embeddedFonts, fontPart, fontPartsMade, forgetFontParts, obfuscateFont } from '../../src/render/docx/fonts.js';
import { compiledParts, replaceNumberings } from '../../src/render/docx/pack.js';
import { FONTS } from '../../src/render/design.js';
import type { SheetView } from '../../src/view/model.js';
import { ROOT } from '../helpers.js';

/** packDocx uses docx's private Packer.compiler (see its docstring): the pin and the API it relies on. */
describe('DOCX packing through docx\'s compiler', () => {
  it('finds the compiler where docx 9.7 keeps it, with the docx version package.json pins exactly', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const installed = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/docx/package.json'), 'utf8')) as { version: string };
    expect(pkg.dependencies.docx).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed.version).toBe(pkg.dependencies.docx);
    const compiler = (Packer as unknown as { compiler?: { compile?: unknown } }).compiler;
    expect(typeof compiler?.compile).toBe('function');
  });

  it('writes one package, deflated, with the embedded-font flags in word/settings.xml', async () => {
    const view = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/views/re-sample.json'), 'utf8')) as SheetView;
    const bytes = await packDocx(await buildDocument(view, {}), true);
    const zip = await JSZip.loadAsync(bytes);
    expect(await zip.file('word/settings.xml')?.async('string')).toContain('<w:embedTrueTypeFonts/><w:saveSubsetFonts/>');
    expect(Object.keys(zip.files)).toContain('word/document.xml');
  });

  it('takes the parts as the compiler makes them, without its JSZip: the same parts, in the same order, with the same bytes', async () => {
    const view = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/views/re-sample.json'), 'utf8')) as SheetView;
    // a photo too, for the media parts
    const photo = { type: 'photo' as const, file: path.join(ROOT, 'examples/images', readdirSync(path.join(ROOT, 'examples/images')).find((f) => /\.(png|jpe?g)$/i.test(f))!), width: 800, height: 500, caption: 'Photo', credit: 'M&D' };
    const withPhoto: SheetView = { ...view, sections: [{ ...view.sections[0]!, blocks: [...view.sections[0]!.blocks, photo] }, ...view.sections.slice(1)] };
    const direct = await compiledParts(await buildDocument(withPhoto));
    const compiler = (Packer as unknown as { compiler: { compile(doc: unknown, p?: unknown, o?: unknown[]): JSZip } }).compiler;
    const zip = compiler.compile(await buildDocument(withPhoto), undefined, []);
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    expect([...direct.keys()]).toEqual(names);
    expect(names.some((n) => n.startsWith('word/media/'))).toBe(true);
    // the two documents were made at two moments: their dates masked
    const undated = (bytes: Uint8Array) => Buffer.from(Buffer.from(bytes).toString('latin1').replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*/g, '$1'), 'latin1');
    for (const name of names) {
      const part = direct.get(name)!;
      expect(undated(typeof part === 'string' ? Buffer.from(part, 'utf8') : part).equals(undated(await zip.file(name)!.async('uint8array'))), name).toBe(true);
    }
    // the XML parts come as text (not encoded to UTF-8 and decoded again)
    expect(typeof direct.get('word/document.xml')).toBe('string');
  });
});

describe('fonts embedded from the run\'s cache of font parts', () => {
  const view = (): SheetView => JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/views/re-sample.json'), 'utf8')) as SheetView;
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives the same bytes as an uncached run, and makes each font part once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T12:00:00Z'));
    forgetFontParts();
    const uncached = await renderDocx(view());
    expect(fontPartsMade()).toBe(4);
    const cached = await renderDocx(view());
    expect(fontPartsMade()).toBe(4);
    expect(cached.length).toBeGreaterThan(100_000); // the fonts are in it
    expect(Buffer.compare(cached, uncached)).toBe(0);
  });

  it('embeds each font so that Word and LibreOffice get it back: de-obfuscated with the key of fontTable.xml, the part is the font', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(view()));
    const table = await zip.file('word/fontTable.xml')!.async('string');
    const rels = await zip.file('word/_rels/fontTable.xml.rels')!.async('string');
    const fonts = embeddedFonts();
    for (const font of fonts) {
      const entry = new RegExp(`<w:font w:name="${font.name}">(?:(?!</w:font>).)*<w:embedRegular r:id="([^"]+)" w:fontKey="\\{([0-9a-f-]{36})\\}"/>`).exec(table);
      expect(entry, font.name).not.toBeNull();
      const target = new RegExp(`Id="${entry![1]}"[^>]*Target="([^"]+)"`).exec(rels)![1]!;
      const part = await zip.file(`word/${target}`)!.async('uint8array');
      expect(Buffer.from(obfuscateFont(part, entry![2]!)).equals(font.data), font.name).toBe(true);
      expect(Buffer.from(part).equals(font.data)).toBe(false); // obfuscated, not the bare font
    }
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('Extension="odttf"');
  });

  it('is keyed by the font\'s content: the same glyphs share a part, other glyphs get their own part and key', () => {
    const arabic = embeddedFonts().find((f) => f.name === FONTS.arabic)!;
    const same = fontPart({ name: arabic.name, data: Buffer.from(arabic.data) });
    expect(fontPart(arabic).key).toBe(same.key);
    expect(fontPart(arabic).part).toBe(same.part);
    // a subset with other letters is other bytes: here the same font with one more (fake) table byte
    const other = fontPart({ name: arabic.name, data: Buffer.concat([arabic.data, Buffer.from([0, 0, 0, 1])]) });
    expect(other.key).not.toBe(same.key);
    expect(other.part.crc).not.toBe(same.part.crc);
    expect(other.key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/); // lower case: LibreOffice reads no other
  });
});

describe('list numbering placeholders', () => {
  it('are replaced in one pass exactly as docx\'s own replacer does', () => {
    const compiler = (Packer as unknown as { compiler: { numberingReplacer: object } }).compiler;
    const own = Object.getPrototypeOf(compiler.numberingReplacer) as { replace(xml: string, n: unknown[]): string };
    const numberings = [
      { reference: 'capi-bullets', instance: 1, numId: 3 },
      { reference: 'capi-bullets', instance: 10, numId: 4 },
      { reference: 'capi-numbers', instance: 0, numId: 7 },
    ];
    const xml = '<w:p><w:numId w:val="{capi-bullets-1}"/></w:p><w:p><w:numId w:val="{capi-bullets-10}"/></w:p><w:numId w:val="{capi-numbers-0}"/><w:t>{capi-bullets-1} {autre-2}</w:t>';
    expect(replaceNumberings(xml, numberings)).toBe(own.replace.call(compiler.numberingReplacer, xml, numberings));
    expect(replaceNumberings(xml, numberings)).toContain('<w:numId w:val="4"/>');
    expect(replaceNumberings(xml, [])).toBe(xml);
  });

  it('are found from each « { » where the regular expression of the one-pass replacer finds them', () => {
    const numberings = [
      { reference: 'l', instance: 1, numId: 3 },
      { reference: 'l', instance: 'a', numId: 4 },
    ];
    const ids = new Map(numberings.map((n) => [`${n.reference}-${n.instance}`, String(n.numId)]));
    const byRegex = (xml: string) => xml.replace(/\{([^{}<>"]+)\}/g, (whole, name: string) => ids.get(name) ?? whole);
    const pieces = fc.constantFrom('{', '}', '<', '>', '"', 'l-1', 'l-a', 'l-2', '-', 'ب', ' ', 'x', '{l-1}', '{l-a}');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 16 }).map((a) => a.join('')), (xml) => {
        expect(replaceNumberings(xml, numberings)).toBe(byRegex(xml));
      }),
      { numRuns: 5000 },
    );
  });
});
