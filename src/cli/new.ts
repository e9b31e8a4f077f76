import path from 'node:path';
import { existsSync } from 'node:fs';
import { stringify } from 'yaml';
import type { CliIo } from './io.js';
import { UserError } from '../util/errors.js';
import { invocation } from '../util/identity.js';
import { displayPath } from '../util/paths.js';
import { t } from '../i18n/index.js';
import { loadGazetteer, placeMatches, type Commune, type Province } from '../link/places.js';
import { loadConfig } from '../link/config.js';
import { enumAt, hintAt, keysAt } from '../validate/schema-hints.js';
import { NARRATIVE_GUIDE, chooseProvince, chooseSheetId, commentLines, editorSchema, findCommuneOrFail, missingOptionsError, nextFreeId, oneLine, reportWritten, scanWorkspace, targetDir, writeNewSheet, type OsimEntry, type Prompts, type WorkspaceScan } from './new-common.js';
import { runNewOsim, type NewOsimOptions } from './new-osim.js';
import { stripAccents, suggest } from '../util/text.js';

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

/** Three-letter code of a province for sheet ids: `Tiznit` → `TIZ`, `Chtouka-Aït Baha` → `CHT`. */
export function provinceCode(province: Province): string {
  return stripAccents(province.nameFr).replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase();
}

/** The next free id `RE-<code>-NN` for a province (e.g. RE-TIZ-03), given the ids already used. */
export function nextId(province: Province, used: ReadonlySet<string>): string {
  return nextFreeId(`RE-${provinceCode(province)}`, used);
}

/**
 * The YAML text of a new RE sheet: a `yaml-language-server` schema line, status `brouillon`, every
 * section present (empty) with a short French guidance comment; the lists of allowed values (sectors,
 * levers, levels, recipients, FAO assessments, maturity) are read from the schema. It passes
 * `capi validate`.
 *
 * @param schemaPath path of `re.schema.json` relative to the sheet's folder, with `/`
 */
