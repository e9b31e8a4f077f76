/**
 * capi's command-line scenarios, one table (markdownlint-cli2's habit): each row is a command line,
 * where it runs, its exit code, and (in `__snapshots__/<name>.txt`) the exact words it prints. Every
 * row runs in-process through `runCli`; the rows marked `bin` run the compiled `bin/capi.js` as a
 * subprocess too, against the same snapshot. `npm run update-snapshots` rewrites the snapshots after a
 * change of wording (review the diff).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { WS } from '../helpers.js';

/** One command line and what it must give. */
export interface Scenario {
  /** Unique, file-name safe: the snapshot is `__snapshots__/<name>.txt`. */
  name: string;
  args: string[];
  /**
   * Where it runs: a folder of the repository (relative to its root, `.` by default) used in place —
   * only for commands that write nothing — or, with `copy`, a temporary copy of that folder; with
   * `files`, a temporary folder holding these files (after the copy, if any).
   */
  cwd?: string;
  copy?: boolean;
  files?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  /** Expected exit code: 0 success, 1 errors in the sheets, 2 capi could not run. */
  code: number;
  /**
   * Also run as a subprocess (`bin/capi.js`): `true` in `npm test` (one row per exit code, and one that
   * writes files), `'scale'` in the scale tier only (test/scale/scenarios-bin.test.ts, which runs every
   * row marked): together a sample of each exit code and each kind of output. A subprocess row costs
   * about a second of CPU (Node and capi's modules loaded again); in-process, every row runs anyway.
   */
  bin?: boolean | 'scale';
  /**
   * For a sheet with one mistake: the one error `validate --format json` must find, as
   * `line:column code` (the snapshot holds its wording).
   */
  error?: string;
}

const FIXTURES = 'test/fixtures/ws';
const COMMANDS = ['validate', 'render', 'report', 'booklet', 'links', 'review', 'status', 'new', 'schema', 'init', 'doctor', 'completion'];

/** The one error each mistake fixture must raise (`test/fixtures/ws/mistakes/`), by file. */
const MISTAKES: Record<string, string | undefined> = {
  'unknown-key.yaml': '17:1 schema.unknown-key',
  'wrong-enum-value.yaml': '4:9 schema.enum',
  'arabic-quote-without-translation.yaml': '21:9 schema.quote-without-translation',
  'missing-title.yaml': '1:1 schema.required',
  'unknown-osim.yaml': '13:5 link.unknown-osim',
  'tab-indentation.yaml': '15:1 yaml.tab-indent',
  'unclosed-quote.yaml': '21:16 yaml.unclosed-quote',
  'duplicate-key.yaml': '5:1 yaml.duplicate-key',
  'number-instead-of-text.yaml': '3:8 schema.type',
  'submitted-without-sections.yaml': '4:9 schema.required-for-status',
  'no-enqueteur.yaml': '5:1 schema.no-enqueteur',
  'invalid-date.yaml': '18:10 schema.format',
  'unknown-kind.yaml': '1:8 schema.no-kind',
  'photo-outside-workspace.yaml': '27:14 schema.photo-path',
  'wrong-province-type.yaml': '11:5 schema.type',
  'utf16-notepad.yaml': '1:1 file.utf16',
  'empty.yaml': '1:1 file.empty',
  'latin1-ansi.yaml': '3:18 file.not-utf8',
  'binary-with-nul.yaml': '1:1 file.binary',
  'value-starting-with-star.yaml': '3:8 yaml.value-start',
  'yaml-1-1-directive.yaml': '1:1 yaml.version',
  'colon-in-text.yaml': '3:8 yaml.colon-in-value',
  'value-starting-with-at.yaml': '3:8 yaml.value-start',
  // a warning only: « # » glued to a word cuts the text (YAML comment)
  'hash-in-text.yaml': undefined,
};

/** The exit code of each place-name fixture (`test/fixtures/ws/places/`): 1 errors, 0 warnings only. */
const PLACES: Record<string, number> = {
  'commune-of-another-province.yaml': 1,
  'inconsistent-commune.yaml': 0,
  'nfd-spelling.yaml': 0,
  'osim-variant.yaml': 1,
  'unknown-commune.yaml': 1,
  'unknown-province.yaml': 1,
  'variant-spelling.yaml': 0,
  'wrong-osim-id.yaml': 1,
};

