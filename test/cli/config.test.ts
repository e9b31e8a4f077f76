/**
 * capi.config.yaml, read once (src/link/config.ts) and honoured by every command: `sortie`, `editions`,
 * `organisation`, `logo`, `chercheurs`; output paths relative to the workspace; a broken configuration
 * stops every command that reads it with located errors (exit 2, nothing written). One temporary
 * workspace per case, built from the examples: the configuration, the OSIM sheets, the images and one
 * validated RE sheet (RE-TIZ-01, which quotes informants INF-TIZ-001…).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { execFileSync } from 'node:child_process';
import { ROOT, runCli } from '../helpers.js';
import { DEFAULT_ORGANISATION, readConfig } from '../../src/link/config.js';

const EXAMPLES = path.join(ROOT, 'examples');
let ws: string;

/** A workspace with the examples' configuration plus `extra` lines (or `config` instead of it). */
function workspace(options: { extra?: string; config?: string } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'capi-config-'));
  cpSync(path.join(EXAMPLES, 'osim'), path.join(dir, 'osim'), { recursive: true });
  cpSync(path.join(EXAMPLES, 'images'), path.join(dir, 'images'), { recursive: true });
  mkdirSync(path.join(dir, 're'));
  cpSync(path.join(EXAMPLES, 're/RE-TIZ-01.yaml'), path.join(dir, 're/RE-TIZ-01.yaml'));
  const base = options.config ?? readFileSync(path.join(EXAMPLES, 'capi.config.yaml'), 'utf8');
  writeFileSync(path.join(dir, 'capi.config.yaml'), `${base}\n${options.extra ?? ''}\n`);
  return dir;
}

