import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli, WS } from '../helpers.js';
import { loadGazetteer } from '../../src/link/places.js';

const g = loadGazetteer();
const chtouka = g.findProvince('Chtouka-Aït Baha')!;
const tiznit = g.findProvince('Tiznit')!;
const tafraout = g.findCommune('Tafraout')!;

/**
 * `capi new` in a terminal: @inquirer/prompts is replaced by scripted answers, so each test says which
 * questions are asked, in which order, and what the sheet holds afterwards.
 */
const asked: Array<{ kind: string; message: string; choices?: Array<{ value: string; checked?: boolean }> }> = [];
let answers: unknown[] = [];

vi.mock('@inquirer/prompts', () => {
  const answer = (kind: string) => async (config: { message: string; choices?: Array<{ value: string; checked?: boolean }> }) => {
    asked.push({ kind, message: config.message, choices: config.choices });
    if (answers.length === 0) throw new Error(`unexpected question: ${config.message}`);
    return answers.shift();
  };
  return { input: answer('input'), select: answer('select'), search: answer('search'), checkbox: answer('checkbox'), confirm: answer('confirm') };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'capi-new-tty-'));
  asked.length = 0;
  answers = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('capi new in a terminal', () => {
  it('capi new osim asks association, sigle, seat, département, province, communes, id, author, then writes the sheet', async () => {
    // an empty sigle and département are allowed: they stay commented examples
    const [first, second] = g.communesOf(chtouka.code);
    answers = ['Tanalt Val-d’Oise', '', 'Argenteuil', '', chtouka.code, [first.code, second.code], 'OSIM-FR-01', 'Mehdi Aznag'];
    const r = await runCli(['new', 'osim'], { cwd: dir, interactive: true });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(asked.map((q) => q.kind)).toEqual(['input', 'input', 'input', 'input', 'select', 'checkbox', 'input', 'input']);
    expect(asked[5].choices?.length).toBeGreaterThan(10);
    const data = parse(readFileSync(path.join(dir, 'osim/OSIM-FR-01.yaml'), 'utf8'));
    expect(data.association).toEqual({ nom: 'Tanalt Val-d’Oise', siege: { commune: 'Argenteuil' } });
    expect(data.territoire_origine.province).toBe('Chtouka-Aït Baha');
    expect(data.territoire_origine.communes).toEqual([first.nameFr, second.nameFr]);
    expect(data.auteurs).toEqual([{ nom: 'Mehdi Aznag', role: 'redacteur' }]);
  });

  it('capi new (re) in a workspace without OSIM sheet asks nothing and says to run capi new osim first', async () => {
    const r = await runCli(['new'], { cwd: dir, interactive: true });
    expect(asked).toEqual([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cet espace de travail n'en a encore aucune\. Créez-la d'abord avec « capi new osim »/);
    expect(existsSync(path.join(dir, 're'))).toBe(false);
  });

  it('capi new (re) lists OSIM sheets in progress (no territoire_origine, no association yet) without crashing', async () => {
    cpSync(path.join(WS, 'capi.config.yaml'), path.join(dir, 'capi.config.yaml'));
    mkdirSync(path.join(dir, 'osim'));
    writeFileSync(path.join(dir, 'osim/OSIM-FR-01.yaml'), 'fiche: osim\nid: OSIM-FR-01\nstatut: brouillon\nassociation:\n  nom: Tagmat\n');
    writeFileSync(path.join(dir, 'osim/OSIM-FR-02.yaml'), 'fiche: osim\nid: OSIM-FR-02\nstatut: brouillon\nterritoire_origine:\n  communes: Tafraout\n');
    answers = [tiznit.code, tafraout.code, 'RE-TIZ-01', 'La piste de Tazka', ['OSIM-FR-02'], 'Salma Amrani'];
    const r = await runCli(['new'], { cwd: dir, interactive: true });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const osimQuestion = asked.find((q) => q.kind === 'checkbox');
    expect(osimQuestion?.choices?.map((c) => c.value)).toEqual(['OSIM-FR-01', 'OSIM-FR-02']);
    expect(parse(readFileSync(path.join(dir, 're/RE-TIZ-01.yaml'), 'utf8')).osim).toEqual(['OSIM-FR-02']);
  });
});
