import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, WS, ROOT } from '../helpers.js';
import { loadGazetteer, placeKey } from '../../src/link/places.js';

type D = { file: string; line: number; column: number; code: string; severity: string; message: string; hint: string | null };

async function diagnostics(file: string): Promise<D[]> {
  const { stdout } = await runCli(['validate', `places/${file}`, '--format', 'json'], { cwd: WS });
  // what the next status would refuse (« Pour soumettre : … ») is tested in test/validate/next-status.test.ts
  return (JSON.parse(stdout).diagnostics as D[]).filter((d) => d.code !== 'link.file-name' && !d.code.startsWith('next.'));
}
const show = (d: D) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message} ${d.hint ?? ''}`;

describe('places against the HCP reference list', () => {
  it('accepts spelling variants with a warning giving the official name (Taroudant, Igherm)', async () => {
    const ds = await diagnostics('variant-spelling.yaml');
    const variants = ds.filter((d) => d.code === 'place.variant');
    expect(variants.map(show)).toEqual([
      '10:13 warning place.variant « Taroudant » est une variante : le nom officiel est « Taroudannt » (تارودانت). Écrivez « Taroudannt » (orthographe du HCP).',
      '11:12 warning place.variant « Igherm » est une variante : le nom officiel est « Irherm » (إيغرم). Écrivez « Irherm » (orthographe du HCP).',
    ]);
    expect(ds.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('matches NFD text from macOS as the official NFC name, without any place warning', async () => {
    const raw = readFileSync(path.join(WS, 'places/nfd-spelling.yaml'), 'utf8');
    expect(raw).toContain('Chtouka-Ai\u0308t Baha');
    expect(raw).not.toContain('Chtouka-Aït Baha'.normalize('NFC'));
    const ds = await diagnostics('nfd-spelling.yaml');
    expect(ds.filter((d) => d.code.startsWith('place.'))).toEqual([]);
  });

  it('refuses an unknown commune and suggests the nearest official names of the province', async () => {
    const ds = await diagnostics('unknown-commune.yaml');
    expect(ds.map(show)).toEqual([
      '11:12 error place.unknown-commune Commune « Tafrawt Lmouloud » absente de la liste de référence pour la province Tiznit. Noms officiels proches : « Tafraout El Mouloud », « Tafraout », « Arbaa Ait Ahmed ».',
    ]);
  });

  it('refuses a commune of another province and names the province it belongs to', async () => {
    const ds = await diagnostics('commune-of-another-province.yaml');
    expect(ds.map(show)).toEqual([
      '11:12 error place.other-province La commune « Taliouine » n\'est pas dans la province Tiznit : elle appartient à la province Taroudannt. Corrigez la commune, ou indiquez la province Taroudannt.',
    ]);
  });

  it('refuses an unknown province, listing the six of Souss-Massa', async () => {
    const ds = await diagnostics('unknown-province.yaml');
    expect(ds).toHaveLength(1);
    expect(show(ds[0])).toMatch(/^10:13 error place.unknown-province Province inconnue « Ouarzazate »\. Provinces et préfectures du Souss-Massa : Agadir-Ida-Ou-Tanane, Inezgane-Aït Melloul, Chtouka-Aït Baha, Taroudannt, Tiznit, Tata\./);
  });

  it('checks OSIM territories the same way (variant province, commune of another province in a list)', async () => {
    const ds = await diagnostics('osim-variant.yaml');
    expect(ds.filter((d) => d.code.startsWith('place.')).map(show)).toEqual([
      '9:13 warning place.variant « tiznit » est une variante : le nom officiel est « Tiznit » (تيزنيت). Écrivez « Tiznit » (orthographe du HCP).',
      '10:24 error place.other-province La commune « Tinzert » (nom officiel « Tinzart ») n\'est pas dans la province Tiznit : elle appartient à la province Taroudannt. Corrigez la commune, ou indiquez la province Taroudannt.',
    ]);
  });

  it('gives every commune and province its own variant key (no two places meet)', async () => {
    const g = loadGazetteer();
    expect(g.communes).toHaveLength(175);
    expect(g.provinces).toHaveLength(6);
    expect(new Set(g.communes.map((c) => placeKey(c.nameFr))).size).toBe(175);
    expect(new Set(g.provinces.map((p) => placeKey(p.nameFr))).size).toBe(6);
    for (const [typed, official] of [['Taroudant', 'Taroudannt'], ['Ait Baha', 'Ait Baha'], ['Ida Ou Gnidif', 'Ida-Ougnidif'], ['Belfaa', 'Belfaâ'], ['Tinzert', 'Tinzart'], ['Igherm', 'Irherm'], ['AÏT  MZAL', 'Ait Mzal']]) {
      expect(g.matchCommune(typed)?.place.nameFr ?? g.matchProvince(typed)?.place.nameFr, typed).toBe(official);
    }
  });
});

describe('links between RE and OSIM sheets', () => {
  it('warns when the commune is not in the linked OSIM territory, naming both files', async () => {
    const ds = await diagnostics('inconsistent-commune.yaml');
    expect(ds.map(show)).toEqual([
      "11:12 warning link.commune-not-in-osim La commune « Tiznit » n'est pas dans le territoire d'origine de la fiche OSIM OSIM-FR-01 (Tafraout ; osim/OSIM-FR-01.yaml:10). Vérifiez la commune de la fiche, ou complétez territoire_origine.communes de la fiche OSIM.",
    ]);
  });

  it('lists the existing OSIM ids for an id that is nowhere near', async () => {
    const ds = await diagnostics('wrong-osim-id.yaml');
    expect(ds.map(show)).toEqual(["13:5 error link.unknown-osim Aucune fiche OSIM « OSIM-XX-99 » dans l'espace de travail. Fiches OSIM existantes : OSIM-FR-01, OSIM-FR-41."]);
  });

  it('warns about an OSIM sheet that no RE sheet cites', async () => {
    const ds = await diagnostics('osim-variant.yaml');
    expect(ds.filter((d) => d.code === 'link.orphan-osim').map(show)).toEqual([
      "2:5 warning link.orphan-osim Aucune fiche retour d'expérience ne cite la fiche OSIM « OSIM-FR-41 ». Le double regard est incomplet : ajoutez « OSIM-FR-41 » au champ osim de la fiche retour d'expérience du projet concerné.",
    ]);
  });
});

describe('capi links', () => {
  it('shows every OSIM sheet of the examples covered, and two territories per researcher', async () => {
    const r = await runCli(['links', 'examples', '--format', 'json'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const graph = JSON.parse(r.stdout);
    expect(graph.osim).toHaveLength(10);
    expect(graph.orphanOsim).toEqual([]);
    expect(graph.orphanRe).toEqual([]);
    expect(graph.osim.find((o: { id: string }) => o.id === 'OSIM-FR-06').re.map((r: { id: string }) => r.id)).toEqual(['RE-TAR-01', 'RE-TAR-02']);
    expect(graph.researchers).toHaveLength(5);
    for (const researcher of graph.researchers) expect(researcher.territories).toHaveLength(2);
  });

  it('prints a readable text report and Markdown tables', async () => {
    const text = (await runCli(['links', 'examples'])).stdout;
    expect(text).toMatch(/OSIM-FR-01 {2}Association Tagmat .*\n {2}← RE-TIZ-01 {2}Afella Ighir \(أفلا إغير\), Tiznit — Validée/);
    expect(text).toMatch(/✓ Salma Aït Lhaj — 2 territoires/);
    const md = (await runCli(['links', 'examples', '--format', 'markdown'])).stdout;
    expect(md).toMatch(/^## Double regard/);
    expect(md).toMatch(/\| OSIM-FR-06 \| .* \| RE-TAR-01 — Askaouen \(أسكاون\), Taroudannt \(Validée\)<br>RE-TAR-02 — /);
  });

  it('reports orphans on both sides in the test workspace', async () => {
    const r = await runCli(['links', '--format', 'json'], { cwd: WS });
    const graph = JSON.parse(r.stdout);
    expect(graph.orphanOsim).toEqual(['OSIM-FR-41']);
    expect(graph.orphanRe).toContain('RE-TIZ-46'); // wrong-osim-id.yaml
  });
});
