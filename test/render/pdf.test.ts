import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, launchArgs } from '../../src/render/browser.js';
import { setLang, t } from '../../src/i18n/index.js';
import { UserError } from '../../src/util/errors.js';
import { PdfRenderer, isAllowedUrl } from '../../src/render/pdf.js';
import { renderBookletPdf } from '../../src/render/booklet-pdf.js';
import { bookletConfig, buildBookletView } from '../../src/view/booklet.js';
import { defaultConfig } from '../../src/link/config.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/render/assets.js';
import type { SheetView } from '../../src/view/model.js';
import { CROSS, crossView } from './cross-view.js';
import { quietDebugColours } from '../../src/render/quiet-debug.js';
import { sharedBrowserLaunched } from '../helpers/shared-browser.js';

const fixture = new URL('../fixtures/views/re-sample.json', import.meta.url);
const view = JSON.parse(readFileSync(fixture, 'utf8')) as SheetView;

// set CAPI_TEST_KEEP=/some/folder to keep the PDFs and look at them
let outDir = '';
let pdfFile = '';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

/** Letters only, without spaces, marks or bidi controls: Chromium may extract Arabic in visual order. */
const letters = (s: string) => [...s.normalize('NFC')].filter((c) => /\p{L}/u.test(c));
const sortedLetters = (s: string) => letters(s).sort().join('');