/** Every file under `dir` (relative paths, sorted), for « nothing was written » checks. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => f.split(path.sep).join('/')).sort();
}

async function docxText(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  return zip.file('word/document.xml')!.async('string');
}

afterEach(() => {
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('readConfig', () => {
  beforeEach(() => {
    ws = workspace();
  });

  it('types the configuration with its defaults: sortie absolute in the workspace, editions a list', async () => {
    const plain = await readConfig(ws, ws);
    expect(plain.diagnostics).toEqual([]);
    expect(plain.config).toMatchObject({ root: ws, organisation: 'Migrations & Développement', sortie: path.join(ws, 'dist'), editions: ['interne'], chercheurs: [] });
    expect(plain.config.projet).toBe('Capitalisation des expériences des OSIM — région Souss-Massa');
    expect(plain.config.recueil.date).toBe(2023);
    writeFileSync(path.join(ws, 'capi.config.yaml'), 'organisation: OSIM Souss\nsortie: ../publications\neditions: publique\n');
    const set = (await readConfig(ws, ws)).config;
    expect(set).toMatchObject({ organisation: 'OSIM Souss', sortie: path.resolve(ws, '../publications'), editions: ['publique'] });
    // no configuration at all: the same defaults, the one default organisation
    rmSync(path.join(ws, 'capi.config.yaml'));
    expect((await readConfig(ws, ws)).config).toMatchObject({ organisation: DEFAULT_ORGANISATION, sortie: path.join(ws, 'dist'), editions: ['interne'] });
  });
});

describe('sortie and output paths', () => {
  it('writes into the configured sortie, relative to the workspace, not the current folder', async () => {
    ws = workspace({ extra: 'sortie: publications' });
    const r = await runCli(['render', '--format', 'html'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws, 'publications/RE-TIZ-01.html'))).toBe(true);
    expect(existsSync(path.join(ws, 'dist'))).toBe(false);
    // run from inside re/: still the workspace's sortie
    const inside = await runCli(['render', 'RE-TIZ-01.yaml', '--format', 'html', '--force'], { cwd: path.join(ws, 're') });
    expect(inside.code).toBe(0);
    expect(existsSync(path.join(ws, 're/publications'))).toBe(false);
    expect(inside.stderr).toContain(`dans ${path.join(ws, 'publications')}/`);
  });

  it('writes to <workspace>/dist/ from inside re/ without sortie; an explicit --out stays relative to the current folder', async () => {
    ws = workspace();
    const r = await runCli(['render', 'RE-TIZ-01.yaml', '--format', 'html'], { cwd: path.join(ws, 're') });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws, 'dist/RE-TIZ-01.html'))).toBe(true);
    expect(existsSync(path.join(ws, 're/dist'))).toBe(false);
    const out = await runCli(['render', 'RE-TIZ-01.yaml', '--format', 'html', '--out', 'ici'], { cwd: path.join(ws, 're') });
    expect(out.code).toBe(0);
    expect(existsSync(path.join(ws, 're/ici/RE-TIZ-01.html'))).toBe(true);
  });

  it('gives report and booklet the same default folder', async () => {
    ws = workspace({ extra: 'sortie: livrables' });
    expect((await runCli(['report', 're', '--format', 'html'], { cwd: ws })).code).toBe(0);
    expect((await runCli(['booklet', '--format', 'docx'], { cwd: path.join(ws, 're') })).code).toBe(0);
    expect(readdirSync(path.join(ws, 'livrables')).filter((f) => !f.startsWith('.')).sort()).toEqual(['rapport-deroulement.html', 'recueil.docx']);
  });
});

describe('editions', () => {
  it('renders each configured edition when --edition is not given; the public one has no informant code', async () => {
    ws = workspace({ extra: 'editions: [interne, publique]' });
    const r = await runCli(['render', 're', '--format', 'html'], { cwd: ws });
    expect(r.code).toBe(0);
    const internal = readFileSync(path.join(ws, 'dist/RE-TIZ-01.html'), 'utf8');
    const pub = readFileSync(path.join(ws, 'dist/RE-TIZ-01-publique.html'), 'utf8');
    expect(internal).toContain('INF-TIZ-001');
    expect(pub).not.toMatch(/INF-TIZ/);
    // --edition wins over the configuration
    rmSync(path.join(ws, 'dist'), { recursive: true });
    expect((await runCli(['render', 're', '--format', 'html', '--edition', 'interne'], { cwd: ws })).code).toBe(0);
    expect(readdirSync(path.join(ws, 'dist')).filter((f) => f.endsWith('.html'))).toEqual(['RE-TIZ-01.html']);
  });

  it('with editions: [publique], publishes the public edition only — never the internal one with its codes', async () => {
    ws = workspace({ extra: 'editions: [publique]' });
    expect((await runCli(['render', 're', '--format', 'html,docx'], { cwd: ws })).code).toBe(0);
    expect((await runCli(['report', '--format', 'html'], { cwd: ws })).code).toBe(0);
    expect((await runCli(['booklet', '--format', 'docx'], { cwd: ws })).code).toBe(0);
    const files = readdirSync(path.join(ws, 'dist')).filter((f) => !f.startsWith('.')).sort();
    expect(files).toEqual(['RE-TIZ-01-publique.docx', 'RE-TIZ-01-publique.html', 'rapport-deroulement-publique.html', 'recueil-publique.docx']);
    expect(readFileSync(path.join(ws, 'dist/RE-TIZ-01-publique.html'), 'utf8')).not.toMatch(/INF-TIZ/);
    expect(await docxText(path.join(ws, 'dist/RE-TIZ-01-publique.docx'))).not.toMatch(/INF-TIZ/);
    expect(await docxText(path.join(ws, 'dist/recueil-publique.docx'))).not.toMatch(/INF-TIZ/);
  });

  it('booklet and report: the public and the internal edition never overwrite each other', async () => {
    ws = workspace();
    expect((await runCli(['booklet', '--edition', 'publique', '--format', 'docx'], { cwd: ws })).code).toBe(0);
    expect((await runCli(['booklet', '--format', 'docx'], { cwd: ws })).code).toBe(0);
    expect((await runCli(['report', '--edition', 'publique', '--format', 'html,docx'], { cwd: ws })).code).toBe(0);
    expect((await runCli(['report', '--format', 'html,docx'], { cwd: ws })).code).toBe(0);
    const dist = path.join(ws, 'dist');
    expect(readdirSync(dist).filter((f) => !f.startsWith('.')).sort()).toEqual([
      'rapport-deroulement-publique.docx', 'rapport-deroulement-publique.html', 'rapport-deroulement.docx', 'rapport-deroulement.html',
      'recueil-publique.docx', 'recueil.docx',
    ]);
    // each file is its own edition: codes in the internal booklet only
    expect(await docxText(path.join(dist, 'recueil.docx'))).toContain('INF-TIZ-001');
    expect(await docxText(path.join(dist, 'recueil-publique.docx'))).not.toMatch(/INF-TIZ/);
    expect(readFileSync(path.join(dist, 'rapport-deroulement-publique.html'), 'utf8')).toContain('— édition publique');
    expect(readFileSync(path.join(dist, 'rapport-deroulement.html'), 'utf8')).toContain('— édition interne');
  });
});

describe('organisation, chercheurs', () => {
  it('prints the configured organisation in the masthead, the margin and the colophon, never the default', async () => {
    ws = workspace({ config: 'organisation: Association Tiwizi Souss' });
    expect((await runCli(['render', '--format', 'html'], { cwd: ws })).code).toBe(0);
    const html = readFileSync(path.join(ws, 'dist/RE-TIZ-01.html'), 'utf8');
    expect(html).toContain('<span class="org">Association Tiwizi Souss</span>');
    // the internal edition's footer holds the internal mark; the colophon names the organisation and cites it
    expect(html).toContain('<p class="colophon-org">Association Tiwizi Souss</p>');
    expect(html).toMatch(/Fiche retour d(&#39;|’)expérience RE-TIZ-01\. Association Tiwizi Souss\.<\/p>/);
    // the sheet names M&D as a partner: only the places of the organisation are checked
    expect(html).not.toMatch(/class="org">Migrations|Migrations &amp; Développement ·|colophon-org">Migrations/);
  });

  it('capi links lists the territories capi.config.yaml assigns, with their sheets or none yet', async () => {
    ws = workspace({ extra: 'chercheurs:\n  - nom: Salma Aït Lhaj\n    territoires:\n      - { province: Tiznit, commune: Afella Ighir }\n      - Tafraout' });
    const r = await runCli(['links'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Territoires confiés \(chercheurs de capi\.config\.yaml\)\n {2}! Salma Aït Lhaj — Afella Ighir \(Tiznit\) : RE-TIZ-01 ; Tafraout \(Tiznit\) : pas encore de fiche/);
    const json = JSON.parse((await runCli(['links', '--format', 'json'], { cwd: ws })).stdout);
    expect(json.assignments).toEqual([{ name: 'Salma Aït Lhaj', territories: [{ commune: 'Afella Ighir', province: 'Tiznit', sheets: ['RE-TIZ-01'] }, { commune: 'Tafraout', province: 'Tiznit', sheets: [] }] }]);
  });
});

describe('a broken capi.config.yaml', () => {
  // line 3: an unknown word in editions; line 4: a misspelt key
  const BROKEN = 'projet: Test\norganisation: OSIM Souss\neditions: [interne, secrete]\nsortei: publications\n';
  const located = /^capi\.config\.yaml:3:21 +erreur +« secrete » n'est pas une valeur permise pour « editions »\. Valeurs permises : interne, publique\.$/m;

  const commands: Array<[string, string[]]> = [
    ['render', ['render', '--format', 'html']],
    ['render --watch', ['render', '--watch', '--format', 'html']],
    ['render --edition', ['render', '--edition', 'publique', '--format', 'html']],
    ['booklet', ['booklet', '--format', 'docx']],
    ['report', ['report', '--format', 'html']],
    ['status', ['status']],
    ['links', ['links']],
    ['review', ['review', 're/RE-TIZ-01.yaml', '--commentaire', 'À revoir', '--champ', 'titre', '--relecteur', 'Coordination']],
    ['new', ['new', '--id', 'RE-TIZ-09', '--titre', 'Piste', '--province', 'Tiznit', '--commune', 'Tafraout', '--osim', 'OSIM-FR-01', '--auteur', 'Salma']],
  ];
  for (const [name, args] of commands) {
    it(`stops ${name} with the located errors, exit 2, nothing written`, async () => {
      ws = workspace({ config: BROKEN });
      const before = tree(ws);
      const sheet = readFileSync(path.join(ws, 're/RE-TIZ-01.yaml'), 'utf8');
      const r = await runCli(args, { cwd: ws });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(located);
      expect(r.stderr).toMatch(/^capi\.config\.yaml:4:1 +erreur +Clé inconnue « sortei » dans le fichier de configuration\. Vouliez-vous dire « sortie » \?$/m);
      expect(r.stderr).toMatch(/^capi : la configuration capi\.config\.yaml a 2 erreurs à corriger/m);
      expect(r.stdout).toBe('');
      expect(tree(ws)).toEqual(before);
      expect(readFileSync(path.join(ws, 're/RE-TIZ-01.yaml'), 'utf8')).toBe(sheet);
    });
  }

  it('is located from inside re/ too (the path shown from there)', async () => {
    ws = workspace({ config: BROKEN });
    const r = await runCli(['render', 'RE-TIZ-01.yaml', '--format', 'html'], { cwd: path.join(ws, 're') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(ws, 'capi.config.yaml')}:3:21  erreur`);
  });

  it('is listed by capi validate among the sheets’ problems (exit 1: the files have errors)', async () => {
    ws = workspace({ config: BROKEN });
    const r = await runCli(['validate'], { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(located);
  });

  it('refuses a logo that is missing, outside the workspace or not an image, at its line and column', async () => {
    ws = workspace({ config: 'projet: Test\nlogo: images/logo.png\n' });
    const validate = await runCli(['validate', '--format', 'json'], { cwd: ws });
    expect(validate.code).toBe(1);
    expect(JSON.parse(validate.stdout).diagnostics).toContainEqual(expect.objectContaining({ file: 'capi.config.yaml', line: 2, column: 7, code: 'config.logo-missing', severity: 'error' }));
    const render = await runCli(['render', '--format', 'html'], { cwd: ws });
    expect(render.code).toBe(2);
    expect(render.stderr).toMatch(/^capi\.config\.yaml:2:7 +erreur +Le logo « images\/logo\.png » est introuvable\./m);
    expect(existsSync(path.join(ws, 'dist'))).toBe(false);

    writeFileSync(path.join(ws, 'capi.config.yaml'), 'logo: ../logo.png\n');
    expect((await runCli(['status'], { cwd: ws })).stderr).toMatch(/^capi\.config\.yaml:1:7 +erreur +Le logo « \.\.\/logo\.png » est hors de l'espace de travail\./m);
    writeFileSync(path.join(ws, 'images/logo.png'), 'pas une image');
    writeFileSync(path.join(ws, 'capi.config.yaml'), 'logo: images/logo.png\n');
    expect((await runCli(['links'], { cwd: ws })).stderr).toMatch(/^capi\.config\.yaml:1:7 +erreur +« images\/logo\.png » n'est pas une image PNG, JPEG ou SVG lisible\./m);
    // a real image (PNG or SVG) passes
    cpSync(path.join(ws, 'images', readdirSync(path.join(ws, 'images')).find((f) => f.endsWith('.png') && f !== 'logo.png')!), path.join(ws, 'images/logo.png'));
    expect((await runCli(['validate', '-q'], { cwd: ws })).code).toBe(0);
    writeFileSync(path.join(ws, 'images/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    writeFileSync(path.join(ws, 'capi.config.yaml'), 'logo: images/logo.svg\n');
    expect((await runCli(['validate', '-q'], { cwd: ws })).code).toBe(0);
  });
});

describe('the output folder and git', () => {
  it('validate warns, at the sortie line, when the output folder is not ignored by git — and not when it is', async () => {
    const dir = workspace({ config: 'projet: Essai\nsortie: publications\n' });
    try {
      execFileSync('git', ['init', '-q'], { cwd: dir });
      writeFileSync(path.join(dir, '.gitignore'), 'dist/\nnode_modules/\n');
      const r = await runCli(['validate', '--format', 'json'], { cwd: dir });
      const found = JSON.parse(r.stdout).diagnostics.filter((d: { code: string }) => d.code === 'config.sortie-not-ignored');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ file: 'capi.config.yaml', line: 2, column: 9, severity: 'warning' });
      expect(found[0].message).toContain('« publications/ » n\'est pas ignoré par git');
      expect(r.code).toBe(0);

      writeFileSync(path.join(dir, '.gitignore'), 'dist/\npublications/\n');
      const again = await runCli(['validate', '--format', 'json'], { cwd: dir });
      expect(JSON.parse(again.stdout).diagnostics.map((d: { code: string }) => d.code)).not.toContain('config.sortie-not-ignored');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the public booklet', () => {
  it('publishes validated sheets only, whatever --statut selects; a selection of drafts alone gives no public booklet', async () => {
    const dir = workspace({ extra: 'editions: [publique]' });
    try {
      cpSync(path.join(EXAMPLES, 're/RE-CHT-03.yaml'), path.join(dir, 're/RE-CHT-03.yaml'));
      const r = await runCli(['booklet', '--statut', 'brouillon,validee', '--format', 'docx'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/re\/RE-CHT-03\.yaml : non publiée dans l'édition publique \(statut « brouillon »\)/);
      const xml = await docxText(path.join(dir, 'dist/recueil-publique.docx'));
      expect(xml).toContain('RE-TIZ-01');
      expect(xml).not.toContain('RE-CHT-03');

      const drafts = await runCli(['booklet', '--statut', 'brouillon', '--format', 'docx', '--out', 'brouillons'], { cwd: dir });
      expect(drafts.code, drafts.stderr).toBe(0);
      expect(drafts.stderr).toMatch(/Recueil public non produit : aucune des fiches sélectionnées \(1\) n'est « validee »/);
      expect(existsSync(path.join(dir, 'brouillons/recueil-publique.docx'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
