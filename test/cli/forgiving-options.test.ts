import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT, runCli } from '../helpers.js';
import { KEY, runInTerminal } from '../pty.js';
import { joinNumberLists } from '../../src/cli/main.js';
import { loadGazetteer, placeMatches } from '../../src/link/places.js';

/**
 * Prompts and options as forgiving as flags (issue 13): the commune searched in a terminal is found
 * from the spellings `--commune` accepts; `--resoudre` and the sheet in any order; a comment over
 * several lines is kept; every option with a closed list of values says « Vouliez-vous dire … ? ».
 */
let ws: string;
beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-forgiving-'));
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

const AGA = 're/RE-AGA-01.yaml';
let original: string;
beforeEach(() => {
  original = readFileSync(path.join(ROOT, 'examples', AGA), 'utf8');
  writeFileSync(path.join(ws, AGA), original);
});
const comments = () => (parse(readFileSync(path.join(ws, AGA), 'utf8')).revue.commentaires as Array<{ texte: string; resolu: boolean }>);

// the terminal sessions wait mostly for node to start: they run side by side
describe.concurrent('the commune search of capi new, in a real terminal', () => {
  const g = loadGazetteer();
  const province = g.findProvince('Chtouka-Aït Baha')!;

  it.each([
    ['imi mqourn', 'Imi-Mqourn'],
    ['targua n', 'Targua-Ntouchka'],
    ["tizi n'takoucht", 'Tizi Ntakoucht'],
    // nothing contains it: the nearest names are offered, as « did you mean » does for --commune
    ['imi mkourn', 'Imi-Mqourn'],
  ])('« %s » finds %s, which Enter chooses', async (typed, official) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'capi-search-'));
    try {
      cpSync(path.join(ROOT, 'examples/osim'), path.join(dir, 'osim'), { recursive: true });
      const r = await runInTerminal(['new', '--province', province.nameFr, '--id', 'RE-CHT-50', '--titre', 'La piste', '--auteur', 'Salma Amrani', '--osim', 'OSIM-FR-01'], {
        cwd: dir,
        steps: [
          { waitFor: /Commune \(tapez pour chercher\)/, send: typed },
          { waitFor: new RegExp(`❯ ${official} \\(`), send: KEY.enter },
        ],
      });
      expect(r.screen).toContain('Fiche créée : re/RE-CHT-50.yaml');
      expect(r.code).toBe(0);
      expect(parse(readFileSync(path.join(dir, 're/RE-CHT-50.yaml'), 'utf8')).territoire.commune).toBe(official);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('placeMatches finds every commune of the list from its name written loosely, and part of it', () => {
    for (const c of g.communes) {
      const loose = c.nameFr.toLowerCase().replace(/-/g, ' ').normalize('NFD').replace(/\p{M}/gu, '');
      expect(placeMatches(c.nameFr, loose), `${c.nameFr} ← ${loose}`).toBe(true);
      expect(placeMatches(c.nameFr, loose.slice(0, Math.ceil(loose.length / 2))), c.nameFr).toBe(true);
    }
    expect(placeMatches('Irherm', 'igherm')).toBe(true);
    expect(placeMatches('Tafraout', 'tiznit')).toBe(false);
  });
});