const yamlFiles = (dir: string) =>
  readdirSync(path.join(WS, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
const slug = (file: string) => file.replace(/\.yaml$/, '');

/** `validate` on each fixture of `dir`, in text, JSON and (mistakes) English. */
function validateFixtures(dir: 'mistakes' | 'places'): Scenario[] {
  const out: Scenario[] = [];
  for (const file of yamlFiles(dir)) {
    const error = dir === 'mistakes' ? MISTAKES[file] : undefined;
    if (dir === 'mistakes' && !(file in MISTAKES)) throw new Error(`test/fixtures/ws/mistakes/${file}: add its expected error to MISTAKES`);
    const code = dir === 'places' ? PLACES[file] : error ? 1 : 0;
    if (code === undefined) throw new Error(`test/fixtures/ws/places/${file}: add its exit code to PLACES`);
    const base = { cwd: FIXTURES, code };
    out.push({ name: `validate-${dir}-${slug(file)}-text`, args: ['validate', `${dir}/${file}`], ...base });
    out.push({ name: `validate-${dir}-${slug(file)}-json`, args: ['validate', `${dir}/${file}`, '--format', 'json'], ...base, error });
    if (dir === 'mistakes') out.push({ name: `validate-${dir}-${slug(file)}-en`, args: ['--lang', 'en', 'validate', `${dir}/${file}`], ...base });
  }
  return out;
}

/** A workspace with one sheet and a configuration, for the commands that write (in a temporary copy). */
const WRITES = { cwd: FIXTURES, copy: true };

export const SCENARIOS: Scenario[] = [
  // help and version
  { name: 'help', args: ['--help'], code: 0, bin: 'scale' },
  { name: 'help-en', args: ['--lang', 'en', '--help'], code: 0 },
  { name: 'version', args: ['--version'], code: 0, bin: true },
  ...COMMANDS.map((c) => ({ name: `help-${c}`, args: [c, '--help'], code: 0 })),
  { name: 'help-render-en', args: ['--lang', 'en', 'render', '--help'], code: 0 },
  { name: 'help-validate-lang-env', args: ['validate', '--help'], env: { LANG: 'en_GB.UTF-8' }, code: 0 },

  // validate: one fixture per kind of mistake, place names, formats, languages
  ...validateFixtures('mistakes'),
  ...validateFixtures('places'),
  { name: 'validate-ws-valid', args: ['validate', 're', 'osim'], cwd: FIXTURES, code: 0, bin: 'scale' },
  { name: 'validate-mistake-bin', args: ['validate', 'mistakes/unknown-key.yaml'], cwd: FIXTURES, code: 1, bin: true },
  { name: 'validate-lang-env-en', args: ['validate', 'mistakes/unknown-key.yaml'], cwd: FIXTURES, env: { LANG: 'en_GB.UTF-8' }, code: 1 },
  { name: 'validate-lang-option-over-env', args: ['validate', 'mistakes/unknown-key.yaml', '--lang', 'fr'], cwd: FIXTURES, env: { LANG: 'en_GB.UTF-8' }, code: 1 },
  { name: 'validate-quiet', args: ['validate', 'mistakes/wrong-enum-value.yaml', '--quiet'], cwd: FIXTURES, code: 1 },
  { name: 'validate-github', args: ['validate', 'mistakes/wrong-enum-value.yaml', '--format', 'github'], cwd: FIXTURES, code: 1 },
  { name: 'validate-junit', args: ['validate', 'mistakes/unknown-key.yaml', 're', '--format', 'junit'], cwd: FIXTURES, code: 1, bin: 'scale' },
  { name: 'validate-duplicate-id', args: ['validate', '--format', 'json'], cwd: 'test/fixtures/ws-dup', code: 1 },
  { name: 'validate-duplicate-id-one-file', args: ['validate', 'b/RE-TIZ-01.yaml'], cwd: 'test/fixtures/ws-dup', code: 1 },
  { name: 'validate-alias-as-text', args: ['validate', 'a.yaml', '--format', 'json'], files: { 'a.yaml': 'fiche: osim\nid: *eau\n' }, code: 1 },
  { name: 'validate-control-characters', args: ['validate', 'a.yaml'], files: { 'a.yaml': 'fiche: osim\nid: OSIM-FR-01\nstatut: validee\nenseignements: "Bien\u0007 fait \uFEF7"\n' }, code: 1 },
  { name: 'validate-empty-workspace', args: ['validate'], files: { 'capi.config.yaml': 'projet: Test\norganisation: Migrations & Développement\n', 're/.gitkeep': '' }, code: 0 },
  { name: 'validate-examples', args: ['validate', 'examples'], code: 0 },
  { name: 'validate-examples-json', args: ['validate', 'examples', '--format', 'json'], code: 0 },
  // the public edition's check: attributions that name one person, located (warnings: exit 0)
  { name: 'validate-examples-public', args: ['validate', 'examples', '--edition', 'publique'], code: 0 },
  { name: 'validate-no-such-path', args: ['validate', 'nulle-part'], cwd: FIXTURES, code: 2, bin: 'scale' },

  // usage errors (one per commander code: test/cli/usage-errors.test.ts)
  { name: 'usage-unknown-option', args: ['validate', '--formt', 'json'], cwd: FIXTURES, code: 2, bin: true },
  { name: 'usage-unknown-command', args: ['valider'], code: 2 },
  { name: 'usage-bad-format', args: ['validate', '--format', 'xml'], code: 2 },
  { name: 'usage-bad-format-en', args: ['--lang', 'en', 'status', '--format', 'xml'], code: 2 },
  { name: 'usage-missing-value', args: ['render', '--out'], code: 2 },
  { name: 'usage-too-many-arguments-en', args: ['--lang', 'en', 'init', 'a', 'b'], code: 2 },

  // reports on the example workspace, in each format
  ...['text', 'json', 'csv', 'markdown'].map((f) => ({ name: `status-examples-${f}`, args: ['status', 'examples', '--format', f], code: 0, bin: f === 'csv' ? ('scale' as const) : undefined })),
  { name: 'status-examples-en', args: ['--lang', 'en', 'status', 'examples'], code: 0 },
  ...['text', 'json', 'markdown'].map((f) => ({ name: `links-examples-${f}`, args: ['links', 'examples', '--format', f], code: 0, bin: f === 'markdown' ? ('scale' as const) : undefined })),
  { name: 'links-examples-en', args: ['--lang', 'en', 'links', 'examples'], code: 0 },

  // render, booklet: HTML (no browser) and refusals before any work
  { name: 'render-html', args: ['render', 're', 'osim', '--format', 'html', '--out', 'out'], ...WRITES, code: 0, bin: true },
  { name: 'render-refuses-sheet-with-errors', args: ['render', 're', 'mistakes/unknown-key.yaml', '--format', 'html', '--out', 'out'], ...WRITES, code: 1 },
  { name: 'render-bad-format', args: ['render', '--format', 'xml'], ...WRITES, code: 2 },
  { name: 'render-review-not-public', args: ['render', '--relecture', '--edition', 'publique'], ...WRITES, code: 2 },
  { name: 'render-unknown-double-regard', args: ['render', 're', '--double-regard', 'OSIM-FR-9', '--format', 'html'], ...WRITES, code: 2 },
  { name: 'booklet-unknown-province', args: ['booklet', '--province', 'Nowhere', '--format', 'docx'], ...WRITES, code: 2 },

  // new: refusals without a terminal to ask (nothing written)
  { name: 'new-re-no-terminal', args: ['new'], ...WRITES, code: 2, bin: 'scale' },
  { name: 'new-osim-no-terminal', args: ['new', 'osim'], ...WRITES, code: 2 },
  { name: 'new-yes-missing-flags', args: ['new', '--yes', '--titre', 'La piste'], ...WRITES, code: 2 },
  { name: 'new-short-title', args: ['new', '--yes', '--titre', 'X', '--province', 'Tiznit', '--commune', 'Tafraout', '--auteur', 'Salma', '--osim', 'OSIM-FR-01'], ...WRITES, code: 2 },
  { name: 'new-unknown-province', args: ['new', '--yes', '--titre', 'La piste', '--province', 'Nowhere', '--commune', 'Tafraout', '--auteur', 'Salma', '--osim', 'OSIM-FR-01'], ...WRITES, code: 2 },
  { name: 'new-unknown-province-en', args: ['--lang', 'en', 'new', '--yes', '--titre', 'La piste', '--province', 'Nowhere', '--commune', 'Tafraout', '--auteur', 'Salma', '--osim', 'OSIM-FR-01'], ...WRITES, code: 2 },

  // review: refusals (the sheet is not changed)
  { name: 'review-missing-sheet-argument', args: ['review'], ...WRITES, code: 2 },
  { name: 'review-nothing-to-do', args: ['review', 're/RE-TIZ-01.yaml'], ...WRITES, code: 2, bin: 'scale' },
  { name: 'review-no-such-sheet', args: ['review', 'nope.yaml', '--statut', 'soumise'], ...WRITES, code: 2 },
  { name: 'review-unknown-status', args: ['review', 're/RE-TIZ-01.yaml', '--statut', 'bidon'], ...WRITES, code: 2 },
  { name: 'review-comment-without-field', args: ['review', 're/RE-TIZ-01.yaml', '--commentaire', 'À préciser'], ...WRITES, code: 2 },
  { name: 'review-no-such-comment', args: ['review', 're/RE-TIZ-01.yaml', '--resoudre', '9'], ...WRITES, code: 2 },
  { name: 'review-submit-incomplete', args: ['review', 're/RE-TIZ-01.yaml', '--statut', 'soumise'], ...WRITES, code: 1 },
  { name: 'review-submit-incomplete-en', args: ['--lang', 'en', 'review', 're/RE-TIZ-01.yaml', '--statut', 'soumise'], ...WRITES, code: 1 },
];
