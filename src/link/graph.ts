import { isRecord, type LoadedSheet } from '../load/sheet.js';
import { loadGazetteer } from './places.js';
import { sheetId } from './links.js';
import type { ChercheurSe } from '../types/index.js';

/** An RE sheet as seen from the link graph. */
export interface ReNode {
  id: string;
  file: string;
  title: string;
  status: string;
  /** Official names when the place is in the reference list, else as written. */
  commune: string;
  communeAr?: string;
  province: string;
  /** Researchers (`role: enqueteur`). */
  researchers: string[];
  /** Ids in its `osim` field. */
  osim: string[];
  /** Ids in its `osim` field that name no OSIM sheet. */
  unresolved: string[];
}

/** An OSIM sheet and the RE sheets that cite it. */
export interface OsimNode {
  id: string;
  file: string;
  association: string;
  seat: string;
  re: ReNode[];
}

/** Territories covered by one researcher. */
export interface ResearcherCoverage {
  name: string;
  territories: Array<{ commune: string; province: string; sheets: string[] }>;
}

/**
 * The territories assigned to one researcher in `capi.config.yaml` (`chercheurs`), each with the RE
 * sheets written about it (none yet: an empty list).
 */
export interface ResearcherAssignment {
  name: string;
  territories: Array<{ commune: string; province: string; sheets: string[] }>;
}

/** The double-regard link graph of a workspace. */
export interface LinkGraph {
  osim: OsimNode[];
  re: ReNode[];
  /** OSIM sheets no RE sheet cites. */
  orphanOsim: string[];
  /** RE sheets with no resolvable OSIM reference. */
  orphanRe: string[];
  researchers: ResearcherCoverage[];
  /** Territories each researcher is expected to cover (the call for applications: 2). */
  expectedTerritories: number;
  /** The territories `capi.config.yaml` assigns (`chercheurs`), in its order, with their sheets. */
  assignments: ResearcherAssignment[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Builds the link graph from the parsed sheets of a workspace (valid or not: whatever can be read).
 * Sorted by id; researchers by name. Source of the rules: fiches.md, « Links that must hold ».
 *
 * @param chercheurs the `chercheurs` of `capi.config.yaml`: each assigned territory (a commune name,
 *   or a province and a commune, matched loosely against the reference list) gets the RE sheets whose
 *   `territoire` is that commune, whoever wrote them — an empty list is a territory without its sheet
 */
export function buildLinkGraph(sheets: readonly LoadedSheet[], chercheurs: readonly ChercheurSe[] = []): LinkGraph {
  const g = loadGazetteer();
  const osimIds = new Set(sheets.filter((s) => s.kind === 'osim').map(sheetId).filter((x): x is string => !!x));
  const re: ReNode[] = [];
  for (const s of sheets) {
    if (s.kind !== 're' || !isRecord(s.data)) continue;
    const d = s.data;
    const id = sheetId(s);
    if (!id) continue;
    const terr = isRecord(d.territoire) ? d.territoire : {};
    const province = g.findProvince(str(terr.province));
    const commune = g.findCommune(str(terr.commune), province?.code) ?? g.findCommune(str(terr.commune));
    const osim = Array.isArray(d.osim) ? d.osim.filter((x): x is string => typeof x === 'string') : [];
    re.push({
      id,
      file: s.file,
      title: str(d.titre),
      status: str(d.statut),
      commune: commune?.nameFr ?? str(terr.commune),
      communeAr: commune?.nameAr,
      province: province?.nameFr ?? str(terr.province),
      researchers: Array.isArray(d.auteurs) ? d.auteurs.filter(isRecord).filter((a) => a.role === 'enqueteur').map((a) => str(a.nom)).filter(Boolean) : [],
      osim,
      unresolved: osim.filter((o) => !osimIds.has(o)),
    });
  }
  re.sort((a, b) => a.id.localeCompare(b.id));
  const osim: OsimNode[] = [];
  for (const s of sheets) {
    if (s.kind !== 'osim' || !isRecord(s.data)) continue;
    const id = sheetId(s);
    if (!id) continue;
    const a = isRecord(s.data.association) ? s.data.association : {};
    const seat = isRecord(a.siege) ? [str(a.siege.commune), str(a.siege.departement)].filter(Boolean).join(', ') : '';
    osim.push({ id, file: s.file, association: str(a.nom), seat, re: re.filter((r) => r.osim.includes(id)) });
  }
  osim.sort((a, b) => a.id.localeCompare(b.id));

  const byResearcher = new Map<string, Map<string, { commune: string; province: string; sheets: string[] }>>();
  for (const r of re) {
    for (const name of r.researchers) {
      const territories = byResearcher.get(name) ?? new Map();
      const key = `${r.commune}|${r.province}`;
      const t = territories.get(key) ?? { commune: r.commune, province: r.province, sheets: [] };
      t.sheets.push(r.id);
      territories.set(key, t);
      byResearcher.set(name, territories);
    }
  }
  return {
    osim,
    re,
    orphanOsim: osim.filter((o) => o.re.length === 0).map((o) => o.id),
    orphanRe: re.filter((r) => r.osim.length === r.unresolved.length).map((r) => r.id),
    researchers: [...byResearcher.entries()]
      .map(([name, t]) => ({ name, territories: [...t.values()] }))
      .sort((a, b) => a.name.localeCompare(b.name, 'fr')),
    expectedTerritories: 2,
    assignments: chercheurs.map((c) => ({
      name: c.nom,
      territories: (c.territoires ?? []).map((x) => {
        const given = typeof x === 'string' ? { commune: x } : x;
        const province = given.province ? g.findProvince(given.province) : undefined;
        const commune = g.findCommune(given.commune, province?.code);
        const name = commune?.nameFr ?? given.commune;
        const provinceName = (commune ? g.provinces.find((p) => p.code === commune.provinceCode)?.nameFr : undefined) ?? province?.nameFr ?? given.province ?? '';
        const sheets = re.filter((r) => r.commune === name && (!provinceName || r.province === provinceName)).map((r) => r.id);
        return { commune: name, province: provinceName, sheets };
      }),
    })),
  };
}
