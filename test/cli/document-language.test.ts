import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { execFileSync } from 'node:child_process';
import { runCli, WS } from '../helpers.js';

/**
 * The language of a document is data (`langue_documents` of capi.config.yaml, `fr` by default), not the
 * interface language: `--lang en` changes capi's messages, never the words of a sheet.
 */
let dir: string;
/** The project period of test/fixtures/ws/re/RE-TIZ-01.yaml, with its months named. */
const PERIOD_FR = /mars 2015 – juin 2018/;
const PERIOD_EN = /March 2015 – June 2018/;

/** A copy of the valid part of the test workspace (one RE sheet, one OSIM sheet), with extra config lines. */
function workspace(name: string, config = ''): string {
  const root = path.join(dir, name);
  for (const part of ['capi.config.yaml', 're', 'osim']) cpSync(path.join(WS, part), path.join(root, part), { recursive: true });
  if (config) appendFileSync(path.join(root, 'capi.config.yaml'), `\n${config}\n`);
  // a project period with months, to see them named in the document's language
  const sheet = path.join(root, 're', 'RE-TIZ-01.yaml');
  writeFileSync(sheet, readFileSync(sheet, 'utf8').replace('  secteurs: [eau-potable]\n', '  secteurs: [eau-potable]\n  periode: { debut: 2015-03, fin: 2018-06 }\n'));
  return root;
}

/** The text of the DOCX body and the language of its default style. */
async function docx(file: string): Promise<{ text: string; lang: string }> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const body = await zip.file('word/document.xml')!.async('string');
  const styles = await zip.file('word/styles.xml')!.async('string');
  return {
    text: [...body.matchAll(/<w:t[^>]*>([^<]*)/g)].map((m) => m[1]).join(' '),
    lang: /<w:lang w:val="([^"]+)"/.exec(styles)?.[1] ?? '',
  };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'capi-doclang-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('documents in their own language', () => {
  it('render --lang en of a French workspace: English messages, wholly French HTML and DOCX', async () => {
    const root = workspace('fr');
    const r = await runCli(['render', '--lang', 'en', '--format', 'html,docx', '--out', 'out'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/\d+ sheets? produced/);
    expect(r.stdout + r.stderr).not.toMatch(/produite/);

    const html = readFileSync(path.join(root, 'out/RE-TIZ-01.html'), 'utf8');
    expect(html).toMatch(/<html lang="fr" dir="ltr">/);
    for (const french of ['Identifiant', 'Statut', 'Brouillon', 'Le projet', 'Eau potable', 'Élu·e communal·e', 'En bref']) expect(html).toContain(french);
    for (const english of ['Status', 'Draft', 'The project', 'Drinking water', 'Commune councillor', 'At a glance']) expect(html).not.toContain(english);
    expect(html).toMatch(PERIOD_FR);

    const word = await docx(path.join(root, 'out/RE-TIZ-01.docx'));
    expect(word.lang).toBe('fr-FR');
    expect(word.text).toMatch(PERIOD_FR);
    for (const french of ['Statut', 'Brouillon', 'Le projet', 'Eau potable']) expect(word.text).toContain(french);
    for (const english of ['Status', 'Draft', 'The project', 'Drinking water']) expect(word.text).not.toContain(english);
  });

  it('render --lang en: the PDF too is wholly French', async () => {
    const root = workspace('pdf');
    const r = await runCli(['render', 're/RE-TIZ-01.yaml', '--lang', 'en', '--format', 'pdf', '--out', 'out'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    // headings may be printed in capitals (CSS text-transform): compare in lower case
    const text = execFileSync('pdftotext', ['-layout', path.join(root, 'out/RE-TIZ-01.pdf'), '-'], { encoding: 'utf8' }).toLowerCase();
    for (const french of ['statut', 'brouillon', 'le projet', 'eau potable', 'en bref']) expect(text).toContain(french);
    for (const english of ['status', 'draft', 'the project', 'drinking water', 'at a glance']) expect(text).not.toContain(english);
    expect(text).toMatch(/mars 2015 – juin 2018/);
  }, 60_000);

  it('langue_documents: en gives wholly English documents, and French messages by default', async () => {
    const root = workspace('en', 'langue_documents: en');
    const r = await runCli(['render', '--format', 'html,docx', '--out', 'out'], { cwd: root, env: { LANG: 'fr_FR.UTF-8' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/produite/);

    const html = readFileSync(path.join(root, 'out/RE-TIZ-01.html'), 'utf8');
    expect(html).toMatch(/<html lang="en" dir="ltr">/);
    for (const english of ['Status', 'Draft', 'The project', 'Drinking water', 'Commune councillor', 'At a glance']) expect(html).toContain(english);
    for (const french of ['Identifiant', 'Statut', 'Brouillon', 'Le projet', 'Eau potable', 'Élu·e communal·e', 'En bref']) expect(html).not.toContain(french);
    expect(html).toMatch(PERIOD_EN);

    const word = await docx(path.join(root, 'out/RE-TIZ-01.docx'));
    expect(word.lang).toBe('en-GB');
    expect(word.text).toMatch(PERIOD_EN);
    for (const english of ['Status', 'Draft', 'The project', 'Drinking water']) expect(word.text).toContain(english);
    for (const french of ['Statut', 'Brouillon', 'Le projet', 'Eau potable']) expect(word.text).not.toContain(french);
  });

  it('langue_documents: en also writes the fieldwork report and the double regard in English', async () => {
    const root = workspace('en-report', 'langue_documents: en');
    expect((await runCli(['report', '--format', 'html', '--out', 'out'], { cwd: root })).code).toBe(0);
    expect((await runCli(['render', '--double-regard', 'OSIM-FR-01', '--format', 'html', '--out', 'out'], { cwd: root })).code).toBe(0);
    const report = readFileSync(path.join(root, 'out/rapport-deroulement.html'), 'utf8');
    expect(report).toMatch(/<html lang="en" dir="ltr">/);
    for (const english of ['Fieldwork report', 'Interviews by actor type', '1 sheet, 1 interview', 'Commune councillor', '100%']) expect(report).toContain(english);
    for (const french of ['Rapport de déroulement', "Entretiens par type d'acteur", 'entretien', 'Élu·e communal·e']) expect(report).not.toContain(french);
    const cross = readFileSync(path.join(root, 'out/double-regard-OSIM-FR-01.html'), 'utf8');
    expect(cross).toMatch(/<html lang="en" dir="ltr">/);
    for (const english of ['1 lessons-learned sheet', 'Cross-view summary', 'province of Tiznit']) expect(cross).toContain(english);
    for (const french of ["fiche retour d'expérience", 'Synthèse du regard croisé', 'province de Tiznit']) expect(cross).not.toContain(french);
  });

  it('an unknown langue_documents is a located configuration error, and nothing is written', async () => {
    const root = workspace('de', 'langue_documents: de');
    const r = await runCli(['render', '--format', 'html', '--out', 'out'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/capi\.config\.yaml:\d+:\d+/);
    expect(r.stderr).toContain('langue_documents');
  });
});

describe('the interface language belongs to each run', () => {
  it('two in-process runs at once, one French and one English, each speak their own language', async () => {
    const root = workspace('concurrent');
    const runs = await Promise.all(
      ['fr', 'en', 'fr', 'en'].map((lang) => runCli(['validate', 're', 'osim'], { cwd: root, env: { LANG: lang } })),
    );
    for (const [i, r] of runs.entries()) {
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout + r.stderr).toMatch(i % 2 === 0 ? /vérifiée/ : /checked/);
    }
  });
});
