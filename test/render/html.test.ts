import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR } from '../../src/render/assets.js';
import {
  escapeHtml,
  fontFaceCss,
  renderHtml as renderHtmlWithHyphens,
  renderSheetsHtml,
  sheetsDocumentKey,
  cssString,
  richToHtml,
  textToHtml,
} from '../../src/render/html.js';
import type { Block, SheetView } from '../../src/view/model.js';

import { CROSS, crossView } from './cross-view.js';

/** The HTML without its soft hyphens (French body text is hyphenated: see typography-readback.test.ts). */
const renderHtml = (view: SheetView, options?: Parameters<typeof renderHtmlWithHyphens>[1]) => renderHtmlWithHyphens(view, options).replace(/\u00ad/g, '');

const fixture = new URL('../fixtures/views/re-sample.json', import.meta.url);
const sample = (): SheetView => JSON.parse(readFileSync(fixture, 'utf8')) as SheetView;

const EVIL = '<script>alert("x")</script>';

/** The sample view with markup in every kind of string a template prints. */
function hostileView(): SheetView {
  const view = sample();
  view.title = `Titre ${EVIL}`;
  view.subtitle = `<b>gras</b> & co`;
  view.authors = [`Salma <img src=x onerror=alert(1)>`];
  view.summary.push({ label: '<i>label</i>', value: EVIL });
  view.colophon = { lines: [EVIL], citation: EVIL, provenance: EVIL };
  view.frame = { reference: EVIL, internalMark: EVIL, draftMark: EVIL };
  view.organisation = `Org ${EVIL}`;
  view.place!.commune = `Tafraout ${EVIL}`;
  const blocks: Block[] = [
    { type: 'rich', blocks: [{ type: 'paragraph', children: [{ type: 'text', value: EVIL }] }] },
    { type: 'fields', rows: [{ label: EVIL, value: EVIL }] },
    { type: 'list', items: [EVIL] },
    { type: 'table', head: [EVIL], rows: [[EVIL]] },
    {
      type: 'quote',
      quote: {
        text: EVIL,
        lang: 'fr',
        langLabel: EVIL,
        script: 'latin',
        dir: 'ltr',
        translation: EVIL,
        attribution: EVIL,
        publishable: true,
      },
    },
    { type: 'photo', file: '/srv/ws/photos/a".jpg', width: 800, height: 600, caption: `" onload="alert(1)`, credit: EVIL },
    { type: 'rating', label: EVIL, value: EVIL, level: 2, max: 4 },
    { type: 'note', text: EVIL },
  ];
  view.sections.push({ id: 'x"><script>', title: EVIL, level: 1, blocks, children: [] });
  return view;
}

describe('escaping', () => {
  it('escapeHtml escapes the five characters', () => {
    expect(escapeHtml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  });

  it('prints HTML found in any field as text, and no <script> tag', () => {
    const html = renderHtml(hostileView());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img src=x/i);
    expect(html).not.toMatch(/<[bi]>/);
    expect(html).not.toContain('onload="alert');
    expect(html).toContain('&lt;script&gt;alert(');
    expect(html).toContain('&lt;b&gt;gras&lt;/b&gt; &amp; co');
    // every kind of block was drawn
    expect(html).toContain('<table class="data">');
    expect(html).toContain('<figure class="photo">');
    expect(html).toContain('class="meter"');
  });

  it('escapes the running header and footer (CSS strings of the @page margin boxes)', () => {
    const view = { ...hostileView(), frame: { reference: 'RE-"; } body { display: none } @page { x: "' } };
    const html = renderHtml(view);
    const margins = html.slice(html.indexOf('@top-left { content:'), html.indexOf('</style>', html.indexOf('@top-left { content:')));
    // the quote cannot end the CSS string, and no markup can close the <style> element
    expect(margins).not.toMatch(/<\/?(script|style)/i);
    expect(margins).toContain('@bottom-center { content: "RE-\\22 ; } body { display: none } @page { x: \\22 ";');
    expect(cssString('a"b\\c\n</style>')).toBe('"a\\22 b\\5c c \\3c /style\\3e "');
  });

  it('templates never use triple-stash', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.hbs') ? [join(dir, e.name)] : [],
      );
    const files = walk(DEFAULT_TEMPLATES_DIR);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain('{{{');
  });
});

