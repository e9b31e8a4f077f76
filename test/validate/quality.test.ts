import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ROOT, runCli } from '../helpers.js';
import { countWords } from '../../src/validate/quality.js';

/**
 * The coordinator's checklist, one rule at a time: each test changes one thing in a copy of a validated
 * example sheet and expects exactly that rule, at the line of the field concerned; an error on a sheet
 * marked `validee`/`soumise`, a warning once it is back to `a-reviser`.
 */
let ws: string;
const sheetFile = () => path.join(ws, 're/RE-TIZ-01.yaml');
const original = readFileSync(path.join(ROOT, 'examples/re/RE-TIZ-01.yaml'), 'utf8');

beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-quality-'));
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true, filter: (s) => !s.includes(`${path.sep}dist`) });
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

type D = { line: number; column: number; code: string; severity: string; message: string };

/** Writes the example sheet changed by `edit` (on the YAML document), validates it, returns the quality diagnostics. */
async function check(edit: (doc: ReturnType<typeof parseDocument>) => void): Promise<{ ds: D[]; lines: string[] }> {
  const doc = parseDocument(original);
  edit(doc);
  const text = doc.toString({ lineWidth: 0 });
  writeFileSync(sheetFile(), text);
  const { stdout } = await runCli(['validate', 're/RE-TIZ-01.yaml', '--format', 'json'], { cwd: ws });
  return { ds: (JSON.parse(stdout).diagnostics as D[]).filter((d) => d.code.startsWith('quality.')), lines: text.split('\n') };
}

describe('quality rules', () => {
  it('the validated example passes every rule', async () => {
    const { ds } = await check(() => undefined);
    expect(ds).toEqual([]);
  });

  it('an appreciation with neither quote nor evidence', async () => {
    const { ds, lines } = await check((doc) => {
      doc.deleteIn(['perceptions', 0, 'citations']);
      doc.deleteIn(['perceptions', 0, 'preuves']);
    });
    expect(ds.map((d) => `${d.severity} ${d.code}`)).toEqual(['error quality.appreciation-unsupported']);
    expect(lines[ds[0].line - 1]).toMatch(/appreciation:/);
  });

  it('a group of actors neither heard nor explained', async () => {
    const { ds } = await check((doc) => {
      const perceptions = (doc.toJS() as { perceptions: Array<{ type_acteur: string }> }).perceptions;
      const keep = perceptions.filter((p) => !['beneficiaire', 'femmes', 'jeunes'].includes(p.type_acteur));
      doc.setIn(['perceptions'], doc.createNode(keep));
      doc.setIn(['collecte', 'acteurs_non_entendus'], doc.createNode([]));
    });
    expect(ds.map((d) => d.code)).toContain('quality.actor-not-heard');
    expect(ds.find((d) => d.code === 'quality.actor-not-heard')!.message).toMatch(/les bénéficiaires \(beneficiaire, femmes, jeunes\)/);
  });

  it('a FAO criterion without justification', async () => {
    const { ds, lines } = await check((doc) => doc.deleteIn(['bonne_pratique', 'criteres', 'sensible_genre', 'justification']));
    expect(ds.map((d) => d.code)).toEqual(['quality.criterion-unjustified']);
    expect(ds[0].message).toBe('Le critère « Sensible au genre » n\'est pas justifié.');
    expect(lines[ds[0].line - 1]).toMatch(/evaluation:/);
  });

  it('a quote from an interview without consent to quotes', async () => {
    const { ds } = await check((doc) => {
      const data = doc.toJS() as { perceptions: Array<{ citations?: Array<{ informateur: string }> }>; collecte: { entretiens: Array<{ code: string }> } };
      const informant = data.perceptions.flatMap((p) => p.citations ?? [])[0].informateur;
      const i = data.collecte.entretiens.findIndex((e) => e.code === informant);
      doc.setIn(['collecte', 'entretiens', i, 'consentement'], 'sans-citation');
    });
    expect(ds.map((d) => d.code)).toContain('quality.quote-without-consent');
  });

  it('a phone number and an e-mail address in narrative text', async () => {
    const { ds, lines } = await check((doc) => {
      doc.setIn(['contexte'], `${(doc.toJS() as { contexte: string }).contexte}\n\nContact du président : 06 61 23 45 67 ou president.douar@gmail.com.`);
    });
    expect(ds.map((d) => d.code).sort()).toEqual(['quality.email', 'quality.phone']);
    expect(ds.find((d) => d.code === 'quality.phone')!.message).toMatch(/« 06 61 23 45 67 »/);
    expect(lines[ds[0].line - 1]).toMatch(/^contexte:/);
  });

  it('a section too short, and a sheet too short', async () => {
    const { ds } = await check((doc) => {
      doc.setIn(['contexte'], 'Le douar manquait d\'eau.');
    });
    expect(ds.map((d) => d.code)).toEqual(['quality.too-short']);
    expect(ds[0].message).toBe('La section « contexte » est courte : 4 mots (au moins 60 attendus).');
  });

  it('turns into warnings once the sheet is back to a-reviser, and counts words of every script', async () => {
    const { ds } = await check((doc) => {
      doc.setIn(['statut'], 'a-reviser');
      doc.deleteIn(['bonne_pratique', 'criteres', 'durable', 'justification']);
    });
    expect(ds.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning quality.criterion-unjustified']);
    expect(countWords("L'eau, c'est la vie — الماء هو الحياة ⴰⵎⴰⵏ ⴷ ⵜⵓⴷⵔⵜ")).toBe(10); // as Word counts: « d'eau », « c'est » are one word each
  });
});
