import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { makeDirs } from '../util/fs.js';
import { existsSync, statSync } from 'node:fs';
import { SCHEMA_BASE } from '../validate/schemas.js';
import { stringify } from 'yaml';
import type { CliIo } from './io.js';
import { UserError } from '../util/errors.js';
import { displayPath, packagePath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { loadGazetteer, type Commune, type Province } from '../link/places.js';
import { findSheetFiles, findWorkspaceRoot } from '../link/workspace.js';
import { loadSheet } from '../load/sheet.js';
import { suggest } from '../validate/schema-errors.js';
import type { OsimSheet } from '../types/index.js';

/** Options of `capi new` (all optional: missing ones are asked for, or defaulted with `--yes`). */
export interface NewOptions {
  id?: string;
  titre?: string;
  province?: string;
  commune?: string;
  osim?: string;
  auteur?: string;
  dir?: string;
  yes?: boolean;
}

/** Values of a new sheet, once everything is known. */
export interface NewSheet {
  id: string;
  titre: string;
  province: Province;
  commune: Commune;
  osim: string[];
  auteur: string;
}

const ID_PATTERN = /^RE-[A-Z0-9]+(-[A-Z0-9]+)*$/;

/** Three-letter code of a province for sheet ids: `Tiznit` → `TIZ`, `Chtouka-Aït Baha` → `CHT`. */
export function provinceCode(province: Province): string {
  return province.nameFr.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase();
}

/** The next free id `RE-<code>-NN` for a province (e.g. RE-TIZ-03), given the ids already used. */
export function nextId(province: Province, used: ReadonlySet<string>): string {
  const code = provinceCode(province);
  for (let n = 1; ; n++) {
    const id = `RE-${code}-${String(n).padStart(2, '0')}`;
    if (!used.has(id)) return id;
  }
}

/**
 * The YAML text of a new RE sheet: a `yaml-language-server` schema line, status `brouillon`, every
 * section present (empty) with a short French guidance comment. It passes `capi validate`.
 *
 * @param schemaPath path of `re.schema.json` relative to the sheet's folder, with `/`
 */
export function scaffoldSheet(s: NewSheet, schemaPath: string): string {
  const q = (v: unknown) => stringify(v, { lineWidth: 0 }).trimEnd();
  return `# yaml-language-server: $schema=${schemaPath}
# Fiche retour d'expérience — brouillon créé par capi.
# Complétez chaque section, puis vérifiez avec : capi validate
# Les textes longs s'écrivent après « | », indentés de 2 espaces ; une ligne vide sépare les paragraphes.
# Sur une seule ligne, mettez entre guillemets ("…") un texte qui contient « : » ou « # », ou qui
# commence par * & @ [ { ou un tiret.
fiche: retour-experience
id: ${q(s.id)}
titre: ${q(s.titre)}
# brouillon → soumise (envoyée à la coordination) → a-reviser → validee
statut: brouillon

auteurs:
  - nom: ${q(s.auteur)}
    role: enqueteur
    # email: prenom.nom@example.org

territoire:
  region: Souss-Massa
  province: ${q(s.province.nameFr)}
  commune: ${q(s.commune.nameFr)}
  # Villages (douars) concernés
  douars: []

# Fiches OSIM des associations à l'origine du projet (le « double regard »)
osim:
${s.osim.map((id) => `  - ${q(id)}`).join('\n')}

projet:
  intitule: ${q(s.titre)}
  # Secteurs : eau-potable, electrification, education, sante, pistes-routes, irrigation, agriculture,
  # cooperatives, argan, safran, tourisme-rural-solidaire, jeunesse, culture, gouvernance-locale…
  secteurs: []
  # periode: { debut: 2016, fin: 2019-06 }
  # cout_total: { montant: 1250000, devise: MAD }
  # financements:
  #   - { source: Cotisations des migrants, montant: 420000, devise: MAD, nature: numeraire }
  # partenaires:
  #   - { nom: Commune de ${s.commune.nameFr}, type: commune }
  # beneficiaires: { nombre: 180, description: foyers du douar }

# Enquête de terrain : uniquement des codes d'informateurs (par exemple INF-TIZ-001), jamais de noms.
collecte:
  # debut: 2023-03-01
  # fin: 2023-04-15
  entretiens: []
  #  - { code: INF-${provinceCode(s.province)}-001, type_acteur: elu-communal, date: 2023-03-02, lieu: siège de la commune, langues: [ary], consentement: anonyme }
  # Types d'acteurs non entendus, avec la raison
  acteurs_non_entendus: []
  documents: []

# Situation initiale, besoins, historique du projet.
contexte:

# Acteurs et rôles, étapes, ressources mobilisées (cotisations des migrants, travail en nature…).
description:
  # acteurs:
  #   - { nom: Association du douar, role: maître d'ouvrage délégué }
  # etapes: |
  #   Texte…
  # ressources: |
  #   Texte…

# Le cœur de la fiche : les apports concrets au développement local, chacun avec sa preuve.
contributions:
  # - titre: Accès à l'eau potable à domicile
  #   description: |
  #     Texte…
  #   preuves: |
  #     Chiffres, documents, observations…

# Un bloc par type d'acteur entendu : appréciation, points soulevés, citations (avec traduction).
perceptions:
  # - type_acteur: elu-communal
  #   appreciation: satisfaisante
  #   points: [ … ]
  #   citations:
  #     - texte: …
  #       langue: ary
  #       traduction: …
  #       informateur: INF-${provinceCode(s.province)}-001
  #       consentement_publication: true

# Leviers activés : contribution-migrants, cofinancements, cooperation-decentralisee, mediation,
# transfert-competences, renforcement-capacites, structuration-associative, plaidoyer-planification,
# conventions-collectivites, mise-en-reseau, innovation-technique ; ou « - autre: texte libre ».
leviers_changement:

# La valeur ajoutée de la diaspora telle que les acteurs locaux la perçoivent.
valeur_ajoutee:

# Influence sur les politiques publiques : niveau commune-pac, province-pdp, region-pdr ou national.
leviers_politiques_publiques:

# Critères de bonne pratique (FAO) : oui / partiel / non / sans-objet, chacun justifié.
bonne_pratique:
  # titre: …
  # criteres:
  #   resultats_prouves: { evaluation: oui, justification: … }
  #   durable: { evaluation: partiel, justification: … }
  #   sensible_genre: { evaluation: oui, justification: … }
  #   techniquement_faisable: { evaluation: oui, justification: … }
  #   participatif: { evaluation: oui, justification: … }
  #   reproductible: { evaluation: oui, justification: … }
  #   reduction_risques: { evaluation: sans-objet, justification: … }
  # maturite: pratique-prometteuse
  # conditions_reproduction: |
  #   Texte…

# Difficultés rencontrées.
contraintes:

# Enseignements tirés.
enseignements:

# Recommandations, avec leur destinataire : commune, osim, region, etat, md, associations-locales, bailleurs.
recommandations:

# Photos (PNG ou JPEG dans l'espace de travail, chemin relatif à cette fiche), avec consentement.
photos: []
`;
}

/** A value typed on one line: line breaks and runs of spaces become one space; undefined stays undefined. */
function oneLine(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * What the `# yaml-language-server: $schema=` line of a new sheet points at: the workspace's copy
 * `.capi/schemas/re.schema.json` (written by `capi init`) by a relative path when it exists; else the schema shipped with
 * capi by a relative path when capi is installed inside the workspace's git repository (e.g.
 * `node_modules/capi`, or capi's own examples), so the line works on every clone; otherwise the schema's stable `$id`, which
 * editors map to a local file (a path into one person's machine would break for everyone else).
 */
export function schemaReference(sheetDir: string, root: string): string {
  // the workspace's own copy (`capi init` writes it): travels with the repository, works offline
  const local = path.join(root, '.capi', 'schemas', 're.schema.json');
  if (existsSync(local)) return path.relative(sheetDir, local).split(path.sep).join('/');
  const schema = packagePath('schemas', 're.schema.json');
  // the repository the workspace lives in: the nearest folder with .git, else the workspace itself
  let repo = root;
  for (let d = root; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) {
      repo = d;
      break;
    }
    if (path.dirname(d) === d) break;
  }
  const inside = path.relative(repo, schema);
  if (!inside.startsWith('..') && !path.isAbsolute(inside)) return path.relative(sheetDir, schema).split(path.sep).join('/');
  return `${SCHEMA_BASE}re.schema.json`;
}

/**
 * `capi new`: asks for (or takes from flags) the id, title, province, commune, linked OSIM sheets and
 * author, then writes `ID.yaml` in `--dir` (default: `re/` of the workspace). Never overwrites a file.
 *
 * @returns 0 when the sheet is written
 * @throws UserError (exit 2) when flags are missing without a terminal, a value is unknown, or the file exists
 */
export async function runNew(options: NewOptions, io: CliIo): Promise<number> {
  const g = loadGazetteer();
  const dirOption = options.dir ? path.resolve(io.cwd, options.dir) : undefined;
  if (dirOption && existsSync(dirOption) && !statSync(dirOption).isDirectory()) {
    throw new UserError(t('new.dirNotDir', { dir: options.dir! }));
  }
  // the workspace is the one the sheet goes into (its OSIM sheets and ids)
  const root = findWorkspaceRoot(dirOption ?? io.cwd);
  const osimSheets: OsimSheet[] = [];
  const usedIds = new Set<string>();
  for (const file of await findSheetFiles([root], io.cwd).catch(() => [] as string[])) {
    const { sheet } = await loadSheet(file, displayPath(file, io.cwd)).catch(() => ({ sheet: undefined }));
    const data = sheet?.data as { id?: unknown } | undefined;
    if (typeof data?.id === 'string') usedIds.add(data.id);
    if (sheet?.kind === 'osim') osimSheets.push(sheet.data as OsimSheet);
  }
  osimSheets.sort((a, b) => a.id.localeCompare(b.id));

  const ask = io.interactive && !options.yes;
  const missing: string[] = [];
  const prompts = ask ? await import('@inquirer/prompts') : undefined;

  // Province
  let province: Province | undefined;
  if (options.province) {
    province = g.findProvince(options.province);
    if (!province) {
      const near = suggest(options.province, g.provinces.map((p) => p.nameFr));
      throw new UserError(t('new.unknownProvince', { value: options.province, list: g.provinces.map((p) => p.nameFr).join(', ') }) + (near ? ` ${t('schema.didYouMean', { value: near })}` : ''));
    }
  } else if (prompts) {
    const code = await prompts.select({ message: t('new.ask.province'), choices: g.provinces.map((p) => ({ name: `${p.nameFr} (${p.nameAr})`, value: p.code })) });
    province = g.provinces.find((p) => p.code === code);
  } else missing.push('--province');

  // Commune
  let commune: Commune | undefined;
  if (options.commune) {
    commune = g.findCommune(options.commune, province?.code);
    if (!commune) {
      const pool = province ? g.communesOf(province.code) : g.communes;
      const elsewhere = province ? g.findCommune(options.commune) : undefined;
      const near = suggest(options.commune, pool.map((c) => c.nameFr));
      throw new UserError(
        elsewhere
          ? t('new.communeElsewhere', { value: options.commune, province: province!.nameFr, other: g.provinces.find((p) => p.code === elsewhere.provinceCode)?.nameFr ?? '' })
          : t('new.unknownCommune', { value: options.commune, province: province?.nameFr ?? 'Souss-Massa' }) + (near ? ` ${t('schema.didYouMean', { value: near })}` : ''),
      );
    }
  } else if (prompts && province) {
    const pool = g.communesOf(province.code);
    const code = await prompts.search({
      message: t('new.ask.commune'),
      source: (term) => {
        const folded = (term ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
        return pool
          .filter((c) => c.nameFr.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().includes(folded) || c.nameAr.includes(term ?? ''))
          .map((c) => ({ name: `${c.nameFr} (${c.nameAr})`, value: c.code }));
      },
    });
    commune = pool.find((c) => c.code === code);
  } else missing.push('--commune');

  // Id
  let id = options.id?.normalize('NFC').trim();
  const defaultId = province ? nextId(province, usedIds) : undefined;
  if (!id) {
    if (prompts) {
      id = await prompts.input({ message: t('new.ask.id'), default: defaultId, validate: (v) => (ID_PATTERN.test(v) ? (usedIds.has(v) ? t('new.idUsed', { id: v }) : true) : t('new.badId', { id: v })) });
    } else if (options.yes && defaultId) id = defaultId;
    else missing.push('--id');
  }
  if (id && !ID_PATTERN.test(id)) throw new UserError(t('new.badId', { id }));
  if (id && usedIds.has(id)) throw new UserError(t('new.idUsed', { id }));

  // Title (one line: a title pasted with line breaks is joined)
  let titre = oneLine(options.titre);
  if (titre !== undefined && titre.length < 3) throw new UserError(t('new.titleTooShort'));
  if (!titre) {
    if (prompts) titre = oneLine(await prompts.input({ message: t('new.ask.titre'), validate: (v) => (v.trim().length >= 3 ? true : t('new.titleTooShort')) }));
    else missing.push('--titre');
  }

  // OSIM
  let osim = options.osim ? [...new Set(options.osim.split(',').map((s) => s.trim()).filter(Boolean))] : undefined;
  const known = osimSheets.map((o) => o.id);
  const matching = commune ? osimSheets.filter((o) => o.territoire_origine.communes.some((c) => g.findCommune(c)?.code === commune!.code)).map((o) => o.id) : [];
  if (!osim || osim.length === 0) {
    if (prompts && osimSheets.length > 0) {
      osim = await prompts.checkbox({
        message: t('new.ask.osim'),
        choices: osimSheets.map((o) => ({ name: `${o.id} — ${o.association.nom} (${o.territoire_origine.communes.join(', ')})`, value: o.id, checked: matching.includes(o.id) })),
        validate: (list) => (list.length > 0 ? true : t('new.osimRequired')),
      });
    } else if (options.yes && matching.length > 0) osim = [...new Set(matching)];
    else missing.push('--osim');
  }
  for (const ref of osim ?? []) {
    if (!known.includes(ref)) {
      const near = suggest(ref, known);
      throw new UserError(t('new.unknownOsim', { id: ref, list: known.join(', ') || '—' }) + (near ? ` ${t('schema.didYouMean', { value: near })}` : ''));
    }
  }

  // Author
  let auteur = oneLine(options.auteur);
  if (!auteur) {
    if (prompts) auteur = oneLine(await prompts.input({ message: t('new.ask.auteur'), validate: (v) => (v.trim() ? true : t('new.authorRequired')) }));
    else missing.push('--auteur');
  }

  if (missing.length > 0) {
    // say why --osim has no default: the OSIM sheets of the workspace, and whether one covers the commune
    const osimNote = missing.includes('--osim')
      ? ` ${osimSheets.length === 0 ? t('new.noOsimSheets') : commune ? t('new.noOsimForCommune', { commune: commune.nameFr, list: known.join(', ') }) : ''}`
      : '';
    throw new UserError(t(io.interactive ? 'new.missingYes' : 'new.missing', { flags: missing.join(', ') }) + osimNote.trimEnd());
  }

  const dir = dirOption ?? path.join(root, 're');
  const file = path.join(dir, `${id}.yaml`);
  const schema = schemaReference(dir, root);
  const text = scaffoldSheet({ id: id!, titre: titre!, province: province!, commune: commune!, osim: osim!, auteur: auteur! }, schema);
  try {
    await makeDirs(dir);
    await writeFile(file, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError(t('new.exists', { file: displayPath(file, io.cwd) }));
    throw new UserError(t('file.unreadable', { path: displayPath(file, io.cwd), reason: (error as Error).message }));
  }
  io.stdout.write(`${t('new.written', { file: displayPath(file, io.cwd) })}\n`);
  return 0;
}