describe('scripts', () => {
  it('wraps Arabic runs in <bdi dir="rtl" lang="ar"> and Tifinagh runs in a zgh span', () => {
    expect(textToHtml('Tafraout (تافراوت)')).toBe('Tafraout (<bdi dir="rtl" lang="ar">تافراوت</bdi>)');
    expect(textToHtml('devise ⴰⵎⴰⵏ ⴷ ⵜⵓⴷⵔⵜ !')).toBe('devise <span lang="zgh" class="tfng">ⴰⵎⴰⵏ ⴷ ⵜⵓⴷⵔⵜ</span> !');
    expect(textToHtml('<b>تافراوت</b>')).toBe('&lt;b&gt;<bdi dir="rtl" lang="ar">تافراوت</bdi>&lt;/b&gt;');
    // Arabic punctuation and inner spaces stay in the isolate; digits too
    expect(textToHtml('« دابا الما، 2018 »')).toBe('« <bdi dir="rtl" lang="ar">دابا الما، 2018</bdi> »');
    expect(textToHtml(undefined)).toBe('');
  });

  it('isolates Arabic in the narrative text, the place and the page header', () => {
    const view = sample();
    const html = renderHtml(view);
    expect(html).toContain('(<bdi dir="rtl" lang="ar">آيت ومنوس</bdi>)');
    expect(html).toContain('<bdi dir="rtl" lang="ar">تافراوت</bdi>');
    // running header: Arabic isolated with FSI…PDI inside the CSS string
    expect(html).toContain('@top-right { content: "Tafraout \u2068تافراوت\u2069 · Tiznit \u2068تيزنيت\u2069"; }');
  });

  it('sets the quote original apart with its direction and language, translation below', () => {
    const html = renderHtml(sample());
    expect(html).toMatch(/<blockquote class="original" lang="ary" dir="rtl">هاد المشروع/);
    expect(html).toMatch(/<blockquote class="original" lang="zgh" dir="ltr">ⴰⵎⴰⵏ/);
    const arabic = html.indexOf('هاد المشروع');
    const translation = html.indexOf('<p class="translation" lang="fr">Ce projet a changé');
    expect(translation).toBeGreaterThan(arabic);
    expect(html).toContain('Non publiable — édition interne');
  });
});