describe('PDF rendering with the real browser', () => {
  let renderer: PdfRenderer;
  let text = '';

  beforeAll(async () => {
    outDir = process.env.CAPI_TEST_KEEP ?? mkdtempSync(join(tmpdir(), 'capi-pdf-test-'));
    pdfFile = join(outDir, 'RE-TIZ-01.pdf');
    // No skip: CI installs Chromium, and a missing browser must fail this test.
    const browserPath = await findBrowser(process.env);
    renderer = new PdfRenderer({ browserPath });
    await renderer.open();
    await renderer.render(view, pdfFile);
    // soft hyphens of the French body text are left out (they are tested in typography-readback.test.ts)
    text = run('pdftotext', ['-layout', '-enc', 'UTF-8', pdfFile, '-']).replace(/\u00ad/g, '');
  }, 120_000);

  afterAll(async () => {
    await renderer?.close();
    if (outDir && !process.env.CAPI_TEST_KEEP) rmSync(outDir, { recursive: true, force: true });
  });

  it('writes the PDF atomically (no temporary file left)', () => {
    expect(statSync(pdfFile).size).toBeGreaterThan(10_000);
    expect(readdirSync(outDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('has A4 pages, the title and the document information', () => {
    const info = run('pdfinfo', [pdfFile]);
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(1);
    expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 841(\.\d+)? pts \(A4\)/);
    expect(info).toContain(`Title:           ${view.title}`);
    expect(info).toContain('Author:          Salma Amrani (enquêtrice), Hicham Bouzid (encadrant)');
    expect(info).toMatch(/Keywords:.*RE-TIZ-01/);
    expect(info).toMatch(/Tagged:\s+yes/);
  });

  it('has bookmarks from the headings, a structure tree and the document language', () => {
    const raw = readFileSync(pdfFile).toString('latin1');
    expect(raw).toContain('/Outlines');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toContain('/Lang (fr)');
    expect(raw).toContain('/Title (Contexte)');
    expect(raw).toContain('/Title (Perceptions des acteurs locaux)');
  });

  it('contains the French text with its accents, and the translation', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Perceptions des acteurs locaux');
    expect(flat).toContain('étude de faisabilité');
    expect(flat).toContain('Très satisfaisante');
    expect(flat).toContain('Ce projet a changé la vie des gens du douar');
    expect(flat).toContain('Cotisations des migrants');
  });

  it('contains the Arabic quote (letters, in any order) and the Tifinagh quote', () => {
    const quote = 'هاد المشروع بدل حياة الناس فالدوار، دابا الما كاين فكل دار.';
    const arabicInPdf = letters(text).filter((c) => /\p{Script=Arabic}/u.test(c)).join('');
    // every letter of the quote is there, as many times as in the quote at least
    const need = sortedLetters(quote);
    const have = [...arabicInPdf].sort();
    for (const c of new Set(need)) {
      const count = [...need].filter((x) => x === c).length;
      expect(have.filter((x) => x === c).length, `Arabic letter ${c}`).toBeGreaterThanOrEqual(count);
    }
    // reverse-insensitive: the word « المشروع » reads in logical or visual order
    const compact = text.replace(/[\s\u200e\u200f]/g, '');
    const word = 'المشروع';
    expect(compact.includes(word) || compact.includes([...word].reverse().join(''))).toBe(true);
    for (const c of 'ⴰⵎⴰⵏⴷⵜⵓⴷⵔⵜ') expect(text).toContain(c);
  });

  it('prints the photos of the sheet (file:// allowed for them)', async () => {
    const png = join(outDir, 'photo');
    run('pdftoppm', ['-png', '-r', '20', '-singlefile', '-f', '1', '-l', '1', pdfFile, png]);
    const withPhoto = structuredClone(view);
    withPhoto.sections[3]!.blocks = [
      { type: 'photo', file: `${png}.png`, width: 165, height: 234, caption: 'Le réservoir', credit: 'Photo : M&D' },
    ];
    const out = join(outDir, 'with-photo.pdf');
    await renderer.render(withPhoto, out);
    const images = run('pdfimages', ['-list', out]).split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(images.length).toBe(1);
    expect(run('pdftotext', [out, '-'])).toContain('Le réservoir');
  }, 60_000);

  it('renders several sheets in parallel tabs of the same browser', async () => {
    const other = structuredClone(view);
    other.id = 'RE-TIZ-02';
    other.title = 'Deuxième fiche';
    const jobs = [
      { view, outFile: join(outDir, 'a.pdf') },
      { view: other, outFile: join(outDir, 'b.pdf') },
      { view, outFile: join(outDir, 'missing-folder', 'c.pdf') },
    ];
    const errors = await renderer.renderAll(jobs, 3);
    expect(errors[0]).toBeUndefined();
    expect(errors[1]).toBeUndefined();
    expect(errors[2]).toBeInstanceOf(UserError);
    expect(run('pdfinfo', [join(outDir, 'b.pdf')])).toContain('Title:           Deuxième fiche');
  }, 60_000);

  it('prints the regard croisé in two columns side by side, the level-3 heading as a bookmark, the page break', async () => {
    const out = join(outDir, 'cross.pdf');
    await renderer.render(crossView(), out);
    // reading order (no -layout): each column's text comes out whole; words hyphenated at a line end are joined
    const flat = run('pdftotext', ['-enc', 'UTF-8', out, '-']).replace(/\u00ad/g, '').replace(/\s+/g, ' ').replace(/(\p{L})- (\p{Ll})/gu, '$1$2');
    for (const s of [CROSS.leftText, CROSS.rightText, CROSS.fieldLabel, CROSS.fieldValue, CROSS.translation, CROSS.level3, CROSS.newPage]) {
      expect(flat).toContain(s);
    }
    // the headings are in small capitals (CSS text-transform), with their subtitles
    expect(flat).toContain(CROSS.leftTitle.toUpperCase());
    expect(flat).toContain(CROSS.rightTitle.toUpperCase());
    expect(flat).toContain(CROSS.leftSubtitle);
    expect(flat).toContain(CROSS.rightSubtitle);
    expect(flat).toContain('<b>gras</b> & <script>x</script>');
    // geometry: the two headings on the same line, France on the left half, territory on the right half
    const bbox = run('pdftotext', ['-bbox', out, '-']);
    const width = Number(/<page width="([\d.]+)"/.exec(bbox)?.[1]);
    const word = (w: string) => {
      const m = new RegExp(`<word xMin="([\\d.]+)" yMin="([\\d.]+)" xMax="([\\d.]+)" yMax="[\\d.]+">${w}</word>`).exec(bbox);
      expect(m, w).not.toBeNull();
      return { x: Number(m![1]), y: Number(m![2]), xMax: Number(m![3]) };
    };
    const france = word('FRANCE');
    const territoire = word('TERRITOIRE');
    expect(Math.abs(france.y - territoire.y)).toBeLessThan(1);
    expect(france.xMax).toBeLessThan(width / 2);
    expect(territoire.x).toBeGreaterThan(width / 2);
    // text of each column stays in its half (nothing overflows into the other column)
    expect(word('Gennevilliers.').xMax).toBeLessThan(width / 2);
    expect(word('2019.').x).toBeGreaterThan(width / 2);
    // level-3 heading (<h4>) in the outline; column titles are not
    const raw = readFileSync(out).toString('latin1');
    const titles = [...raw.matchAll(/\/Title (?:\(([^)]*)\)|<([0-9A-Fa-f]+)>)/g)].map((m) =>
      m[1] ?? Buffer.from(m[2]!, 'hex').swap16().toString('utf16le').replace(/^\uFEFF/, ''),
    );
    expect(titles).toContain(CROSS.level3);
    expect(titles.some((t) => /Côté|CÔTÉ/.test(t))).toBe(false);
    // pageBreakBefore: the section opens the last page, right under the page header
    const pages = run('pdftotext', ['-enc', 'UTF-8', out, '-']).replace(/\u00ad/g, '').split('\f').filter((p) => p.trim() !== '');
    const lastPage = pages.at(-1)!.split('\n').filter((l) => l.trim() !== '');
    const at = lastPage.findIndex((l) => l.includes(CROSS.newPage));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThanOrEqual(2); // after the header lines only
    expect(pages.slice(0, -1).join('')).not.toContain(CROSS.newPage);
  }, 60_000);

  it('prints the header and the footer', () => {
    expect(text).toMatch(/Page 1 \/ \d+/);
    expect(text).toContain('RE-TIZ-01');
  });

  it('embeds every font, among them Noto Naskh Arabic and Noto Sans Tifinagh', () => {
    const lines = run('pdffonts', [pdfFile]).split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      // columns: name type encoding emb sub uni object ID
      const cols = line.trim().split(/\s+/);
      expect(cols.slice(-5, -2)[0], line).toBe('yes');
    }
    expect(lines.some((l) => /NotoNaskhArabic/i.test(l))).toBe(true);
    expect(lines.some((l) => /NotoSansTifinagh/i.test(l))).toBe(true);
    expect(lines.some((l) => /NotoSerif/i.test(l))).toBe(true);
    // no system fallback font (e.g. DejaVu for Arabic in the page header): only the Noto fonts we ship
    for (const line of lines) expect(line, 'a font that is not Noto').toMatch(/^\w+\+Noto/);
  });
});

