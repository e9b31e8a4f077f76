import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { parse } from 'yaml';
import { ROOT, runCli } from '../helpers.js';
import { docxColour } from '../../src/render/design.js';

/** Text of a PDF as poppler extracts it, spaces collapsed. */
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

/** The example RE sheets, read with the `yaml` package (independently of capi). */
const raw = readdirSync(path.join(ROOT, 'examples/re'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parse(readFileSync(path.join(ROOT, 'examples/re', f), 'utf8')) as {
    id: string;
    auteurs: Array<{ nom: string; role: string }>;
    collecte?: { entretiens?: Array<{ type_acteur: string; langues?: string[] }> };
  });
const interviews = raw.flatMap((s) => s.collecte?.entretiens ?? []);
const TITLES = ['Synthèse', 'Entretiens par type d’acteur', 'Entretiens par enquêteur·rice', 'Entretiens par territoire', 'Calendrier de l’enquête', 'Langues des entretiens', 'Consentements', 'Acteurs non entendus'];

let tmp: string;
let out: string;
let result: Awaited<ReturnType<typeof runCli>>;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'capi-report-'));
  out = path.join(tmp, 'out');
  result = await runCli(['report', 'examples', '--out', out, '--format', 'pdf,docx,html']);
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('capi report examples (real binary, real browser)', () => {
  it('writes rapport-deroulement.pdf, .docx and .html, no temporary file, and exits 0', async () => {
    expect(result.stderr).toContain(`Rapport de déroulement : ${raw.length} fiches, ${interviews.length} entretiens, 0 fiche laissée de côté`);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['rapport-deroulement.docx', 'rapport-deroulement.html', 'rapport-deroulement.pdf']);
    expect(result.stdout).toMatch(/✓ rapport-deroulement → /);
  });

  it('prints the section titles and the total number of interviews in the PDF', async () => {
    const text = pdfText(path.join(out, 'rapport-deroulement.pdf'));
    for (const title of TITLES) expect(text, title).toContain(title);
    expect(text).toContain(`Entretiens ${interviews.length}`);
    expect(text).toContain(`${interviews.length} entretiens`);
    expect(text).toContain('Capitalisation des expériences des OSIM');
    expect(text).not.toMatch(/INF-[A-Z0-9]+-\d{2,4}/);
  });

  it('gives the DOCX data tables and native bar charts: one table row per bar, bars as teal shaded cells', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'rapport-deroulement.docx')));
    const xml = await zip.file('word/document.xml')!.async('string');
    const plain = xml.replace(/<[^>]+>/g, '').replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    for (const title of TITLES) expect(plain).toContain(title);
    const tables = xml.split('<w:tbl>').slice(1);
    // data tables: teal header row repeated on each page
    expect(tables.filter((t) => t.includes('<w:tblHeader/>')).length).toBeGreaterThanOrEqual(6);
    // charts: a label column + 40 grid columns for the bars
    const charts = tables.filter((t) => (t.match(/<w:gridCol /g) ?? []).length === 41);
    expect(charts.length).toBe(3);
    const rows = charts.map((t) => (t.match(/<w:tr[ >]/g) ?? []).length);
    const researchers = new Set(raw.map((s) => s.auteurs.filter((a) => a.role === 'enqueteur').map((a) => a.nom).sort().join())).size;
    expect(rows).toEqual([
      new Set(interviews.map((e) => e.type_acteur)).size,
      researchers,
      new Set(interviews.flatMap((e) => e.langues ?? [])).size,
    ]);
    for (const t of charts) {
      const bars = t.match(new RegExp(`<w:gridSpan w:val="\\d+"/>(?:(?!</w:tcPr>).)*w:fill="${docxColour('teal')}"`, 'g')) ?? [];
      expect(bars.length).toBe((t.match(/<w:tr[ >]/g) ?? []).length);
    }
    expect(plain).not.toMatch(/INF-[A-Z0-9]+-\d{2,4}/);
  });

  // converted by LibreOffice, its chart titles read back: test/render/docx-word.test.ts (the « report »
  // kind, in that file's one LibreOffice call for every kind of DOCX)

  it('draws the HTML charts as SVG with one bar per label, labels escaped', async () => {
    const html = readFileSync(path.join(out, 'rapport-deroulement.html'), 'utf8');
    const svgs = [...html.matchAll(/<svg class="chart-svg"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs.length).toBe(3);
    for (const svg of svgs) expect((svg.match(/<rect /g) ?? []).length).toBe((svg.match(/class="chart-label"/g) ?? []).length);
    expect((svgs[0]!.match(/<rect /g) ?? []).length).toBe(new Set(interviews.map((e) => e.type_acteur)).size);
    // « Migrant·e (de passage au douar) »: the apostrophe-free label comes through; an « ' » would be escaped
    expect(svgs[0]).toContain('>Élu·e communal·e</text>');
    expect(html).not.toMatch(/<script/i);
  });
});

describe('capi report exit codes', () => {
  it('leaves out a sheet with errors, names it on a warning line, and exits 1', async () => {
    const ws = path.join(tmp, 'ws');
    cpSync(path.join(ROOT, 'examples'), ws, { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
    writeFileSync(path.join(ws, 're/RE-TIZ-09.yaml'), readFileSync(path.join(ws, 're/RE-TIZ-02.yaml'), 'utf8').replace('id: RE-TIZ-02', 'id: RE-TIZ-09').replace(/^titre:.*$/m, 'titre: 42\ncouleur: rouge'));
    const r = await runCli(['report', 're', '--out', 'rep', '--format', 'docx'], { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/re\/RE-TIZ-09\.yaml : fiche laissée de côté \(\d+ erreurs?\)/);
    expect(r.stderr).toContain(`${raw.length} fiches, ${interviews.length} entretiens, 1 fiche laissée de côté`);
    expect(existsSync(path.join(ws, 'rep/rapport-deroulement.docx'))).toBe(true);
  });

  it('exits 2 without writing anything when no browser can be found, or for an unknown format', async () => {
    const none = path.join(tmp, 'none');
    const r = await runCli(['report', 'examples', '--out', none], { env: { CAPI_BROWSER: path.join(tmp, 'no-such-chrome') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CAPI_BROWSER');
    expect(existsSync(none)).toBe(false);
    const bad = await runCli(['report', 'examples', '--out', none, '--format', 'pdf,odt']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('odt');
    expect(existsSync(none)).toBe(false);
    const edition = await runCli(['report', 'examples', '--out', none, '--edition', 'secrete']);
    expect(edition.code).toBe(2);
  });

  it('says there is nothing to report when the paths hold no RE sheet: exit 0, nothing written', async () => {
    const r = await runCli(['report', 'examples/osim', '--out', path.join(tmp, 'osim-only'), '--format', 'docx']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Aucune fiche retour d'expérience dans « examples/osim » : pas de rapport à produire.\n");
    expect(existsSync(path.join(tmp, 'osim-only'))).toBe(false);
  });
});
