import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT, runCli } from '../helpers.js';

/**
 * Sheets in progress never crash a command. A workspace holds complete example sheets and, for each
 * section a draft may still lack, an RE and an OSIM draft without it and one with it present but empty;
 * plus sheets missing a required part. Every command runs on it: none may end in « erreur inattendue »,
 * and each sheet that cannot be used is named with what it lacks.
 */

const RE_OPTIONAL = ['collecte', 'contexte', 'description', 'contributions', 'perceptions', 'leviers_changement', 'valeur_ajoutee', 'leviers_politiques_publiques', 'bonne_pratique', 'contraintes', 'enseignements', 'recommandations', 'photos', 'revue'];
const OSIM_OPTIONAL = ['auteurs', 'gouvernance', 'reseaux', 'domaines', 'projets', 'partenaires', 'pratiques', 'enseignements', 'revue'];
/** Sheets missing a required part: file, what `validate` says it lacks. */
const BROKEN: Array<{ kind: 're' | 'osim'; id: string; drop: string[]; lacks: RegExp }> = [
  { kind: 'osim', id: 'OSIM-FR-91', drop: ['territoire_origine'], lacks: /OSIM-FR-91\.yaml:\d+:\d+ +erreur +Champ obligatoire « territoire_origine » manquant/ },
  { kind: 'osim', id: 'OSIM-FR-92', drop: ['association'], lacks: /OSIM-FR-92\.yaml:\d+:\d+ +erreur +Champ obligatoire « association » manquant/ },
  { kind: 're', id: 'RE-TIZ-91', drop: ['territoire'], lacks: /RE-TIZ-91\.yaml:\d+:\d+ +erreur +Champ obligatoire « territoire » manquant/ },
  { kind: 're', id: 'RE-TIZ-92', drop: ['osim'], lacks: /RE-TIZ-92\.yaml:\d+:\d+ +erreur +Champ obligatoire « osim » manquant/ },
  { kind: 're', id: 'RE-TIZ-93', drop: ['projet', 'auteurs'], lacks: /RE-TIZ-93\.yaml:\d+:\d+ +erreur +Champ obligatoire « auteurs » manquant/ },
];

let ws: string;

function variant(source: string, id: string, change: (data: Record<string, unknown>) => void): string {
  const data = parse(readFileSync(path.join(ROOT, 'examples', source), 'utf8')) as Record<string, unknown>;
  data.id = id;
  data.statut = 'brouillon';
  change(data);
  return stringify(data, { lineWidth: 0 });
}

beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-in-progress-'));
  for (const part of ['capi.config.yaml', 'images', 'osim/OSIM-FR-01.yaml', 're/RE-TIZ-01.yaml']) cpSync(path.join(ROOT, 'examples', part), path.join(ws, part), { recursive: true });
  // one draft without each section; one with every section present but empty (as `capi new` writes them)
  RE_OPTIONAL.forEach((key, i) => writeFileSync(path.join(ws, 're', `RE-TIZ-${10 + i}.yaml`), variant('re/RE-TIZ-01.yaml', `RE-TIZ-${10 + i}`, (d) => delete d[key])));
  writeFileSync(path.join(ws, 're', 'RE-TIZ-50.yaml'), variant('re/RE-TIZ-01.yaml', 'RE-TIZ-50', (d) => RE_OPTIONAL.filter((k) => k !== 'revue').forEach((k) => (d[k] = null))));
  OSIM_OPTIONAL.forEach((key, i) => writeFileSync(path.join(ws, 'osim', `OSIM-FR-${10 + i}.yaml`), variant('osim/OSIM-FR-01.yaml', `OSIM-FR-${10 + i}`, (d) => delete d[key])));
  writeFileSync(path.join(ws, 'osim', 'OSIM-FR-50.yaml'), variant('osim/OSIM-FR-01.yaml', 'OSIM-FR-50', (d) => OSIM_OPTIONAL.filter((k) => k !== 'revue' && k !== 'auteurs').forEach((k) => (d[k] = null))));
  for (const b of BROKEN) {
    const source = b.kind === 're' ? 're/RE-TIZ-01.yaml' : 'osim/OSIM-FR-01.yaml';
    writeFileSync(path.join(ws, b.kind, `${b.id}.yaml`), variant(source, b.id, (d) => b.drop.forEach((k) => delete d[k])));
  }
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

