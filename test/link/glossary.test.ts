import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadGlossary, readGlossary } from '../../src/link/glossary.js';
import { bookletConfig, buildBookletView } from '../../src/view/booklet.js';
import { defaultConfig } from '../../src/link/config.js';
import { ROOT, runCli } from '../helpers.js';
import { readSchema } from '../../src/validate/schemas.js';

const dirs: string[] = [];
const workspace = (glossary?: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'capi-glossary-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'capi.config.yaml'), 'organisation: Migrations & Développement\n');
  if (glossary !== undefined) writeFileSync(path.join(dir, 'glossaire.yaml'), glossary);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('glossaire.yaml', () => {
  it('has a schema with a French title and description on every property (the editor\'s help), and examples that pass its patterns', () => {
    const schema = readSchema('glossary') as { $id: string; properties: Record<string, Record<string, unknown>>; $defs: { terme: { properties: Record<string, Record<string, unknown>> } } };
    expect(schema.$id).toBe('https://capi.migrations-developpement.org/schemas/glossaire.schema.json');
    const props = [...Object.values(schema.properties), ...Object.values(schema.$defs.terme.properties)];
    for (const p of props) {
      expect(p.title).toEqual(expect.any(String));
      expect(p.description).toMatch(/[éèàç]|\b(le|la|les|un|une|du)\b/);
      if (typeof p.pattern === 'string') for (const e of p.examples as string[]) expect(new RegExp(p.pattern, 'u').test(e)).toBe(true);
    }
  });

  it('reads the example glossary: acronyms with their expansion, local terms with their Arabic or Tifinagh form', async () => {
    const r = await readGlossary(path.join(ROOT, 'examples'), ROOT);
    expect(r.diagnostics).toEqual([]);
    const byTerm = new Map(r.terms.map((e) => [e.terme, e]));
    expect(byTerm.get('INDH')?.forme_developpee).toBe('Initiative nationale pour le développement humain');
    expect(byTerm.get('ONEE')?.forme_developpee).toMatch(/électricité et de l'eau potable/);
    expect(byTerm.get('séguia')?.graphie).toBe('ساقية');
    expect(byTerm.get('tiwizi')?.graphie).toBe('ⵜⵉⵡⵉⵣⵉ');
    expect(byTerm.get('douar')?.definition).toMatch(/Village/);
  });

  it('is no glossary when the file is absent or empty', async () => {
    expect(await readGlossary(workspace())).toEqual({ terms: [], diagnostics: [] });
    const empty = await readGlossary(workspace('# rien encore\n'));
    expect(empty.terms).toEqual([]);
    expect(empty.diagnostics).toEqual([]);
  });

  it('locates each problem at its line:column in French: unknown key, missing definition, a term defined twice (case and accents folded)', async () => {
    const dir = workspace('termes:\n  - terme: douar\n    definition: Village.\n  - terme: Séguia\n    definition: Canal.\n  - terme: seguia\n    definition: Autre canal.\n  - terme: INDH\n    sens: Initiative\n');
    const r = await readGlossary(dir, dir);
    expect(r.terms).toEqual([]);
    const lines = r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.message}`);
    expect(lines).toEqual([
      'glossaire.yaml:6:12 error Le terme « seguia » est déjà défini plus haut dans le glossaire (ligne 4).',
      expect.stringMatching(/^glossaire\.yaml:8:5 error Champ obligatoire « definition » manquant/),
      expect.stringMatching(/^glossaire\.yaml:9:5 error Clé inconnue « sens »/),
    ]);
    expect(r.diagnostics[0]!.hint).toMatch(/une seule entrée par terme/);
  });

  it('refuses a file that is not a map of termes, with a fix', async () => {
    const r = await readGlossary(workspace('- douar\n- séguia\n'));
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ line: 1, column: 1, severity: 'error', code: 'glossary.not-a-map' });
    expect(r.diagnostics[0]!.hint).toMatch(/termes:/);
    await expect(loadGlossary(workspace('- douar\n'))).rejects.toMatchObject({ exitCode: 2 });
  });

  it('is sorted in the booklet by the language\'s collation (accents and case folded), definitions parsed', async () => {
    const dir = workspace('termes:\n  - terme: tiwizi\n    definition: Travail *collectif*.\n  - terme: séguia\n    definition: Canal.\n  - terme: SEDIF\n    definition: Syndicat.\n  - terme: douar\n    definition: Village.\n');
    const terms = await loadGlossary(dir, dir);
    const book = buildBookletView(bookletConfig(defaultConfig(dir)), [], { osim: new Map(), version: '0' } as never, terms);
    expect(book.glossary.map((e) => e.term)).toEqual(['douar', 'SEDIF', 'séguia', 'tiwizi']);
    expect(JSON.stringify(book.glossary[3]!.definition)).toContain('emphasis');
  });
});

describe('capi validate and capi booklet with a glossary', () => {
  it('validate reports the glossary\'s errors among the sheets\' (exit 1); booklet stops before writing anything (exit 2)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'capi-glossary-ws-'));
    dirs.push(dir);
    cpSync(path.join(ROOT, 'examples'), dir, { recursive: true });
    const file = path.join(dir, 'glossaire.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  - terme: ONEE\n', '  - terme: INDH\n'));
    const v = await runCli(['validate'], { cwd: dir });
    expect(v.code).toBe(1);
    expect(v.stdout + v.stderr).toMatch(/glossaire\.yaml:\d+:12 {2}erreur {2}Le terme « INDH » est déjà défini plus haut dans le glossaire \(ligne 6\)/);
    const b = await runCli(['booklet', '--out', path.join(dir, 'out'), '--format', 'docx'], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/le glossaire glossaire\.yaml a 1 erreur à corriger/);
    expect(b.stderr).not.toMatch(/at \w+ \(/); // no stack trace
    // the glossary is no sheet: the example workspace validates without it being read as one
    writeFileSync(file, readFileSync(path.join(ROOT, 'examples/glossaire.yaml')));
    const ok = await runCli(['validate'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout + ok.stderr).not.toMatch(/glossaire\.yaml/);
  }, 60_000);
});
