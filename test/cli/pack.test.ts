import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers.js';

/**
 * The package as people install it: `npm pack`, then `npm install <tarball>` in an empty folder
 * (dependencies from the npm registry), then the installed `capi` validates and renders the examples.
 * `npm test` has just built `build/` (pretest), so the pack skips its `prepack` build here
 * (`--ignore-scripts`): rebuilding while other test files run from `build/` could race with them.
 */
let work: string;
let project: string;
let tarball: string;
let installed: ReturnType<typeof spawnSync>;

const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  CI: 'true',
  PUPPETEER_SKIP_DOWNLOAD: '1',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_update_notifier: 'false',
  ...(process.env.npm_config_registry ? { npm_config_registry: process.env.npm_config_registry } : {}),
  ...(process.env.npm_config_cache ? { npm_config_cache: process.env.npm_config_cache } : {}),
};

const run = (command: string, args: string[], cwd: string, timeout = 120_000) =>
  spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout });

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'capi-pack-'));
  const packed = run('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--json'], ROOT);
  expect(packed.status, packed.stderr).toBe(0);
  tarball = path.join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);
  project = path.join(work, 'projet');
  cpSync(path.join(ROOT, 'examples'), project, { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'projet-fiches', private: true }, null, 2));
  installed = run('npm', ['install', '--no-save', '--no-package-lock', tarball], project, 180_000);
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true, maxRetries: 3 });
});

describe('npm pack, installed elsewhere', () => {
  it('ships bin, build, schemas, templates and data, and installs from the tarball', () => {
    expect(statSync(tarball).size).toBeGreaterThan(10_000);
    expect(installed.status, String(installed.stderr)).toBe(0);
    const pkg = path.join(project, 'node_modules', 'capi');
    for (const dir of ['bin', 'build', 'schemas', 'templates', 'data']) expect(existsSync(path.join(pkg, dir)), dir).toBe(true);
    // sources and tests stay out of the package
    expect(readdirSync(pkg).sort()).not.toContain('src');
    expect(readdirSync(pkg).sort()).not.toContain('test');
  });

  it('runs npx capi --version, validate and render (PDF and DOCX) in the new folder', () => {
    const version = run('npx', ['--no-install', 'capi', '--version'], project);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    const validate = run('npx', ['--no-install', 'capi', 'validate'], project);
    expect(validate.status, validate.stdout + validate.stderr).toBe(0);

    const render = run('npx', ['--no-install', 'capi', 'render', 're/RE-TIZ-01.yaml', '--format', 'pdf,docx', '--out', 'dist'], project, 180_000);
    expect(render.status, render.stderr).toBe(0);
    for (const ext of ['pdf', 'docx']) {
      const file = path.join(project, 'dist', `RE-TIZ-01.${ext}`);
      expect(existsSync(file), file).toBe(true);
      expect(statSync(file).size).toBeGreaterThan(5_000);
    }
  }, 240_000);
});