export function scaffoldSheet(s: NewSheet, schemaPath: string): string {
  const q = (v: unknown) => stringify(v, { lineWidth: 0 }).trimEnd();
  // guidance and lists of values come from the schema, wrapped as comment lines
  const comments = (text: string, indent = '') => commentLines(text, indent).join('\n');
  return `# yaml-language-server: $schema=${schemaPath}
# Fiche retour d'expérience — brouillon créé par capi.
# Complétez chaque section, puis vérifiez avec : ${invocation()} validate
# Les lignes « # clé: valeur » sont des exemples : retirez « # » et remplacez la valeur.
${NARRATIVE_GUIDE.map((l) => `# ${l}`.trimEnd()).join('\n')}
# Sur une seule ligne, mettez entre guillemets ("…") un texte qui contient « : » ou « # », ou qui
# commence par * & @ [ { ou un tiret.
fiche: retour-experience
id: ${q(s.id)}
titre: ${q(s.titre)}
${comments(hintAt('re', ['statut']))}
statut: brouillon

auteurs:
  - nom: ${q(s.auteur)}
    role: enqueteur
    # email: prenom.nom@example.org

territoire:
  region: Souss-Massa
  province: ${q(s.province.nameFr)}
  commune: ${q(s.commune.nameFr)}
  # Villages (douars) concernés, un par ligne :
  # douars:
  #   - Tagoudicht
  #   - Ighir Oufella

# Fiches OSIM des associations à l'origine du projet (le « double regard »)
osim:
${s.osim.map((id) => `  - ${q(id)}`).join('\n')}

projet:
  intitule: ${q(s.titre)}
${comments(`Secteurs : ${enumAt('re', ['projet', 'secteurs']).join(', ')}. Remplacez « [] » par un secteur par ligne, par exemple « - eau-potable » sous « secteurs: ».`, '  ')}
  secteurs: []
  # periode:
  #   debut: 2016
  #   fin: 2019-06
  # cout_total:
  #   montant: 1250000
  #   devise: MAD
  # financements:
  #   - source: Cotisations des migrants
  #     montant: 420000
  #     devise: MAD
  #     nature: numeraire
  # partenaires:
  #   - nom: Commune de ${s.commune.nameFr}
  #     type: commune
  # beneficiaires:
  #   nombre: 180
  #   description: foyers du douar

# Enquête de terrain : uniquement des codes d'informateurs (par exemple INF-TIZ-001), jamais de noms.
collecte:
  # debut: 2023-03-01
  # fin: 2023-04-15
  # Un élément par entretien : remplacez la ligne « entretiens: [] » par des lignes comme celles-ci.
  entretiens: []
  # entretiens:
  #   - code: INF-${provinceCode(s.province)}-001
  #     type_acteur: elu-communal
  #     date: 2023-03-02
  #     lieu: siège de la commune
  #     langues:
  #       - ary
  #     consentement: anonyme
  # Types d'acteurs non entendus, avec la raison : remplacez « acteurs_non_entendus: [] » de même.
  acteurs_non_entendus: []
  # acteurs_non_entendus:
  #   - type_acteur: femmes
  #     raison: Les réunions au douar se tenaient pendant les récoltes.
  # Documents consultés, un par ligne :
  # documents:
  #   - Convention de partenariat de 2016, signée par la commune

# Situation initiale, besoins, historique du projet (texte sous « | », comme l'exemple en tête de fiche).
contexte: |

# Acteurs et rôles, étapes, ressources mobilisées (cotisations des migrants, travail en nature…).
description:
  # acteurs:
  #   - nom: Association du douar
  #     role: maître d'ouvrage délégué
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
  #   points:
  #     - Un point soulevé, en une phrase.
  #   citations:
  #     - texte: |
  #         Les mots de la personne, tels quels.
  #       langue: ary
  #       traduction: |
  #         Leur traduction en français.
  #       informateur: INF-${provinceCode(s.province)}-001
  #       consentement_publication: true

${comments(`Leviers activés : ${enumAt('re', ['leviers_changement']).join(', ')} ; ou « - autre: texte libre ».`)}
leviers_changement:

# La valeur ajoutée de la diaspora telle que les acteurs locaux la perçoivent (texte sous « | »).
valeur_ajoutee: |

${comments(`Influence sur les politiques publiques : niveau ${enumAt('re', ['leviers_politiques_publiques', '*', 'niveau']).join(', ')}.`)}
leviers_politiques_publiques:

${comments(`Critères de bonne pratique (FAO) : ${enumAt('re', ['bonne_pratique', 'criteres', 'durable', 'evaluation']).join(' / ')}, chacun justifié.`)}
bonne_pratique:
  # titre: …
  # criteres:
${keysAt('re', ['bonne_pratique', 'criteres']).map((key) => `  #   ${key}:\n  #     evaluation: ${CRITERIA_EXAMPLE[key] ?? 'oui'}\n  #     justification: …`).join('\n')}
${comments(`Maturité : ${enumAt('re', ['bonne_pratique', 'maturite']).join(', ')}.`, '  ')}
  # maturite: ${enumAt('re', ['bonne_pratique', 'maturite'])[1]}
  # conditions_reproduction: |
  #   Texte…

# Difficultés rencontrées (texte sous « | »).
contraintes: |

# Enseignements tirés (texte sous « | »).
enseignements: |

${comments(`Recommandations, avec leur destinataire : ${enumAt('re', ['recommandations', '*', 'destinataire']).join(', ')}.`)}
recommandations:
  # - destinataire: commune
  #   texte: |
  #     Ce que la commune devrait faire, et pourquoi.

# Photos (PNG ou JPEG dans l'espace de travail, chemin relatif à cette fiche, avec « / »), avec consentement.
# Une photo par élément : remplacez la ligne « photos: [] » par des lignes comme celles-ci.
photos: []
# photos:
#   - fichier: ../images/citerne.jpg
#     legende: La citerne du douar, vue du chemin.
#     credit: Salma Aït Lhaj, mars 2023
#     consentement: true
`;
}

/** Example assessments of FAO criteria in the scaffold, other than « oui » (the criteria themselves come from the schema). */
const CRITERIA_EXAMPLE: Readonly<Record<string, string>> = { durable: 'partiel', reduction_risques: 'sans-objet' };

/** The kinds of sheet `capi new` writes: `re` (the default) and `osim`. */
export type NewKind = 're' | 'osim';

/** Flags that only one kind of sheet takes, to refuse them on the other. */
const ONLY_FOR: Record<NewKind, string[]> = {
  re: ['titre', 'osim'],
  osim: ['association', 'sigle', 'siege', 'departement', 'communes'],
};

/**
 * `capi new [re|osim]`: writes a new sheet of that kind (default: a retour d'expérience sheet), from
 * flags or questions in a terminal. See `runNewRe` and `runNewOsim`.
 *
 * @throws UserError (exit 2) for a flag of the other kind, and as the two commands do
 */
export async function runNew(kind: NewKind, options: NewOptions & NewOsimOptions, io: CliIo): Promise<number> {
  const other: NewKind = kind === 're' ? 'osim' : 're';
  for (const key of ONLY_FOR[other]) {
    if ((options as Record<string, unknown>)[key] !== undefined) throw new UserError(t('new.flagOtherKind', { flag: `--${key}`, kind: t(`new.kind.${kind}`), other }));
  }
  if (kind === 'osim') return runNewOsim({ ...options, communes: options.communes ?? options.commune }, io);
  return runNewRe(options, io);
}

/**
 * `capi new re`: asks for (or takes from flags) the id, title, province, commune, linked OSIM sheets and
 * author, then writes `ID.yaml` in `--dir` (default: `re/` of the workspace). Never overwrites a file.
 * In a terminal, a workspace without any OSIM sheet is refused before the first question (every RE
 * sheet cites one: `capi new osim` comes first).
 *
 * @returns 0 when the sheet is written
 * @throws UserError (exit 2) when flags are missing without a terminal, a value is unknown, or the file exists
 */
export async function runNewRe(options: NewOptions, io: CliIo): Promise<number> {
  const g = loadGazetteer();
  const { dir, root } = targetDir(options.dir, io, 're');
  // a broken capi.config.yaml stops here, located (exit 2), before any question
  await loadConfig(root, io.cwd);
  const scan = await scanWorkspace(root, io);
  const ask = io.interactive && !options.yes;
  const osimGiven = parseOsimOption(options.osim, scan);
  // every RE sheet cites an OSIM sheet: say so before any question, not after five
  if (ask && !osimGiven && scan.osim.length === 0) throw new UserError(t('new.osimFirst'));
  const missing: string[] = [];
  const prompts: Prompts | undefined = ask ? await import('./prompts.js') : undefined;

  const province = await chooseProvince(g, options.province, prompts, t('new.ask.province'));
  if (!province) missing.push('--province');
  const commune = await chooseCommune(g, options.commune, province, prompts);
  if (!commune) missing.push('--commune');
  const id = await chooseSheetId('re', { given: options.id, fallback: province ? nextId(province, scan.usedIds) : undefined, yes: options.yes, used: scan.usedIds, prompts, missing, askKey: 'new.ask.id', badKey: 'new.badId' });

  // Title (one line: a title pasted with line breaks is joined)
  let titre = oneLine(options.titre);
  if (titre !== undefined && titre.length < 3) throw new UserError(t('new.titleTooShort'));
  if (!titre) {
    if (prompts) titre = oneLine(await prompts.input({ message: t('new.ask.titre'), validate: (v) => (v.trim().length >= 3 ? true : t('new.titleTooShort')) }));
    else missing.push('--titre');
  }

  const osim = await chooseOsim(osimGiven, scan, commune, g, prompts, options.yes === true);
  if (!osim) missing.push('--osim');

  let auteur = oneLine(options.auteur);
  if (!auteur) {
    if (prompts) auteur = oneLine(await prompts.input({ message: t('new.ask.auteur'), validate: (v) => (v.trim() ? true : t('new.authorRequired')) }));
    else missing.push('--auteur');
  }

  if (missing.length > 0) {
    // say why --osim has no default: the OSIM sheets of the workspace, and whether one covers the commune
    const osimNote = missing.includes('--osim')
      ? scan.osim.length === 0 ? t('new.noOsimSheets') : commune ? t('new.noOsimForCommune', { commune: commune.nameFr, list: scan.osim.map((o) => o.id).join(', ') }) : ''
      : '';
    throw missingOptionsError(missing, io.interactive, osimNote);
  }

  const file = path.join(dir, `${id}.yaml`);
  if (existsSync(file)) throw new UserError(t('new.exists', { file: displayPath(file, io.cwd) }));
  const schema = await editorSchema('re', dir, root);
  await writeNewSheet(file, scaffoldSheet({ id: id!, titre: titre!, province: province!, commune: commune!, osim: osim!, auteur: auteur! }, schema.reference), io);
  reportWritten(file, schema.written, io);
  return 0;
}

/**
 * The OSIM ids of `--osim` (comma-separated, each once), checked against the workspace's OSIM sheets.
 *
 * @throws UserError (exit 2) naming an unknown id and the nearest one
 */
function parseOsimOption(value: string | undefined, scan: WorkspaceScan): string[] | undefined {
  const ids = value ? [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))] : [];
  if (ids.length === 0) return undefined;
  const known = scan.osim.map((o) => o.id);
  for (const ref of ids) {
    if (known.includes(ref)) continue;
    const near = suggest(ref, known);
    throw new UserError(t('new.unknownOsim', { id: ref, list: known.join(', ') || '—' }) + (near ? ` ${t('schema.didYouMean', { value: near })}` : ''));
  }
  return ids;
}

/** The commune of `--commune` (within the province), or searched for in a terminal. */
async function chooseCommune(g: ReturnType<typeof loadGazetteer>, value: string | undefined, province: Province | undefined, prompts: Prompts | undefined): Promise<Commune | undefined> {
  if (value) return findCommuneOrFail(g, value, province);
  if (!prompts || !province) return undefined;
  const pool = g.communesOf(province.code);
  const code = await prompts.search({
    message: t('new.ask.commune'),
    source: (term) => {
      const typed = term ?? '';
      const found = pool.filter((c) => placeMatches(c.nameFr, typed) || (typed.trim() !== '' && c.nameAr.includes(typed.trim())));
      // nothing matches: the nearest names, as « did you mean » does for --commune
      const shown = found.length > 0 ? found : g.nearestCommunes(typed, province.code, 3);
      return shown.map((c) => ({ name: `${c.nameFr} (${c.nameAr})`, value: c.code }));
    },
  });
  return pool.find((c) => c.code === code);
}


/** The linked OSIM sheets: `--osim`, checked in a terminal (those covering the commune pre-checked), or with `--yes` those covering the commune. */
async function chooseOsim(given: string[] | undefined, scan: WorkspaceScan, commune: Commune | undefined, g: ReturnType<typeof loadGazetteer>, prompts: Prompts | undefined, yes: boolean): Promise<string[] | undefined> {
  if (given) return given;
  const covers = (o: OsimEntry) => commune !== undefined && o.communes.some((c) => g.findCommune(c)?.code === commune.code);
  const matching = scan.osim.filter(covers).map((o) => o.id);
  if (prompts && scan.osim.length > 0) {
    return prompts.checkbox({
      message: t('new.ask.osim'),
      choices: scan.osim.map((o) => ({ name: `${o.id} — ${o.association || '?'} (${o.communes.join(', ') || '?'})`, value: o.id, checked: matching.includes(o.id) })),
      validate: (list) => (list.length > 0 ? true : t('new.osimRequired')),
    });
  }
  if (yes && matching.length > 0) return matching;
  return undefined;
}
