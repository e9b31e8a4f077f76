import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { bookletBackHtml, bookletFrontHtml, renderBookletPdf, rightHandPage, sheetGroups, documentSizes } from '../../src/render/booklet-pdf.js';
import { bookletConfig, buildBookletView, dateInWords } from '../../src/view/booklet.js';
import { defaultConfig } from '../../src/link/config.js';

/** A booklet view without sheets, from a configuration with a logo, a licence line and an introduction. */
function book() {
  const config = { ...defaultConfig('/ws'), logo: '/ws/images/logo.png', licence: 'CC BY-NC-SA 4.0', recueil: { titre: 'Regards croisés', introduction: 'Un texte.' } };
  const glossary = [{ terme: 'séguia', graphie: 'ساقية', definition: 'Canal *d’irrigation*.' }, { terme: 'INDH', forme_developpee: 'Initiative nationale pour le développement humain', definition: 'Programme public.' }];
  return buildBookletView(bookletConfig(config, new Date(2026, 10, 30, 23, 30)), [], { osim: new Map(), version: '0' } as never, glossary);
}

describe('booklet HTML for print (no browser)', () => {
  it('puts each part on the next right-hand (odd) page', () => {
    expect([1, 2, 3, 10, 11].map(rightHandPage)).toEqual([1, 3, 3, 11, 11]);
  });

  it('dates the edition in words, on the day of the machine, in the booklet\'s language', () => {
    expect(dateInWords(new Date(2026, 10, 30, 23, 30), 'fr')).toBe('30 novembre 2026');
    expect(dateInWords(new Date(2026, 0, 1, 0, 5), 'en')).toBe('1 January 2026');
    expect(book().back.edition).toBe('Édition du 30 novembre 2026');
  });

  it('front matter: the booklet’s colophon on the back of the cover, a blank verso before the contents when asked; contents lines link to the parts (capi:NAME)', () => {
    const b = book();
    const without = bookletFrontHtml(b, () => '7', { glossary: '61', communes: '63', osim: '64' }, false);
    const withBlank = bookletFrontHtml(b, () => '7', { glossary: '61', communes: '63', osim: '64' }, true);
    // the back of the cover holds the booklet's colophon (licence and « Pour citer »), not a blank page
    expect(without.match(/class="blank-page"/g)).toBeNull();
    expect(withBlank.match(/class="blank-page"/g)).toHaveLength(1);
    expect(without).toMatch(/<section class="colophon-page"[^]*?CC BY-NC-SA 4\.0[^]*?Pour citer ce document[^]*?<\/section>/);
    expect(without).toMatch(/href="capi:glossaire"[^]*?61/);
    expect(without).toMatch(/href="capi:index-communes"[^]*?63/);
    expect(without).toMatch(/href="capi:index-osim"[^]*?64/);
    expect(without).not.toMatch(/text-overflow:\s*ellipsis[^}]*\}[^]*toc-title/);
  });

  it('back matter: glossary sorted with its scripts and expansions, blank versos when asked, back cover with logo, edition, licence and credit', () => {
    const b = book();
    const html = bookletBackHtml(b, () => '9', { beforeIndex: true, beforeBack: false }, undefined).replace(/\u00ad/g, '').replace(/[\u00a0\u202f]/g, ' ');
    expect(html.indexOf('INDH')).toBeLessThan(html.indexOf('séguia'));
    expect(html).toContain('ساقية');
    expect(html).toContain('Initiative nationale pour le développement humain');
    expect(html).toMatch(/<em>d’irrigation<\/em>/);
    expect(html.match(/class="blank-page"/g)).toHaveLength(1);
    expect(html).toContain(`src="file://${path.resolve('/ws/images/logo.png')}"`);
    expect(html).toContain('Édition du 30 novembre 2026');
    expect(html).toContain('Licence : CC BY-NC-SA 4.0'); // no-break spaces made plain above
    expect(html).toMatch(/class="back-citation">Pour citer ce document : [^<]*\(2026\)\. Regards croisés/);
    expect(html).toContain('Noms de lieux : HCP');
    expect(html).not.toMatch(/capi \d|généré par capi/); // no tool name in the publication's back matter
    const plain = bookletBackHtml({ ...b, glossary: [], back: { ...b.back, logo: undefined, licence: undefined } }, () => '9', { beforeIndex: false, beforeBack: true });
    expect(plain).not.toContain('Glossaire');
    expect(plain).not.toContain('class="back-logo"');
    expect(plain).not.toContain('class="back-licence"');
    expect(plain.match(/class="blank-page"/g)).toHaveLength(1);
  });

  it('prints its sheets several to a document: as many documents for every tab but one, two to four sheets each (five when that makes one each), as even as can be', () => {
    const sizes = (n: number, tabs = 3) => documentSizes(n, tabs);
    expect(sizes(0)).toEqual([]);
    expect(sizes(1)).toEqual([1]);
    expect(sizes(2)).toEqual([2]);
    expect(sizes(3)).toEqual([2, 1]);
    expect(sizes(10)).toEqual([5, 5]);
    expect(sizes(11)).toEqual([3, 3, 3, 2]);
    for (const n of [11, 16, 17, 50, 199, 200]) {
      const s = sizes(n);
      expect(s.reduce((a, b) => a + b, 0), `${n} sheets`).toBe(n);
      expect(s.length % 2, `${n} sheets: as many documents for each of the two tabs`).toBe(0);
      expect(Math.max(...s) - Math.min(...s), `${n} sheets`).toBeLessThanOrEqual(1);
      expect(Math.max(...s), `${n} sheets`).toBeLessThanOrEqual(4);
      expect(Math.min(...s), `${n} sheets`).toBeGreaterThanOrEqual(2);
    }
    expect(sizes(200)).toEqual(Array(50).fill(4));
    // many cores: still two a document (the booklet test's three sheets print as two documents on any machine)
    expect(sizes(3, 9)).toEqual([2, 1]);
    expect(sizes(40, 9)).toEqual(Array(8).fill(5));
    expect(sizes(41, 9)).toHaveLength(16);
    // one tab: one document at a time, four sheets each
    expect(sizes(10, 1)).toEqual([4, 3, 3]);
  });

  it('puts in one document only consecutive sheets that share their marks (a draft never with a validated sheet)', () => {
    const s = (index: number, key: string) => ({ index, key });
    const ids = (groups: Array<Array<{ index: number }>>) => groups.map((g) => g.map((x) => x.index));
    expect(ids(sheetGroups([s(0, 'v'), s(1, 'v'), s(2, 'v')]))).toEqual([[0, 1, 2]]);
    expect(ids(sheetGroups([s(0, 'v'), s(1, 'draft'), s(2, 'v'), s(3, 'v')]))).toEqual([[0], [1], [2, 3]]);
    // sheet 1's view failed: 0 and 2 are not consecutive
    expect(ids(sheetGroups([s(0, 'v'), s(2, 'v')]))).toEqual([[0], [2]]);
    expect(sheetGroups([])).toEqual([]);
  });

  it('makes the first documents while the browser starts, prints nothing before it is ready, and stops with its reason', async () => {
    const b = book();
    let built = 0;
    let enough: () => void = () => undefined;
    const madeSome = new Promise<void>((resolve) => (enough = resolve));
    // each sheet's view fails at once: what is counted is how many are asked for before the browser is ready
    const entry = (i: number) => ({ id: `RE-T-${i}`, anchor: `fiche_${i}`, title: `Fiche ${i}`, placeLine: '', province: 'Tiznit', view: async () => {
      built += 1;
      if (built === 3) enough();
      throw new Error('no view in this test');
    } });
    const opened: string[] = [];
    const renderer = { openHtml: async (_html: string, _files: string[], name: string) => {
      opened.push(name);
      throw new Error('not started');
    }, closeIdleTabs: async () => undefined } as never;
    let fail: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((_, reject) => (fail = reject));
    const work = await mkdtemp(path.join(tmpdir(), 'capi-booklet-ready-'));
    try {
      const made = renderBookletPdf({ ...b, entries: [0, 1, 2, 3].map(entry) }, { file: path.join(work, 'recueil.pdf') }, { renderer, ready, concurrency: 2 });
      made.catch(() => undefined);
      await madeSome;
      expect(opened).toEqual([]);
      fail(new Error('no browser'));
      await expect(made).rejects.toThrow('no browser');
      expect(opened).toEqual([]);
      expect(await readdir(work)).toEqual([]);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});