describe('the page sandbox', () => {
  it('loads nothing from the network, nor files outside templates, fonts and photos', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits += 1;
      res.end('x');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    // templates a (careless or hostile) designer changed to fetch things
    const dir = mkdtempSync(join(tmpdir(), 'capi-tpl-'));
    cpSync(DEFAULT_TEMPLATES_DIR, dir, { recursive: true });
    const sheet = readFileSync(join(dir, 'sheet.hbs'), 'utf8').replace(
      '</body>',
      `<img src="http://127.0.0.1:${port}/a.png"><link rel="stylesheet" href="http://127.0.0.1:${port}/b.css">` +
        `<iframe src="file:///etc/hostname"></iframe><script>fetch('http://127.0.0.1:${port}/c')</script></body>`,
    );
    expect(sheet).toContain('<iframe'); // the template still has the place changed
    writeFileSync(join(dir, 'sheet.hbs'), sheet);
    const renderer = new PdfRenderer({ browserPath: await findBrowser(process.env), templatesDir: dir });
    try {
      await renderer.open();
      const out = join(dir, 'out.pdf');
      await renderer.render(view, out);
      expect(statSync(out).size).toBeGreaterThan(10_000);
      expect(hits).toBe(0);
    } finally {
      await renderer.close();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a lent browser that keeps its tabs (the tests\' shared browser)', () => {
  it('gets back the tabs a renderer ends with, and the next renderer prints in them (no new tab, the filter its own)', async () => {
    const launched = await sharedBrowserLaunched();
    const dir = mkdtempSync(join(tmpdir(), 'capi-kept-'));
    try {
      const first = new PdfRenderer();
      await first.open();
      await first.render(view, join(dir, 'a.pdf'));
      await first.close();
      const kept = launched.tabs.pages();
      expect(kept.size).toBeGreaterThan(0);
      const open = (await launched.browser.pages()).length;
      const second = new PdfRenderer();
      await second.open();
      await second.render(view, join(dir, 'b.pdf'));
      // printed in a kept tab: none opened, one fewer kept while it is the renderer's
      expect((await launched.browser.pages()).length).toBe(open);
      expect(launched.tabs.pages().size).toBe(kept.size - 1);
      await second.close();
      expect(launched.tabs.pages().size).toBe(kept.size);
      // the same document, whole, from a kept tab (text and images)
      expect(run('pdftotext', [join(dir, 'b.pdf'), '-'])).toBe(run('pdftotext', [join(dir, 'a.pdf'), '-']));
      expect(run('pdfimages', ['-list', join(dir, 'b.pdf')])).toBe(run('pdfimages', ['-list', join(dir, 'a.pdf')]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("the printing browser's processes", () => {
  /** The renderer processes of the browser whose profile is `userDataDir` (Linux: read from /proc). */
  const renderers = (userDataDir: string) =>
    readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .map((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
        } catch {
          return '';
        }
      })
      .filter((cmd) => cmd.includes(userDataDir) && cmd.includes('--type=renderer'));

  // each renderer holds tens of megabytes: the omnibox popups (a WebUI renderer) and the spare renderer
  // Chromium keeps warm took ~60 MB of a 100-sheet render for nothing (docs/performance.md)
  // (on the worker's shared browser, launched by launchBrowser as a renderer's own: no Chromium start of
  // its own; every tab it has is given a page, so each must have one renderer and no more)
  it.runIf(process.platform === 'linux')('runs one renderer per tab: no omnibox popup, no spare renderer', async () => {
    const launched = await sharedBrowserLaunched();
    const added = await launched.browser.newPage();
    try {
      const pages = await launched.browser.pages();
      expect(pages.length).toBeGreaterThanOrEqual(2);
      // the tabs the worker keeps for its next renderer hold a document each already (and the request
      // filter of the renderer that printed it, for its own templates folder): the others are loaded
      const kept = launched.tabs.pages();
      await Promise.all(pages.filter((page) => !kept.has(page)).map((page) => page.goto(`file://${join(DEFAULT_TEMPLATES_DIR, 'sheet.hbs')}`)));
      await new Promise((resolve) => setTimeout(resolve, 500));
      const urls = (await launched.browser.targets()).map((target) => target.url());
      expect(urls.filter((url) => url.startsWith('chrome://'))).toEqual([]);
      expect(renderers(launched.userDataDir)).toHaveLength(pages.length);
    } finally {
      await added.close();
    }
  }, 60_000);
});

describe('isAllowedUrl', () => {
  it('allows data: and the listed files and folders only', () => {
    expect(isAllowedUrl('data:font/woff2;base64,AA', [], [])).toBe(true);
    expect(isAllowedUrl('https://example.org/x.png', [], ['/'])).toBe(false);
    expect(isAllowedUrl('http://127.0.0.1/', [], ['/'])).toBe(false);
    expect(isAllowedUrl('file:///srv/ws/photos/a.jpg', ['/srv/ws/photos/a.jpg'], [])).toBe(true);
    expect(isAllowedUrl('file:///srv/ws/photos/b.jpg', ['/srv/ws/photos/a.jpg'], [])).toBe(false);
    expect(isAllowedUrl('file:///etc/passwd', [], ['/opt/capi/templates'])).toBe(false);
    expect(isAllowedUrl('file:///opt/capi/templates/logo.png', [], ['/opt/capi/templates'])).toBe(true);
    expect(isAllowedUrl('file:///opt/capi/templates-evil/x', [], ['/opt/capi/templates'])).toBe(false);
    expect(isAllowedUrl('file:///opt/capi/templates/../secret', [], ['/opt/capi/templates'])).toBe(false);
  });
});

describe('findBrowser', () => {
  const none = { isExecutable: () => false, installed: async () => [], homedir: '/home/x', platform: 'linux' as const };

  it('honours CAPI_BROWSER first, then PUPPETEER_EXECUTABLE_PATH', async () => {
    const exists = new Set(['/opt/my-chrome', '/opt/pptr-chrome', '/usr/bin/chromium']);
    const lookup = { ...none, isExecutable: (p: string) => exists.has(p) };
    expect(await findBrowser({ CAPI_BROWSER: '/opt/my-chrome', PUPPETEER_EXECUTABLE_PATH: '/opt/pptr-chrome' }, lookup)).toBe('/opt/my-chrome');
    expect(await findBrowser({ PUPPETEER_EXECUTABLE_PATH: '/opt/pptr-chrome' }, lookup)).toBe('/opt/pptr-chrome');
    expect(await findBrowser({}, lookup)).toBe('/usr/bin/chromium');
  });

  it('says so when CAPI_BROWSER names a missing file', async () => {
    setLang('fr');
    await expect(findBrowser({ CAPI_BROWSER: '/nulle/part/chrome' }, none)).rejects.toThrow(
      t('browser.badPath', { variable: 'CAPI_BROWSER', path: '/nulle/part/chrome' }),
    );
  });

  it('uses a browser downloaded by puppeteer, in PUPPETEER_CACHE_DIR or ~/.cache/puppeteer', async () => {
    const seen: string[] = [];
    const lookup = {
      ...none,
      isExecutable: (p: string) => p === '/cache/chrome/linux-131/chrome',
      installed: async (dir: string) => {
        seen.push(dir);
        return ['/cache/chrome/linux-131/chrome'];
      },
    };
    expect(await findBrowser({ PUPPETEER_CACHE_DIR: '/cache' }, lookup)).toBe('/cache/chrome/linux-131/chrome');
    await findBrowser({}, lookup);
    expect(seen).toEqual(['/cache', '/home/x/.cache/puppeteer']);
  });

  it('looks at the usual install places of macOS and Windows, and on PATH', async () => {
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(await findBrowser({}, { ...none, platform: 'darwin', isExecutable: (p) => p === mac })).toBe(mac);
    const win = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    expect(
      await findBrowser({ PROGRAMFILES: 'C:\\Program Files' }, { ...none, platform: 'win32', isExecutable: (p) => p === win }),
    ).toBe(win);
    const onPath = join('/home/x/bin', 'google-chrome');
    expect(await findBrowser({ PATH: '/usr/local/bin:/home/x/bin' }, { ...none, isExecutable: (p) => p === onPath })).toBe(onPath);
  });

  it('throws a UserError with the French message when no browser exists', async () => {
    setLang('fr');
    const error = await findBrowser({ PATH: '/nowhere' }, none).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toBe(t('browser.notFound', {}, 'fr'));
    expect((error as UserError).message).toContain('Aucun navigateur Chrome ou Chromium trouvé');
  });

  it('adds --no-sandbox only for root', () => {
    expect(launchArgs(true)).toContain('--no-sandbox');
    expect(launchArgs(false)).not.toContain('--no-sandbox');
    expect(launchArgs(false)).toEqual(expect.arrayContaining(['--disable-gpu', '--no-first-run', '--disable-quic', '--disable-sync']));
  });
});

describe("puppeteer's logging without colours when nothing is logged", () => {
  it('sets DEBUG_COLORS=no only when DEBUG and DEBUG_COLORS are unset', () => {
    const quiet: NodeJS.ProcessEnv = {};
    quietDebugColours(quiet);
    expect(quiet.DEBUG_COLORS).toBe('no');
    const debugging: NodeJS.ProcessEnv = { DEBUG: 'puppeteer:*' };
    quietDebugColours(debugging);
    expect(debugging.DEBUG_COLORS).toBeUndefined();
    const chosen: NodeJS.ProcessEnv = { DEBUG_COLORS: '1' };
    quietDebugColours(chosen);
    expect(chosen.DEBUG_COLORS).toBe('1');
  });

  it('is imported by browser.ts before puppeteer (the debug package reads DEBUG_COLORS when it loads)', () => {
    const source = readFileSync(new URL('../../src/render/browser.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/^import .*?from '([^']+)';$|^import '([^']+)';$/gm)].map((m) => m[1] ?? m[2]);
    expect(imports[0]).toBe('./quiet-debug.js');
    expect(imports).toContain('puppeteer-core');
  });
});

describe('booklet PDF with sheets that cannot be drawn', () => {
  it('leaves them out with the reason (a template error) and makes the booklet of the rest, instead of waiting for them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-tpl-sheets-'));
    try {
      cpSync(DEFAULT_TEMPLATES_DIR, dir, { recursive: true });
      // an unclosed block: handlebars refuses it when the template is first drawn
      writeFileSync(join(dir, 'sheets.hbs'), readFileSync(join(dir, 'sheets.hbs'), 'utf8').replace('{{/each}}\n</body>', '\n</body>'));
      const empty = buildBookletView(bookletConfig(defaultConfig(dir), new Date(2026, 10, 30)), [], { osim: new Map(), version: '0' } as never, []);
      const entry = (id: string) => ({ id, anchor: id.replace(/-/g, '_'), title: view.title, placeLine: '', province: 'Tiznit', view: async () => ({ ...view, id }) });
      const book = { ...empty, entries: ['RE-TST-01', 'RE-TST-02', 'RE-TST-03'].map(entry) };
      const made = await renderBookletPdf(book, { file: join(dir, 'recueil.pdf') }, { templatesDir: dir, browserPath: await findBrowser(process.env) });
      expect([...made.failed.keys()]).toEqual(['RE-TST-01', 'RE-TST-02', 'RE-TST-03']);
      for (const error of made.failed.values()) expect(error.message).toMatch(/Parse error/);
      // the booklet without them: its front and back matter, written whole
      expect(made.starts.size).toBe(0);
      expect(statSync(join(dir, 'recueil.pdf')).size).toBe(made.size);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
