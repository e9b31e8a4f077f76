import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT, runCli } from '../helpers.js';

/**
 * `capi status` tells the truth about what a sheet lacks: « vide » only for a section with nothing in
 * it, « incomplète » with the missing fields for one partly written, never « 0/0 ».
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'capi-status-'));
  cpSync(path.join(ROOT, 'examples/capi.config.yaml'), path.join(dir, 'capi.config.yaml'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function status(): Promise<Array<{ id: string; completeness: number | null; missing: string[] }>> {
  const r = await runCli(['status', '--format', 'json'], { cwd: dir });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('capi status: what is missing', () => {
  it('a new OSIM sheet: filled sections are « incomplète » with their missing fields, empty ones « vide »', async () => {
    const osim = ['new', 'osim', '--yes', '--association', 'Tagmat', '--siege', 'Gennevilliers', '--province', 'Tiznit', '--communes', 'Afella Ighir', '--auteur', 'Claire'];
    expect((await runCli(osim, { cwd: dir })).code).toBe(0);
    expect((await runCli([...osim, '--departement', 'Hauts-de-Seine'], { cwd: dir })).code).toBe(0);
    const [first, second] = await status();
    expect(first).toMatchObject({
      id: 'OSIM-FR-01',
      // association: half for name and seat, nothing for year and département
      completeness: 5,
      missing: [
        'section « association » incomplète : champs manquants annee_creation, siege.departement',
        'section « gouvernance » vide',
        'section « territoire_origine » incomplète : champs manquants douars, association_partenaire',
        'section « reseaux » vide',
        'section « domaines » vide',
        'section « projets » vide',
        'section « partenaires » vide',
        'pratiques caractérisées : 0 (3 attendues)',
        'section « enseignements » vide',
      ],
    });
    expect(second.missing[0]).toBe('section « association » incomplète : champs manquants annee_creation');
    expect(second.completeness).toBe(8);
  });

  it('a complete OSIM sheet: 100 %, nothing missing; a territory with douars only: the partner association missing', async () => {
    cpSync(path.join(ROOT, 'examples/osim/OSIM-FR-01.yaml'), path.join(dir, 'osim/OSIM-FR-01.yaml'));
    const data = parse(readFileSync(path.join(dir, 'osim/OSIM-FR-01.yaml'), 'utf8'));
    delete data.territoire_origine.association_partenaire;
    writeFileSync(path.join(dir, 'osim/OSIM-FR-02.yaml'), stringify({ ...data, id: 'OSIM-FR-02' }));
    const [full, partial] = await status();
    expect(full).toMatchObject({ id: 'OSIM-FR-01', completeness: 100, missing: [] });
    expect(partial.missing).toEqual(['section « territoire_origine » incomplète : champs manquants association_partenaire']);
    expect(partial.completeness).toBe(93);
  });

  it('a new RE sheet: sections written empty by capi new are « vide », and no « 0/0 » for quotes not written yet', async () => {
    cpSync(path.join(ROOT, 'examples/osim/OSIM-FR-01.yaml'), path.join(dir, 'osim/OSIM-FR-01.yaml'));
    expect((await runCli(['new', '--yes', '--titre', 'La piste', '--province', 'Tiznit', '--commune', 'Afella Ighir', '--auteur', 'Salma'], { cwd: dir })).code).toBe(0);
    const re = (await status()).find((row) => row.id === 'RE-TIZ-01')!;
    expect(re.missing).toContain('section « collecte » vide');
    expect(re.missing).toContain('section « perceptions » vide');
    expect(re.missing.filter((m) => /\b0\/0\b/.test(m))).toEqual([]);
    expect(re.missing.filter((m) => /appréciations|citations/.test(m))).toEqual([]);
  });

  it('an RE sheet with perceptions but no quote says so in words', async () => {
    cpSync(path.join(ROOT, 'examples/osim/OSIM-FR-01.yaml'), path.join(dir, 'osim/OSIM-FR-01.yaml'));
    const data = parse(readFileSync(path.join(ROOT, 'examples/re/RE-TIZ-01.yaml'), 'utf8'));
    for (const p of data.perceptions) delete p.citations;
    mkdirSync(path.join(dir, 're'));
    writeFileSync(path.join(dir, 're/RE-TIZ-01.yaml'), stringify(data));
    const re = (await status()).find((row) => row.id === 'RE-TIZ-01')!;
    expect(re.missing).toContain('aucune citation des acteurs entendus');
    expect(re.missing.filter((m) => /\/0\b/.test(m))).toEqual([]);
  });
});