describe('capi review: options and the sheet in any order', () => {
  it('joins the numbers after --resoudre, and only them', () => {
    expect(joinNumberLists(['review', '--resoudre', '1', '2', 're/X.yaml'], '--resoudre')).toEqual(['review', '--resoudre=1,2', 're/X.yaml']);
    expect(joinNumberLists(['review', 're/X.yaml', '--resoudre', '1,3', '--statut', 'soumise'], '--resoudre')).toEqual(['review', 're/X.yaml', '--resoudre=1,3', '--statut', 'soumise']);
    expect(joinNumberLists(['review', '--resoudre', 're/X.yaml'], '--resoudre')).toEqual(['review', '--resoudre', 're/X.yaml']);
  });

  it.each([
    [['review', '--resoudre', '1', AGA], [1]],
    [['review', '--resoudre', '1', '2', AGA], [1, 2]],
    [['review', AGA, '--resoudre', '2', '3'], [2, 3]],
    [['review', '--resoudre', '1,4', AGA], [1, 4]],
    [['review', '--resoudre', '1', '--resoudre', '3', AGA], [1, 3]],
  ])('capi %j resolves comments %j', async (args, resolved) => {
    const r = await runCli(args, { cwd: ws });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const before = (parse(original).revue.commentaires as Array<{ resolu: boolean }>).map((c, i) => (c.resolu ? i + 1 : 0)).filter(Boolean);
    const done = comments().map((c, i) => (c.resolu ? i + 1 : 0)).filter(Boolean);
    expect(done).toEqual([...new Set([...resolved, ...before])].sort());
    expect(before.some((n) => resolved.includes(n))).toBe(false);
  });

  it('a word that is no comment number after --resoudre is named', async () => {
    const r = await runCli(['review', '--resoudre', 'deux', AGA], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("capi : « deux » n'est pas un numéro de commentaire : indiquez un nombre, par exemple --resoudre 2.\n");
  });
});

describe('capi review --commentaire over several lines', () => {
  it('is stored as a | block: the lines, a blank line and a list kept; nothing else in the sheet moves', async () => {
    const text = 'Préciser la source des chiffres :\r\n  le rapport de 2019,\n\n\n- le tableau des cotisations ;\n- la convention « INDH ».  ';
    const r = await runCli(['review', AGA, '--commentaire', text, '--champ', 'contexte', '--relecteur', 'Karima El Moudden', '--date', '2022-09-12'], { cwd: ws });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const after = readFileSync(path.join(ws, AGA), 'utf8');
    // the same reviewer and date as the sheet's: only the new comment's lines are added, at the end
    expect(after.startsWith(original)).toBe(true);
    expect(after.slice(original.length)).toBe(
      [
        '    - champ: contexte',
        '      texte: |-',
        '        Préciser la source des chiffres :',
        '        le rapport de 2019,',
        '',
        '        - le tableau des cotisations ;',
        '        - la convention « INDH ».',
        '      auteur: Karima El Moudden',
        '      date: 2022-09-12',
        '      resolu: false',
        '',
      ].join('\n'),
    );
    expect(comments().at(-1)?.texte).toBe('Préciser la source des chiffres :\nle rapport de 2019,\n\n- le tableau des cotisations ;\n- la convention « INDH ».');
    const v = await runCli(['validate', AGA], { cwd: ws });
    expect(v.stdout).not.toMatch(/ erreur /);
  });
});

describe('« Vouliez-vous dire … ? » for every option with a closed list of values', () => {
  it.each([
    [['review', AGA, '--statut', 'validée'], 'Statut inconnu « validée ». Statuts : brouillon, soumise, a-reviser, validee. Vouliez-vous dire « validee » ?'],
    [['booklet', '--statut', 'validée', '--format', 'docx'], 'Statut inconnu « validée » pour --statut. Statuts : brouillon, soumise, a-reviser, validee. Vouliez-vous dire « validee » ?'],
    [['booklet', '--statut', 'soumise,valide', '--format', 'docx'], 'Statut inconnu « valide » pour --statut. Statuts : brouillon, soumise, a-reviser, validee. Vouliez-vous dire « validee » ?'],
    [['booklet', '--province', 'agadir', '--format', 'docx'], 'Vouliez-vous dire « Agadir-Ida-Ou-Tanane » ?'],
    [['booklet', '--secteur', 'eau', '--format', 'docx'], 'Secteur inconnu « eau » pour --secteur. Secteurs : sante, education, eau-potable'],
    [['booklet', '--secteur', 'eau potabel', '--format', 'docx'], 'Vouliez-vous dire « eau-potable » ?'],
    [['booklet', '--format', 'pfd'], 'Format inconnu « pfd » pour le recueil : choisissez pdf, docx ou pdf,docx. Vouliez-vous dire « pdf » ?'],
    [['render', '--edition', 'publiqe', AGA], 'valeur « publiqe » refusée pour « --edition <edition> ». Valeurs possibles : interne, publique. Vouliez-vous dire « publique » ?'],
    [['new', 'osmi'], 'valeur « osmi » refusée pour « type ». Valeurs possibles : re, osim. Vouliez-vous dire « osim » ?'],
    [['new', '--yes', '--province', 'agadir', '--titre', 'La piste', '--commune', 'Tafraout', '--auteur', 'S', '--osim', 'OSIM-FR-01'], 'Vouliez-vous dire « Agadir-Ida-Ou-Tanane » ?'],
  ])('capi %j', async (args, message) => {
    const r = await runCli(args, { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(readFileSync(path.join(ws, AGA), 'utf8')).toBe(original);
  });

  it('no far-fetched suggestion: « fish » is no « bash »', async () => {
    const r = await runCli(['completion', 'fish'], { cwd: ws });
    expect(r.stderr).toBe('capi : valeur « fish » refusée pour « shell ». Valeurs possibles : bash, zsh.\n');
  });

  it('in English with --lang en', async () => {
    const r = await runCli(['--lang', 'en', 'booklet', '--statut', 'validée', '--format', 'docx'], { cwd: ws });
    expect(r.stderr).toContain('Unknown status « validée » for --statut. Statuses: brouillon, soumise, a-reviser, validee. Did you mean « validee »?');
  });
});
