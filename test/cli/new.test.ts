import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli, WS } from '../helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'capi-new-'));
  cpSync(path.join(WS, 'capi.config.yaml'), path.join(dir, 'capi.config.yaml'));
  cpSync(path.join(WS, 'osim'), path.join(dir, 'osim'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const flags = ['--id', 'RE-TIZ-05', '--titre', 'La piste de Tazka', '--province', 'Tiznit', '--commune', 'Tafraout', '--osim', 'OSIM-FR-01', '--auteur', 'Salma Amrani'];

describe('capi new', () => {
  it('writes a draft from flags, with a schema line and guidance comments, that passes capi validate', async () => {
    const r = await runCli(['new', ...flags], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Fiche créée : re\/RE-TIZ-05\.yaml/);
    const text = readFileSync(path.join(dir, 're/RE-TIZ-05.yaml'), 'utf8');
    // the bundled schema of the workspace, by a relative path: loads offline and on every clone
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../.capi/schemas/re.schema.json');
    const data = parse(text);
    expect(data).toMatchObject({ fiche: 'retour-experience', id: 'RE-TIZ-05', titre: 'La piste de Tazka', statut: 'brouillon', osim: ['OSIM-FR-01'], territoire: { province: 'Tiznit', commune: 'Tafraout', region: 'Souss-Massa' } });
    expect(data.auteurs).toEqual([{ nom: 'Salma Amrani', role: 'enqueteur' }]);
    // every section present
    for (const key of ['contexte', 'description', 'contributions', 'perceptions', 'leviers_changement', 'valeur_ajoutee', 'leviers_politiques_publiques', 'bonne_pratique', 'contraintes', 'enseignements', 'recommandations', 'photos', 'collecte']) {
      expect(Object.keys(data)).toContain(key);
    }
    expect(text).toMatch(/# Le cœur de la fiche/);
    const v = await runCli(['validate', 're/RE-TIZ-05.yaml'], { cwd: dir });
    expect(v.stdout.split('\n').filter((l) => / erreur /.test(l))).toEqual([]);
    // a new draft: what is left before submitting is announced, as warnings
    expect(v.stdout).toMatch(/avertissement {2}Pour soumettre : Une fiche au statut « soumise » doit avoir ces sections remplies : projet\.secteurs, contexte, description, contributions, perceptions, valeur_ajoutee, enseignements\./);
    expect(v.code).toBe(0);
  });

  it('without capi init, writes the bundled schemas into .capi/schemas/ once, says so, and never replaces them', async () => {
    const r = await runCli(['new', ...flags], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Schémas pour l'éditeur écrits dans \.capi\/schemas\//);
    for (const kind of ['re', 'osim']) {
      const schema = JSON.parse(readFileSync(path.join(dir, '.capi/schemas', `${kind}.schema.json`), 'utf8'));
      // self-contained: no reference to another file for the language server to resolve
      expect(JSON.stringify(schema)).not.toContain('common.schema.json');
      expect(schema.$defs.statut.enum).toEqual(['brouillon', 'soumise', 'a-reviser', 'validee']);
    }
    writeFileSync(path.join(dir, '.capi/schemas/re.schema.json'), '{"mine": true}\n');
    const again = await runCli(['new', ...flags.slice(2), '--id', 'RE-TIZ-06', '--dir', 're/tiznit'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/Schémas/);
    expect(readFileSync(path.join(dir, '.capi/schemas/re.schema.json'), 'utf8')).toBe('{"mine": true}\n');
    expect(readFileSync(path.join(dir, 're/tiznit/RE-TIZ-06.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../.capi/schemas/re.schema.json');
  });

  it('joins a title pasted over several lines, and refuses a title too short for the schema', async () => {
    const r = await runCli(['new', ...flags.slice(0, 2), '--titre', 'La piste\nde Tazka', ...flags.slice(4)], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, 're/RE-TIZ-05.yaml'), 'utf8');
    expect(parse(text).titre).toBe('La piste de Tazka');
    expect((await runCli(['validate', 're/RE-TIZ-05.yaml'], { cwd: dir })).code).toBe(0);
    const short = await runCli(['new', '--id', 'RE-TIZ-06', '--titre', 'T', ...flags.slice(4)], { cwd: dir });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/Le titre doit faire au moins 3 caractères/);
  });

  it('writes each OSIM id once, and refuses a --dir that is a file', async () => {
    const r = await runCli(['new', ...flags.slice(0, 8), '--osim', 'OSIM-FR-01,,OSIM-FR-01', '--auteur', 'A'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(parse(readFileSync(path.join(dir, 're/RE-TIZ-05.yaml'), 'utf8')).osim).toEqual(['OSIM-FR-01']);
    writeFileSync(path.join(dir, 'fichier'), 'x');
    const f = await runCli(['new', ...flags, '--id', 'RE-TIZ-07', '--dir', 'fichier'], { cwd: dir });
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/« fichier » est un fichier, pas un dossier/);
  });

  it('matches province and commune loosely and writes the official names', async () => {
    const r = await runCli(['new', ...flags.slice(0, 4), '--province', 'TIZNIT', '--commune', 'tafraout', '--osim', 'OSIM-FR-01', '--auteur', 'S'], { cwd: dir });
    expect(r.code).toBe(0);
    const data = parse(readFileSync(path.join(dir, 're/RE-TIZ-05.yaml'), 'utf8'));
    expect(data.territoire).toMatchObject({ province: 'Tiznit', commune: 'Tafraout' });
  });

  it('without a terminal and with flags missing, exits 2 and lists the missing flags', async () => {
    const r = await runCli(['new', '--titre', 'Une école'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('capi : Il manque des informations et aucun terminal ne permet de les demander. Options à fournir : --province, --commune, --id, --osim, --auteur.\n');
    expect(existsSync(path.join(dir, 're'))).toBe(false);
  });

  it('without a terminal, the guide\'s « Sans questions » command names the id capi proposes and how to accept it (-y)', async () => {
    const r = await runCli(['new', '--titre', 'La piste de Tazka', '--province', 'Tiznit', '--commune', 'Tafraout', '--osim', 'OSIM-FR-01', '--auteur', 'Salma Aït Lhaj'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^capi : Il manque des informations et aucun terminal ne permet de les demander\. Options à fournir : --id (RE-TIZ-\d\d)\. \1 est l'identifiant que capi propose : ajoutez « --id \1 », ou « -y » pour accepter les valeurs proposées\.\n$/);
    const id = /--id (RE-TIZ-\d\d)/.exec(r.stderr)![1];
    const again = await runCli(['new', '--titre', 'La piste de Tazka', '--province', 'Tiznit', '--commune', 'Tafraout', '--osim', 'OSIM-FR-01', '--auteur', 'Salma Aït Lhaj', '--id', id], { cwd: dir });
    expect(again.code).toBe(0);
    expect(existsSync(path.join(dir, `re/${id}.yaml`))).toBe(true);
  });

  it('refuses a --dir outside the workspace, and writes nothing there nor in its parent', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'capi-outside-'));
    try {
      const r = await runCli(['new', '--yes', '--titre', 'École', '--province', 'Tiznit', '--commune', 'Tafraout', '--osim', 'OSIM-FR-01', '--auteur', 'A', '--dir', path.join(outside, 're')], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("est hors de l'espace de travail");
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('without any OSIM sheet, says to write one first with capi new osim', async () => {
    rmSync(path.join(dir, 'osim'), { recursive: true });
    const r = await runCli(['new', '--yes', '--titre', 'École', '--province', 'Tiznit', '--commune', 'Tafraout', '--auteur', 'A'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("capi : Il manque des informations et aucun terminal ne permet de les demander. Options à fournir : --osim. L'espace de travail n'a encore aucune fiche OSIM : créez d'abord celle de l'association avec « capi new osim », puis relancez.\n");
  });

  it('--yes takes the defaults: next free id of the province and the OSIM of that commune', async () => {
    const r = await runCli(['new', '--yes', '--titre', 'École', '--province', 'Tiznit', '--commune', 'Tafraout', '--auteur', 'A'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const data = parse(readFileSync(path.join(dir, 're/RE-TIZ-01.yaml'), 'utf8'));
    expect(data.osim).toEqual(['OSIM-FR-01']);
    const again = await runCli(['new', '--yes', '--titre', 'École 2', '--province', 'Tiznit', '--commune', 'Tafraout', '--auteur', 'A'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(existsSync(path.join(dir, 're/RE-TIZ-02.yaml'))).toBe(true);
  });

  it('never overwrites an existing file', async () => {
    const target = path.join(dir, 'ailleurs', 'RE-TIZ-05.yaml');
    cpSync(path.join(WS, 'capi.config.yaml'), path.join(dir, 'x.txt'));
    await runCli(['new', ...flags, '--dir', 'ailleurs'], { cwd: dir });
    writeFileSync(target, 'mon travail\n');
    // same id in another folder: the id is now used in the workspace, and the file is kept
    const r = await runCli(['new', ...flags, '--dir', 'ailleurs'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe('mon travail\n');
  });

  it('refuses an existing file even when its id is different', async () => {
    const target = path.join(dir, 're', 'RE-TIZ-05.yaml');
    await runCli(['new', ...flags], { cwd: dir });
    writeFileSync(target, 'fiche: autre\nid: RE-XXX-01\n');
    const r = await runCli(['new', ...flags], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/« re\/RE-TIZ-05\.yaml » existe déjà : capi n'écrase jamais une fiche/);
    expect(readFileSync(target, 'utf8')).toBe('fiche: autre\nid: RE-XXX-01\n');
  });

  it('explains unknown places and OSIM ids with the nearest valid value', async () => {
    const province = await runCli(['new', ...flags, '--province', 'Tiznt'], { cwd: dir });
    expect(province.code).toBe(2);
    expect(province.stderr).toMatch(/Province inconnue « Tiznt ».*Vouliez-vous dire « Tiznit » \?/s);
    const commune = await runCli(['new', ...flags, '--commune', 'Agadir'], { cwd: dir });
    expect(commune.stderr).toMatch(/La commune « Agadir » n'est pas dans la province Tiznit mais dans Agadir-Ida-Ou-Tanane/);
    const osim = await runCli(['new', ...flags, '--osim', 'OSIM-FR-1'], { cwd: dir });
    expect(osim.stderr).toMatch(/Aucune fiche OSIM « OSIM-FR-1 ».*Vouliez-vous dire « OSIM-FR-01 » \?/s);
    const id = await runCli(['new', ...flags, '--id', 're tiz 5'], { cwd: dir });
    expect(id.stderr).toMatch(/Identifiant « re tiz 5 » invalide/);
    expect(existsSync(path.join(dir, 're'))).toBe(false);
  });
});
