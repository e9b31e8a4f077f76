import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, WS } from '../helpers.js';
import { loadSheet } from '../../src/load/sheet.js';

/** Files a researcher's laptop produces: each gets a correct result or one located message, quickly. */
let dir: string;
const base = readFileSync(path.join(WS, 're/RE-TIZ-01.yaml'), 'utf8');
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'capi-bad-'));
  cpSync(path.join(WS, 'osim'), path.join(dir, 'osim'), { recursive: true });
  writeFileSync(path.join(dir, 'capi.config.yaml'), 'projet: tests\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 70;
async function validate(name: string, content: string | Buffer) {
  n += 1;
  writeFileSync(path.join(dir, name), typeof content === 'string' ? content.replace('id: RE-TIZ-01', `id: RE-TIZ-${n}`) : content);
  const started = Date.now();
  const { code, stdout } = await runCli(['validate', name, '--format', 'json'], { cwd: dir });
  const ms = Date.now() - started;
  const diagnostics = (JSON.parse(stdout).diagnostics as Array<{ line: number; column: number; code: string; severity: string; message: string; hint: string | null }>).filter((d) => d.code !== 'link.file-name');
  return { code, diagnostics, ms };
}

describe('bad input', () => {
  it('refuses a « billion laughs » alias bomb quickly', async () => {
    const bomb = ['fiche: osim', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
    const r = await validate('bomb.yaml', `${bomb.join('\n')}\n`);
    expect(r.code).toBe(1);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['yaml.aliases']);
    // at the first alias (« b: &b [*a,… », line 3), with the way out
    expect(r.diagnostics.map((d) => [d.line, d.column])).toEqual([[3, 8]]);
    expect(r.diagnostics[0]!.hint).toMatch(/Écrivez les valeurs en entier/);
    // a guard against expanding the 9^10 aliases (which would not end), not a speed measure: speed is
    // the benchmark's; this bound holds on a loaded 2-core machine
    expect(r.ms).toBeLessThan(30_000);
  });

  it('refuses a file of tens of MB quickly, naming the limit', async () => {
    const r = await validate('huge.yaml', Buffer.alloc(30 * 1024 * 1024, 'a'));
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['file.too-large Fichier trop volumineux (30 Mo) : capi lit des fiches de 5 Mo au plus.']);
    // a guard against parsing the 30 MB (which takes minutes), not a speed measure
    expect(r.ms).toBeLessThan(30_000);
  });

  it('keeps YAML 1.1 words and dates as text where text is expected', async () => {
    const r = await validate('yaml11.yaml', base.replace("titre: L'eau au douar", 'titre: yes').replace('  intitule: Adduction d\'eau potable', '  intitule: no'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { sheet } = await loadSheet(path.join(dir, 'yaml11.yaml'), 'yaml11.yaml');
    expect((sheet!.data as { titre: unknown }).titre).toBe('yes');
    expect((sheet!.data as { projet: { intitule: unknown } }).projet.intitule).toBe('no');
  });

  it('says to quote numbers written where text is expected, showing them as written', async () => {
    for (const value of ['02142', '1.10']) {
      const r = await validate(`num-${value}.yaml`, base.replace("titre: L'eau au douar", `titre: ${value}`));
      expect(r.code).toBe(1);
      const d = r.diagnostics.find((x) => x.code === 'schema.type')!;
      expect(`${d.line}:${d.column}`).toBe('4:8');
      expect(d.hint).toBe(`Mettez la valeur entre guillemets pour qu'elle reste du texte : "${value}".`);
    }
  });

  it('accepts CRLF line endings and a UTF-8 byte-order mark, with the same positions', async () => {
    const crlf = await validate('crlf.yaml', `\uFEFF${base.replace('statut: brouillon', 'statut: validé').replace(/\n/g, '\r\n')}`);
    expect(crlf.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['5:9 schema.enum']);
  });

  it('normalises NFD text (macOS) to NFC', async () => {
    await validate('nfd.yaml', base.replace("titre: L'eau au douar", "titre: L'eau du douar d'Aït Mzal".normalize('NFD')));
    const { sheet } = await loadSheet(path.join(dir, 'nfd.yaml'), 'nfd.yaml');
    const titre = (sheet!.data as { titre: string }).titre;
    expect(titre).toBe("L'eau du douar d'Aït Mzal".normalize('NFC'));
    expect(titre.normalize('NFC')).toBe(titre);
  });
});

describe('a sheet the parser cannot read', () => {
  // (its root enum values are read from its raw lines: a root key the schema does not know — misspelt,
  // invented, of the other kind of sheet — made capi stop with an unexpected error, exit 2)
  it.each(['cle_inconnue: 1', 'contributon: texte', 'association: Tamount', 'statut_fiche: validée'])('reports its syntax error, not an unexpected error, beside « %s »', async (line) => {
    const broken = base.replace(/^titre: .*$/m, 'titre: "guillemet jamais fermé') + `${line}\n`;
    const { code, diagnostics } = await validate(`re-broken-${n}.yaml`, broken);
    expect(code).toBe(1);
    expect(diagnostics.some((d) => d.code.startsWith('yaml.'))).toBe(true);
  });

  it('still reports a refused root enum value in the same pass', async () => {
    const broken = base.replace(/^titre: .*$/m, 'titre: "guillemet jamais fermé').replace(/^statut: .*$/m, 'statut: validée') + 'cle_inconnue: 1\n';
    const { code, diagnostics } = await validate(`re-broken-${n}.yaml`, broken);
    expect(code).toBe(1);
    expect(diagnostics.filter((d) => d.code === 'schema.enum').map((d) => d.message)).toEqual([expect.stringContaining('validée')]);
  });
});
