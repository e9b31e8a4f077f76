import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { COLOURS, FONTS, PDF_ONLY_COLOURS, SIZES, SPACING, cssName, designCss, docxColour, halfPoints, twips } from '../../src/render/design.js';
import { renderDocx } from '../../src/render/docx.js';
import { renderHtml } from '../../src/render/html.js';
import type { SheetView } from '../../src/view/model.js';
import { ROOT } from '../helpers.js';

/**
 * One design for PDF and DOCX (issue 12): the tokens of src/render/design.ts are the only place where a
 * colour, a type size or a spacing is written; both renderers read them.
 */
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');
const CSS_FILES = ['templates/print.css', 'templates/page-margins.css', 'templates/review.css', 'templates/booklet/booklet.css'];
const css = CSS_FILES.map(read).join('\n');
const DOCX_DIR = 'src/render/docx';
const DOCX_FILES = [...readdirSync(path.join(ROOT, DOCX_DIR)).filter((f) => f.endsWith('.ts')).map((f) => `${DOCX_DIR}/${f}`), 'src/render/docx.ts', 'src/render/booklet-docx.ts'];
const docxSource = DOCX_FILES.map(read).join('\n');
/** The DOCX renderer's code without its comments (a token named in a comment is not a use). */
const docxCode = docxSource.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
const view = JSON.parse(read('test/fixtures/views/re-sample.json')) as SheetView;

describe('design tokens', () => {
  it('are used by the PDF: every colour, size and spacing token is a var(--…) of the stylesheets', () => {
    const unused = [
      ...Object.keys(COLOURS).map((k) => `--colour-${cssName(k)}`),
      ...Object.keys(SIZES).map((k) => `--size-${cssName(k)}`),
      ...Object.keys(SPACING).map((k) => `--space-${cssName(k)}`),
    ].filter((name) => !css.includes(`var(${name})`));
    expect(unused).toEqual([]);
  });

  it('are used by the DOCX: every colour, size and spacing token is read by the DOCX renderer', () => {
    // colours through layout.ts (TEAL = docxColour('teal')…), sizes through halfPoints('…'), spacing through spacingTwips('…')
    const unused = [
      ...Object.keys(COLOURS).filter((k) => !PDF_ONLY_COLOURS.includes(k as never) && !docxCode.includes(`docxColour('${k}')`)),
      ...Object.keys(SIZES).filter((k) => k !== 'meter' && !docxCode.includes(`halfPoints('${k}')`)),
      ...Object.keys(SPACING).filter((k) => !docxCode.includes(`spacingTwips('${k}')`) && !docxCode.includes(`collapsed('${k}')`)),
    ];
    expect(unused).toEqual([]);
    expect(docxCode).toContain('meterGlyphHalfPoints()');
  });

  it('every var(--…) of the stylesheets is defined (a misspelt token silently drops the declaration)', () => {
    const defined = new Set([...designCss().matchAll(/(--[\w-]+):/g)].map((m) => m[1]!));
    const used = new Set([...css.matchAll(/var\((--[\w-]+)\)/g)].map((m) => m[1]!));
    expect([...used].filter((name) => !defined.has(name))).toEqual([]);
  });

  it('no colour is written outside the tokens: no CSS colour literal, no DOCX hex string', () => {
    const cssLiterals = CSS_FILES.flatMap((f) =>
      read(f)
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .split('\n')
        .filter((line) => /#[0-9a-f]{3,8}\b|\brgba?\(|\bhsla?\(|:\s*(white|black)\b/i.test(line))
        .map((line) => `${f}: ${line.trim()}`),
    );
    expect(cssLiterals).toEqual([]);
    // a quoted six-digit hex string (not an XML attribute value such as lim="800000")
    const hex = [...docxCode.matchAll(/(?<!=)['"]([0-9A-Fa-f]{6})['"]/g)].map((m) => m[1]);
    expect(hex).toEqual([]);
  });

  it('no DOCX font size is written outside the tokens (border sizes, in eighths of a point, excepted)', () => {
    const literals = docxCode
      .split('\n')
      .filter((line) => /\bsize: \d/.test(line.replace(/style: BorderStyle\.\w+, size: \d+/g, '').replace(/size: 0\b/g, '')))
      .map((line) => line.trim());
    expect(literals).toEqual([]);
  });

  it('the CSS and the DOCX get the same values: hex without #, half-points, twips', () => {
    expect(designCss()).toContain(`--colour-teal: ${COLOURS.teal};`);
    expect(designCss()).toContain(`--size-body: ${SIZES.body}pt;`);
    expect(docxColour('teal')).toBe(COLOURS.teal.slice(1).toUpperCase());
    expect(halfPoints('body')).toBe(21);
    expect(twips(SPACING.paragraph)).toBe(120);
    expect(cssName('ochreTint')).toBe('ochre-tint');
    expect(cssName('h1Before')).toBe('h1-before');
  });
});

describe('the rendered documents carry the tokens', () => {
  it('HTML: the custom properties come before print.css, with the body font and page margins', () => {
    const html = renderHtml(view);
    const tokens = html.indexOf('--colour-teal:');
    expect(tokens).toBeGreaterThan(0);
    expect(tokens).toBeLessThan(html.indexOf('var(--colour-teal)'));
    expect(html).toContain(`--serif: '${FONTS.body}'`);
    expect(html).toMatch(/@page \{ size: A4; margin: 22mm 18mm 20mm 18mm; \}/);
  });

  it('DOCX: body in the body font at the body size, headings in the heading font and teal, both fonts embedded', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(view));
    const styles = await zip.file('word/styles.xml')!.async('string');
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)![0];
    expect(defaults).toContain(`w:ascii="${FONTS.body}"`);
    expect(defaults).toContain(`<w:sz w:val="${halfPoints('body')}"/>`);
    expect(defaults).toContain(`<w:color w:val="${docxColour('ink')}"/>`);
    const h1 = /<w:style [^>]*w:styleId="Heading1"[\s\S]*?<\/w:style>/.exec(styles)![0];
    expect(h1).toContain(`w:ascii="${FONTS.heading}"`);
    expect(h1).toContain(`<w:sz w:val="${halfPoints('h1')}"/>`);
    expect(h1).toContain(`<w:color w:val="${docxColour('teal')}"/>`);
    const fontTable = await zip.file('word/fontTable.xml')!.async('string');
    for (const name of [FONTS.body, FONTS.heading, FONTS.arabic, FONTS.tifinagh]) {
      expect(fontTable).toMatch(new RegExp(`<w:font w:name="${name}">[\\s\\S]*?<w:embedRegular `));
    }
    expect(Object.keys(zip.files).filter((f) => f.startsWith('word/fonts/') && f.endsWith('.odttf')).length).toBe(4);
  });
});
