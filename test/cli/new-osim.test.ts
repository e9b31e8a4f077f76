import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT, runCli } from '../helpers.js';
import { readSchema } from '../../src/validate/schemas.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'capi-new-osim-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const flags = ['--association', "Association Tagmat des ressortissants d'Afella Ighir", '--sigle', 'Tagmat', '--siege', 'Gennevilliers', '--departement', 'Hauts-de-Seine', '--province', 'tiznit', '--communes', 'Afella Ighir, tafraout', '--auteur', 'Claire Fontanel'];

/** The sheet with every indented example line uncommented, and the texts filled: what a writer does. */
function fill(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^(\s+)# /, '$1'))
    .join('\n')
    .replace(/^enseignements:$/m, 'enseignements: |\n  La confiance se construit par des comptes présentés des deux côtés.')
    .replaceAll('…', 'Texte rempli');
}

describe('capi new osim', () => {
  it('writes a draft from flags: known values, every section of the schema with its guidance, that passes validate', async () => {
    const r = await runCli(['new', 'osim', '--yes', ...flags], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Fiche créée : osim\/OSIM-FR-01\.yaml/);
    const text = readFileSync(path.join(dir, 'osim/OSIM-FR-01.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../.capi/schemas/osim.schema.json');
    const data = parse(text);
    expect(data).toMatchObject({
      fiche: 'osim',
      id: 'OSIM-FR-01',
      statut: 'brouillon',
      auteurs: [{ nom: 'Claire Fontanel', role: 'redacteur' }],
      association: { nom: "Association Tagmat des ressortissants d'Afella Ighir", sigle: 'Tagmat', siege: { commune: 'Gennevilliers', departement: 'Hauts-de-Seine' } },
      // official names from the reference list, whatever the spelling typed
      territoire_origine: { province: 'Tiznit', communes: ['Afella Ighir', 'Tafraout'] },
    });
    // every section of the schema, in its order (revue is the coordination's: named in a comment)
    const sections = Object.keys((readSchema('osim') as { properties: Record<string, unknown> }).properties);
    expect(Object.keys(data)).toEqual(sections.filter((k) => k !== 'revue'));
    expect(text).toMatch(/^# revue : Rempli par la coordination/m);
    // guidance and value lists come from the schema
    expect(text).toContain("# Le fonctionnement de l'association : membres, bénévoles");
    expect(text).toMatch(/Valeurs : sante, education, eau-potable,[^]*developpement-social\./);
    expect(text).toContain('  # membres: 138');
    const v = await runCli(['validate'], { cwd: dir });
    expect(v.stdout).not.toMatch(/ erreur /);
    expect(v.code).toBe(0);
  });

  it('once its examples are uncommented and its placeholders filled, the sheet still validates', async () => {
    expect((await runCli(['new', 'osim', '--yes', ...flags], { cwd: dir })).code).toBe(0);
    const file = path.join(dir, 'osim/OSIM-FR-01.yaml');
    const filled = fill(readFileSync(file, 'utf8'));
    writeFileSync(file, filled);
    const data = parse(filled);
    expect(data.gouvernance.membres).toBe(138);
    expect(data.projets[0]).toMatchObject({ intitule: 'Texte rempli', commune: 'Afella Ighir', statut: 'realise' });
    expect(data.partenaires.bailleurs).toEqual(['Texte rempli']);
    const v = await runCli(['validate', '--format', 'json'], { cwd: dir });
    const errors = JSON.parse(v.stdout).diagnostics.filter((d: { severity: string }) => d.severity === 'error');
    expect(errors).toEqual([]);
    expect(v.code).toBe(0);
  });

  it('takes the next free id OSIM-FR-NN, refuses a used or malformed one, and never overwrites', async () => {
    cpSync(path.join(ROOT, 'examples/osim'), path.join(dir, 'osim'), { recursive: true });
    const r = await runCli(['new', 'osim', '--yes', ...flags], { cwd: dir });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(dir, 'osim/OSIM-FR-11.yaml'))).toBe(true);
    const used = await runCli(['new', 'osim', ...flags, '--id', 'OSIM-FR-03'], { cwd: dir });
    expect(used.code).toBe(2);
    expect(used.stderr).toMatch(/L'identifiant « OSIM-FR-03 » est déjà utilisé/);
    const bad = await runCli(['new', 'osim', ...flags, '--id', 'osim 3'], { cwd: dir });
    expect(bad.stderr).toMatch(/Identifiant « osim 3 » invalide : il doit ressembler à OSIM-FR-03/);
    writeFileSync(path.join(dir, 'osim/OSIM-FR-12.yaml'), 'mon travail\n');
    const exists = await runCli(['new', 'osim', ...flags, '--id', 'OSIM-FR-12'], { cwd: dir });
    expect(exists.code).toBe(2);
    expect(exists.stderr).toMatch(/existe déjà : capi n'écrase jamais une fiche/);
    expect(readFileSync(path.join(dir, 'osim/OSIM-FR-12.yaml'), 'utf8')).toBe('mon travail\n');
  });

  it('explains a commune of another province, refuses RE-only flags, lists missing flags without a terminal', async () => {
    const elsewhere = await runCli(['new', 'osim', '--yes', ...flags.slice(0, -4), '--communes', 'Agadir', '--auteur', 'C'], { cwd: dir });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/La commune « Agadir » n'est pas dans la province Tiznit mais dans Agadir-Ida-Ou-Tanane/);
    const titre = await runCli(['new', 'osim', '--yes', ...flags, '--titre', 'Une école'], { cwd: dir });
    expect(titre.stderr).toBe("capi : L'option --titre ne s'applique pas à une fiche OSIM (elle est pour « capi new re »).\n");
    const missing = await runCli(['new', 'osim', '--sigle', 'T'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('capi : Il manque des informations et aucun terminal ne permet de les demander. Options à fournir : --association, --siege, --province, --communes, --id OSIM-FR-01, --auteur. OSIM-FR-01 est l\'identifiant que capi propose : ajoutez « --id OSIM-FR-01 », ou « -y » pour accepter les valeurs proposées.\n');
    expect(existsSync(path.join(dir, 'osim'))).toBe(false);
  });

  it('creates a --dir that does not exist yet, and accepts --commune for one commune', async () => {
    const r = await runCli(['new', 'osim', '--yes', ...flags.slice(0, -4), '--commune', 'Tafraout', '--auteur', 'C', '--dir', 'osim/ile-de-france'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, 'osim/ile-de-france/OSIM-FR-01.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../.capi/schemas/osim.schema.json');
    expect(parse(text).territoire_origine.communes).toEqual(['Tafraout']);
  });
});