/** Every command, as a researcher or a coordinator runs it on the whole workspace; html and docx keep it fast (no browser); the RE sheets' DOCX come through the double regard and the booklet. */
const COMMANDS: Array<{ args: string[]; codes: number[] }> = [
  { args: ['validate'], codes: [1] },
  { args: ['status'], codes: [0] },
  { args: ['status', '--format', 'json'], codes: [0] },
  { args: ['links'], codes: [0, 1] },
  { args: ['render', '--format', 'html', '--out', 'dist-render'], codes: [1] },
  { args: ['render', 'osim', '--format', 'docx', '--out', 'dist-osim'], codes: [1] },
  { args: ['render', '--format', 'html', '--relecture', '--out', 'dist-relecture'], codes: [1] },
  { args: ['render', '--format', 'html', '--edition', 'publique', '--out', 'dist-publique'], codes: [0, 1] },
  { args: ['render', '--format', 'html,docx', '--double-regard', 'OSIM-FR-01', '--out', 'dist-dr'], codes: [0, 1] },
  { args: ['report', '--format', 'docx', '--out', 'dist-report'], codes: [0, 1] },
  // given paths: the rest of the workspace is loaded unchecked, sheets in progress included
  { args: ['render', 're/RE-TIZ-10.yaml', 'osim/OSIM-FR-10.yaml', '--format', 'html', '--out', 'dist-one'], codes: [0] },
  { args: ['render', 'osim', '--format', 'html', '--double-regard', 'OSIM-FR-50', '--out', 'dist-dr-osim'], codes: [0, 1] },
  { args: ['links', 'osim'], codes: [0, 1] },
  { args: ['status', 're'], codes: [0] },
  { args: ['report', 're/RE-TIZ-10.yaml', '--format', 'docx', '--out', 'dist-report-one'], codes: [0, 1] },
  { args: ['booklet', '--format', 'docx', '--statut', 'brouillon,validee', '--out', 'dist-booklet'], codes: [0, 1] },
  { args: ['review', 're/RE-TIZ-10.yaml', '--statut', 'soumise'], codes: [1] },
  { args: ['review', 'osim/OSIM-FR-91.yaml', '--statut', 'soumise'], codes: [1] },
  { args: ['review', 're/RE-TIZ-50.yaml', '--commentaire', 'À compléter', '--champ', 'collecte', '--relecteur', 'Nadia'], codes: [0] },
  { args: ['new', '--yes', '--titre', 'Une école', '--province', 'Tiznit', '--commune', 'Afella Ighir', '--auteur', 'Salma'], codes: [0] },
  { args: ['new', 'osim', '--yes', '--association', 'Tagmat 2', '--siege', 'Gennevilliers', '--province', 'Tiznit', '--communes', 'Tafraout', '--auteur', 'Claire', '--dir', 'osim/nouvelles'], codes: [0] },
];

describe('sheets in progress never crash a command', () => {
  it.each(COMMANDS)('capi $args', async ({ args, codes }) => {
    const r = await runCli(args, { cwd: ws });
    const crash = /erreur inattendue|TypeError|Cannot read|undefined|NaN|\[object Object\]/;
    expect(`${r.stdout}\n${r.stderr}`.split('\n').filter((line) => crash.test(line))).toEqual([]);
    expect(codes, r.stderr.slice(-2000)).toContain(r.code);
  }, 120_000);

  it('validate names each sheet that lacks a required part, with what it lacks', async () => {
    const r = await runCli(['validate'], { cwd: ws });
    for (const b of BROKEN) expect(r.stdout).toMatch(b.lacks);
  });

  it('status lists every sheet, broken ones with no completeness rather than a guess', async () => {
    const r = await runCli(['status', '--format', 'json'], { cwd: ws });
    const rows = JSON.parse(r.stdout) as Array<{ id: string; completeness: number | null; errors: number }>;
    for (const b of BROKEN) expect(rows.find((row) => row.id === b.id)).toMatchObject({ completeness: null });
    expect(rows.find((row) => row.id === 'OSIM-FR-50')?.completeness).toBeGreaterThan(0);
  });
});