describe('document', () => {
  it('is a complete French HTML document with title, author and the sheet content', () => {
    const view = sample();
    const html = renderHtml(view);
    expect(html).toMatch(/^<!doctype html>\s*<html lang="fr" dir="ltr">/i);
    expect(html).toContain('<title>L&#x27;eau au robinet à Tafraout');
    expect(html).toContain('<meta name="author" content="Salma Amrani (enquêtrice), Hicham Bouzid (encadrant)">');
    expect(html).toContain('<h1 class="title">');
    expect(html).toContain('<h2>Perceptions des acteurs locaux</h2>');
    expect(html).toContain('<h3>Élu·e communal·e</h3>');
    expect(html).toContain('En bref');
    expect(html).toContain('<ol><li class="short">étude de faisabilité ;</li>');
    expect(html).toContain('<strong>deux kilomètres</strong>');
    expect(html).toContain('<em>corvée d&#39;eau</em>');
  });

  it('writes nested and numbered lists', () => {
    expect(
      richToHtml([
        {
          type: 'list',
          ordered: true,
          start: 3,
          items: [
            [
              { type: 'paragraph', children: [{ type: 'text', value: 'a' }, { type: 'break' }] },
              { type: 'list', ordered: false, start: 1, items: [[{ type: 'paragraph', children: [{ type: 'text', value: 'b' }] }]] },
            ],
          ],
        },
      ]),
    ).toBe('<ol start="3"><li><p class="short">a<br></p><ul><li class="short">b</li></ul></li></ol>');
  });

  it('marks paragraphs and items of about three lines or less as short (never split across pages), not longer ones', () => {
    const para = (n: number) => ({ type: 'paragraph' as const, children: [{ type: 'text' as const, value: 'é'.repeat(n) }] });
    // KEEP_WHOLE_CHARS = 240: RE-TAR-02's 2-line first paragraph (77 characters) was split after its first line
    expect(richToHtml([para(77)])).toBe(`<p class="short">${'é'.repeat(77)}</p>`);
    expect(richToHtml([para(240)])).toMatch(/^<p class="short">/);
    expect(richToHtml([para(241)])).toMatch(/^<p>/);
    expect(richToHtml([{ type: 'list', ordered: false, start: 1, items: [[para(240)], [para(241)]] }])).toMatch(/^<ul><li class="short">é+<\/li><li>é+<\/li><\/ul>$/);
    // an item of a paragraph and a sub-list is not one block: its paragraph is marked, not the item
    expect(richToHtml([{ type: 'list', ordered: false, start: 1, items: [[para(3), { type: 'list', ordered: false, start: 1, items: [[para(4)]] }]] }])).toBe(
      '<ul><li><p class="short">ééé</p><ul><li class="short">éééé</li></ul></li></ul>',
    );
  });

  it('points photos at file:// URLs', () => {
    const view = sample();
    view.sections[0]!.blocks.push({ type: 'photo', file: '/srv/ws/photos/château d’eau.jpg', width: 4, height: 3, caption: 'Le château d’eau', credit: 'Photo : M&D' });
    const html = renderHtml(view);
    expect(html).toContain('<img src="file:///srv/ws/photos/ch%C3%A2teau%20d%E2%80%99eau.jpg" width="4" height="3"');
    expect(html).toContain('Photo : M&amp;D');
  });

  it('declares the Noto fonts by subset, from the installed @fontsource files', () => {
    const css = fontFaceCss();
    for (const family of ['Noto Serif', 'Noto Sans', 'Noto Naskh Arabic', 'Noto Sans Tifinagh']) {
      expect(css).toContain(`font-family: '${family}'`);
    }
    expect(css).toMatch(/noto-naskh-arabic-arabic-400-normal\.woff2[^}]*unicode-range: U\+0600-06FF/);
    expect(css).toMatch(/noto-sans-tifinagh-tifinagh-400-normal\.woff2[^}]*unicode-range: [^}]*U\+2D30-2D7F/);
    const urls = [...css.matchAll(/url\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) expect(existsSync(fileURLToPath(url)), url).toBe(true);
    // the stylesheet gives Arabic and Tifinagh their fonts
    const html = renderHtml(sample());
    expect(html).toMatch(/--arabic: 'Noto Naskh Arabic'/);
    expect(html).toMatch(/--tifinagh: 'Noto Sans Tifinagh'/);
  });

  it('prints « Page X / Y », the reference and the internal mark in the footer, never a file name', () => {
    const html = renderHtml(sample());
    expect(html).toContain('@bottom-right { content: "Page " counter(page) " / " counter(pages); }');
    expect(html).toContain('@bottom-center { content: "RE-TIZ-01"; }');
    expect(html).toContain('@bottom-left { content: "Document interne — ne pas diffuser"; color: #8a5914; font-weight: 700; }');
    // a public edition: the organisation and the kind instead of the mark; a draft adds « BROUILLON »
    const pub = renderHtml({ ...sample(), frame: { reference: 'RE-TIZ-01' } });
    expect(pub).toContain('@bottom-left { content: "Migrations & Développement · Fiche retour d\'expérience"; }');
    expect(pub).not.toContain('Document interne');
    const draft = renderHtml({ ...sample(), frame: { reference: 'RE-TIZ-01', internalMark: 'Document interne — ne pas diffuser', draftMark: 'BROUILLON' } });
    expect(draft).toContain('@bottom-left { content: "Document interne — ne pas diffuser · BROUILLON";');
    expect(draft).toContain('<div class="draft-mark" aria-hidden="true">BROUILLON</div>');
    expect(html).not.toContain('<div class="draft-mark"');
  });
});

