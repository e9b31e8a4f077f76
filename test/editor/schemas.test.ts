import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';
import { readSchema, validatorFor } from '../../src/validate/schemas.js';
import { bundledSchema } from '../../src/validate/bundle.js';

type Node = Record<string, unknown>;

/** Every property schema (`properties` entries, at any depth, outside if/then constraints), with its path. */
function properties(node: unknown, at = ''): Array<{ at: string; schema: Node }> {
  if (!node || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap((n, i) => properties(n, `${at}/${i}`));
  const out: Array<{ at: string; schema: Node }> = [];
  for (const [key, value] of Object.entries(node as Node)) {
    if (['allOf', 'if', 'then', 'else', 'contains', 'not', 'examples', 'enum', 'x-labels', 'const'].includes(key)) continue;
    if (key === 'properties') {
      for (const [name, schema] of Object.entries(value as Record<string, Node>)) {
        out.push({ at: `${at}/properties/${name}`, schema }, ...properties(schema, `${at}/properties/${name}`));
      }
    } else out.push(...properties(value, `${at}/${key}`));
  }
  return out;
}

const KINDS = ['common', 're', 'osim', 'config'] as const;

describe('schemas: help for editors', () => {
  for (const kind of KINDS) {
    it(`${kind}: every property has a French title and description`, () => {
      const missing = properties(readSchema(kind))
        .filter(({ schema }) => typeof schema.title !== 'string' || typeof schema.description !== 'string')
        .map(({ at }) => at);
      expect(missing).toEqual([]);
    });

    it(`${kind}: every property with a format or pattern has examples that pass it`, () => {
      const props = properties(readSchema(kind)).filter(({ schema }) => 'format' in schema || 'pattern' in schema);
      expect(props.filter(({ schema }) => !Array.isArray(schema.examples) || schema.examples.length === 0).map(({ at }) => at)).toEqual([]);
      for (const { at, schema } of props) {
        for (const example of schema.examples as unknown[]) {
          if (typeof schema.pattern === 'string') expect(new RegExp(schema.pattern, 'u').test(String(example)), `${at}: ${String(example)}`).toBe(true);
        }
      }
    });
  }

  it('Ajv (strict) compiles the schemas with the editor keywords (markdownDescription, markdownEnumDescriptions)', () => {
    for (const kind of ['re', 'osim', 'config'] as const) expect(typeof validatorFor(kind)).toBe('function');
    const statut = (readSchema('common') as { $defs: Record<string, Node> }).$defs.statut;
    expect(statut.markdownDescription).toMatch(/cycle de relecture/);
    expect(statut.markdownEnumDescriptions).toHaveLength(4);
  });

  it('the examples workspace configuration is valid, and the stable $ids are kept', () => {
    for (const kind of KINDS) expect(readSchema(kind).$id).toBe(`https://capi.migrations-developpement.org/schemas/${kind}.schema.json`);
  });
});

describe('capi schema', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'capi-schema-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the bundled RE schema by default (JSON, 2-space indent), with no reference to another file', async () => {
    const { code, stdout } = await runCli(['schema']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${JSON.stringify(bundledSchema('re'), null, 2)}\n`);
    expect(JSON.parse(stdout).$id).toBe('https://capi.migrations-developpement.org/schemas/re.schema.json');
    expect(stdout).not.toContain('common.schema.json#');
  });

  it('--kind osim|config and --out write the file (folders created)', async () => {
    for (const kind of ['osim', 'config'] as const) {
      const out = path.join(dir, 'sub', `${kind}.json`);
      const { code, stdout, stderr } = await runCli(['schema', '--kind', kind, '--out', out]);
      expect(code, stderr).toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toContain(`${kind}.json`);
      expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(bundledSchema(kind));
    }
  });

  it('refuses an unknown kind (exit 2)', async () => {
    const { code, stderr } = await runCli(['schema', '--kind', 'fiche']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/re, osim, config/);
  });
});

describe('capi validate: capi.config.yaml', () => {
  let ws: string;
  beforeAll(() => {
    ws = mkdtempSync(path.join(tmpdir(), 'capi-config-'));
    cpSync(path.join(ROOT, 'examples'), ws, { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
  });
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('accepts the examples configuration and the capi init template', async () => {
    expect((await runCli(['validate', '-q'], { cwd: ws })).code).toBe(0);
    const template = readFileSync(path.join(ROOT, 'templates/init/capi.config.yaml'), 'utf8').replace(/\{\{\w+\}\}/g, 'X');
    writeFileSync(path.join(ws, 'capi.config.yaml'), template);
    const { code, stdout } = await runCli(['validate', '-q'], { cwd: ws });
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });

  it('reports mistakes with the configuration file, line and column', async () => {
    writeFileSync(
      path.join(ws, 'capi.config.yaml'),
      ['projet: Test', 'logos: images/logo.png', 'editions: tout', 'chercheurs:', '  - nom: Salma', '    territoires:', '      - { province: Tiznit, comune: Tafraout }', 'sortie: 3', ''].join('\n'),
    );
    const { code, stdout } = await runCli(['validate', '--format', 'json'], { cwd: ws });
    expect(code).toBe(1);
    const errors = (JSON.parse(stdout) as { diagnostics: Array<{ file: string; line: number; column: number; code: string; message: string; hint?: string; severity: string }> }).diagnostics.filter(
      (d) => d.file === 'capi.config.yaml',
    );
    const at = (line: number) => errors.find((d) => d.line === line);
    expect(at(2)).toMatchObject({ column: 1, code: 'schema.unknown-key', hint: expect.stringContaining('logo') });
    expect(at(2)?.message).toContain('le fichier de configuration');
    expect(at(3)).toMatchObject({ column: 11, severity: 'error' });
    expect(errors.filter((d) => d.line === 7)).toContainEqual(expect.objectContaining({ code: 'schema.unknown-key', hint: expect.stringContaining('commune') }));
    expect(at(8)).toMatchObject({ column: 9, code: 'schema.type' });
    // the text format names the file too
    const text = await runCli(['validate', '-q'], { cwd: ws });
    expect(text.stdout).toMatch(/^capi\.config\.yaml:2:1 +erreur +Clé inconnue « logos »/m);
    // given by name, the configuration is checked as a configuration (not as a sheet without « fiche »)
    const byName = await runCli(['validate', 'capi.config.yaml', '--format', 'json'], { cwd: ws });
    expect(byName.code).toBe(1);
    expect(JSON.parse(byName.stdout).diagnostics.map((d: { code: string }) => d.code)).not.toContain('schema.no-kind');
    // checking one folder of sheets leaves the configuration alone
    expect((await runCli(['validate', 're', '-q'], { cwd: ws })).code).toBe(0);
  });

  it('reports YAML syntax mistakes in the configuration at their place', async () => {
    writeFileSync(path.join(ws, 'capi.config.yaml'), 'projet: Test\nrecueil:\n  titre: "Regards croisés\n');
    const { code, stdout } = await runCli(['validate', '-q'], { cwd: ws });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^capi\.config\.yaml:3:\d+ +erreur/m);
  });
});