describe('regard croisé, level 3, page breaks', () => {
  const html = renderHtml(crossView());
  /** The markup of the columns block: from its opening to the next section. */
  const block = (): string => {
    const start = html.indexOf('<div class="columns">');
    expect(start).toBeGreaterThan(0);
    return html.slice(start, html.indexOf('<section', start));
  };

  it('draws a columns block as two columns, each with its heading then its blocks', () => {
    const columns = block().split('<div class="column">').slice(1);
    expect(columns).toHaveLength(2);
    const [left, right] = columns as [string, string];
    expect(left).toMatch(/^\s*<div class="column-head">\s*<p class="column-title">Côté France<\/p>\s*<p class="column-subtitle">Ce que dit la fiche de l’association<\/p>/);
    expect(right).toMatch(/^\s*<div class="column-head">\s*<p class="column-title">Côté territoire<\/p>\s*<p class="column-subtitle">Ce qu’en disent les acteurs locaux<\/p>/);
    // France side: narrative, fields (label/value table), rating
    expect(left).toContain(escapeHtml(CROSS.leftText));
    expect(left).toContain('<table class="fields">');
    expect(left).toContain(`<th scope="row">${escapeHtml(CROSS.fieldLabel)}</th><td>${CROSS.fieldValue}</td>`);
    expect(left).toContain('class="meter"');
    expect(left).not.toContain(escapeHtml(CROSS.rightText));
    // territory side: narrative, the Arabic quote with its translation, the note
    expect(right).toContain(escapeHtml(CROSS.rightText));
    expect(right).toMatch(/<figure class="quote script-arabic">\s*<blockquote class="original" lang="ary" dir="rtl">دابا الما كاين فكل دار<\/blockquote>/);
    expect(right).toContain(`<p class="translation" lang="fr">${escapeHtml(CROSS.translation)}</p>`);
    expect(right).not.toContain(escapeHtml(CROSS.leftText));
    // column titles are not headings: they stay out of the PDF outline
    expect(block()).not.toMatch(/<h[1-6]/);
  });

  it('escapes the content of columns and isolates Arabic in a <bdi>', () => {
    const columns = block();
    expect(columns).toContain('(dont 12 000 € de la commune de Tafraout, <bdi dir="rtl" lang="ar">تافراوت</bdi>)');
    expect(columns).toContain('<p class="note">&lt;b&gt;gras&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</p>');
    expect(html).not.toContain('<b>gras</b>');
    expect(html).not.toMatch(/<script/i);
  });

  it('styles the columns as an equal-width grid that may split across pages, headings kept with their content', () => {
    expect(html).toMatch(/\.columns \{[^}]*display: grid;[^}]*grid-auto-columns: minmax\(0, 1fr\)/);
    expect(html).toMatch(/\.column \{[^}]*break-inside: auto;/);
    expect(html).toMatch(/\.column-head \{[^}]*break-after: avoid;/);
    expect(html).toMatch(/\.column \+ \.column \{[^}]*border-left:/);
  });

  it('writes level-3 sections with <h4>, nested in their level-2 section', () => {
    expect(html).toContain(`<section class="section level-3" id="regard-croise-cooperative">\n  <h4>${escapeHtml(CROSS.level3)}</h4>`);
    const level2 = html.indexOf('<h3>Détail</h3>');
    const level3 = html.indexOf('<h4>');
    expect(level2).toBeGreaterThan(0);
    expect(level3).toBeGreaterThan(level2);
    expect(html).toMatch(/h2, h3, h4 \{[^}]*break-after: avoid;/);
  });

  it('starts a section marked pageBreakBefore on a new page, and only that one', () => {
    expect(html).toContain(`<section class="section level-1 page-break" id="annexe">\n  <h2>${CROSS.newPage}</h2>`);
    expect(html.match(/class="section [^"]*page-break/g)).toHaveLength(1);
    expect(html).toMatch(/\.section\.page-break \{ break-before: page; \}/);
  });
});

describe('renderSheetsHtml (the booklet\'s sheets, several to a document)', () => {
  /** The sample sheet as sheet `n` of a booklet: its own id, title and citation. */
  const nth = (n: number, frame: SheetView['frame'] = { reference: `RE-TST-0${n}` }): SheetView => {
    const view = sample();
    return { ...view, id: `RE-TST-0${n}`, title: `Fiche numéro ${n}`, frame, colophon: { ...view.colophon, citation: `Citation de la fiche ${n}.` } };
  };
  const plain = (html: string) => html.replace(/\u00ad/g, '');

  it('draws each sheet as an article on named pages of its own, with its own running header, footer and colophon; the fonts and styles once', () => {
    const html = plain(renderSheetsHtml([nth(1), nth(2), nth(3)], { unnumbered: true }));
    const articles = html.split('<article ').slice(1);
    expect(articles).toHaveLength(3);
    for (const [i, article] of articles.entries()) {
      const n = i + 1;
      expect(article).toMatch(new RegExp(`^class="sheet sheet-re" style="page: fiche-${n}">`));
      expect(article).toContain(`<h1 class="title">Fiche numéro ${n}</h1>`);
      // its colophon is its own, inside its article (not the first sheet's, nor the document's)
      expect(article.match(/Citation de la fiche \d\./g)).toEqual([`Citation de la fiche ${n}.`]);
      const rule = html.slice(html.indexOf(`@page fiche-${n} {`), html.indexOf('\n}\n', html.indexOf(`@page fiche-${n} {`)));
      expect(rule).toContain(`@top-left { content: "Fiche numéro ${n}"; }`);
      expect(rule).toContain(`@bottom-center { content: "RE-TST-0${n}"; }`);
    }
    // unnumbered: the booklet stamps its own numbers; no « Page X / Y »
    expect(html.match(/@bottom-right \{ content: ""; \}/g)).toHaveLength(3);
    expect(html).not.toContain('counter(page)');
    expect(html).toMatch(/article\.sheet \+ article\.sheet \{ break-before: page; \}/);
    expect(html.match(/@font-face/g)!.length).toBe(renderHtml(nth(1)).match(/@font-face/g)!.length);
    expect(html.match(/<h1 /g)).toHaveLength(3); // the booklet finds each sheet's first page by its title in the outline
  });

  it('prints a draft\'s « BROUILLON » once a page, and refuses sheets that cannot share a document (a draft and a validated sheet, two languages)', () => {
    const draft = { reference: 'RE-TST-01', draftMark: 'BROUILLON' };
    const html = renderSheetsHtml([nth(1, draft), nth(2, { ...draft, reference: 'RE-TST-02' })]);
    expect(html.match(/class="draft-mark"/g)).toHaveLength(1); // a fixed element: repeated on every page by Chromium
    expect(sheetsDocumentKey(nth(1, draft))).not.toBe(sheetsDocumentKey(nth(2)));
    expect(() => renderSheetsHtml([nth(1, draft), nth(2)])).toThrow(/different documents/);
    expect(() => renderSheetsHtml([nth(1), { ...nth(2), lang: 'en' }])).toThrow(/different documents/);
    expect(() => renderSheetsHtml([])).toThrow(/without a sheet/);
    expect(renderSheetsHtml([nth(1)])).not.toContain('class="draft-mark"');
  });

  it('draws one sheet\'s body as renderHtml does (the same partials, the same breaks)', () => {
    const alone = plain(renderHtml(nth(1)));
    const inBooklet = plain(renderSheetsHtml([nth(1)]));
    const body = (html: string, open: RegExp, close: string) => html.slice(html.search(open), html.lastIndexOf(close)).replace(open, '').trim();
    expect(body(inBooklet, /<article [^>]*>/, '</article>')).toBe(body(alone, /<body [^>]*>/, '</body>'));
  });
});
