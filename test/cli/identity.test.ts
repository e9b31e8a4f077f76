import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers.js';
import { commandPackage } from '../../src/util/identity.js';
import { parseSource } from '../../src/cli/init-package.js';
import { checkPathCommand, checkRunning } from '../../src/cli/doctor-identity.js';
import { setLang } from '../../src/i18n/index.js';

/**
 * Ways of installing or running capi by the bare name `capi`, which on the npm registry is an
 * unrelated package: `npm install -g capi`, `npm i capi@0.1.0`, `npx capi`, `npm exec capi`, `capi@0.1.0`.
 * `npx --no-install capi` (the workspace's own capi) and `@migdev/capi@0.1.0` are fine.
 */
const BARE = [
  /\bnpm\s+(?:install|i|add)\s+(?:-\S+\s+)*capi(?![\w./-])/,
  /\bnpx\s+(?:(?!--no-install\b)-\S+\s+)*capi(?![\w./-])/,
  /\bnpm\s+exec\s+(?:(?!--no-install\b)-\S+\s+)*capi(?![\w./-])/,
  /(?<![\w/@-])capi@\d/,
];
const bare = (text: string) => BARE.some((re) => re.test(text));

/** Text files under `dir`, recursively (not node_modules, build, dist, .git). */
function files(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'build', 'dist', '.git'].includes(entry.name)) out.push(...files(full));
    } else if (/\.(md|ts|mjs|js|json|ya?ml|sh|hbs|txt)$|^[a-z-]+$/.test(entry.name) && statSync(full).size < 2_000_000) {
      out.push(full);
    }
  }
  return out;
}

describe('one identity: nothing capi writes or ships installs or runs capi by its bare name', () => {
  it('recognises the bare forms and lets the owned ones through', () => {
    for (const s of ['npm install -g capi', 'npm i capi', 'npm install -g capi@0.1.0', 'npx capi render', 'npx -y capi', 'npm exec capi', 'pin capi@0.1.0']) expect(bare(s), s).toBe(true);
    for (const s of ['npx --no-install capi render', 'npm install -D @migdev/capi@0.1.0', 'npm install /path/migdev-capi-0.1.0.tgz', 'npm install -g @migdev/capi', 'npm uninstall -g capi', 'capi validate'])
      expect(bare(s), s).toBe(false);
  });

  it('finds none in README, docs, templates, sources, tests, scripts, bench and examples', () => {
    const self = path.join(ROOT, 'test', 'cli', 'identity.test.ts');
    const scanned = ['README.md', 'docs', 'templates', 'src', 'test', 'scripts', 'bench', 'examples']
      .flatMap((p) => (statSync(path.join(ROOT, p)).isDirectory() ? files(path.join(ROOT, p)) : [path.join(ROOT, p)]))
      .filter((f) => f !== self);
    expect(scanned.length).toBeGreaterThan(100);
    const found = scanned.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => (bare(line) ? `${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}` : ''))
        .filter(Boolean),
    );
    expect(found).toEqual([]);
  });

  it('is published as @migdev/capi, with the command capi', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('@migdev/capi');
    expect(pkg.bin).toEqual({ capi: 'bin/capi.js' });
    expect(pkg.publishConfig).toEqual({ access: 'public' });
  });
});

describe('capi init --source', () => {
  const cwd = ROOT;
  it('reads a registry spec of @migdev/capi, a bare version or range, a git URL with a tag, a tarball URL or file', () => {
    expect(parseSource('@migdev/capi@0.2.0', cwd)).toEqual({ kind: 'registry', spec: '0.2.0' });
    expect(parseSource('@migdev/capi', cwd)).toEqual({ kind: 'registry', spec: 'latest' });
    expect(parseSource('0.2.0', cwd)).toEqual({ kind: 'registry', spec: '0.2.0' });
    expect(parseSource('^0.2', cwd)).toEqual({ kind: 'registry', spec: '^0.2' });
    expect(parseSource('git+https://git.example.org/migdev/capi.git#v0.2.0', cwd)).toEqual({ kind: 'git', spec: 'git+https://git.example.org/migdev/capi.git#v0.2.0' });
    expect(parseSource('github:migdev/capi#semver:^0.2', cwd).kind).toBe('git');
    expect(parseSource('https://example.org/migdev-capi-0.2.0.tgz', cwd)).toEqual({ kind: 'remote', spec: 'https://example.org/migdev-capi-0.2.0.tgz' });
    const dir = mkdtempSync(path.join(tmpdir(), 'capi-source-'));
    try {
      const tgz = path.join(dir, 'migdev-capi-0.2.0.tgz');
      writeFileSync(tgz, 'x');
      expect(parseSource(tgz, cwd)).toEqual({ kind: 'tarball', spec: tgz, tarball: tgz });
      expect(parseSource('migdev-capi-0.2.0.tgz', dir)).toEqual({ kind: 'tarball', spec: tgz, tarball: tgz });
      expect(() => parseSource('package.json', ROOT)).toThrow(/n'est pas une archive \.tgz/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses another package, a git URL without a tag, a folder and a missing file', () => {
    expect(() => parseSource('capi@0.1.0', cwd)).toThrow(/paquet npm « capi », qui n'est pas capi/);
    expect(() => parseSource('capi', cwd)).toThrow(/paquet npm « capi »/);
    expect(() => parseSource('left-pad@1.0.0', cwd)).toThrow(/paquet npm « left-pad »/);
    expect(() => parseSource('github:migdev/capi', cwd)).toThrow(/n'indique pas de version/);
    expect(() => parseSource('./src', cwd)).toThrow(/est un dossier/);
    expect(() => parseSource('./absent.tgz', cwd)).toThrow(/n'existe pas/);
  });
});

describe('capi doctor: which capi runs, and which one the PATH holds', () => {
  let dir: string;
  let bin: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'capi-identity-'));
    bin = path.join(dir, 'bin');
    mkdirSync(bin);
    // the unrelated npm package « capi », installed globally by an old guide
    const stranger = path.join(dir, 'lib', 'node_modules', 'capi');
    mkdirSync(path.join(stranger, 'bin'), { recursive: true });
    writeFileSync(path.join(stranger, 'package.json'), JSON.stringify({ name: 'capi', version: '0.0.1', bin: { capi: 'bin/capi.js' } }));
    writeFileSync(path.join(stranger, 'bin', 'capi.js'), '#!/usr/bin/env node\n', { mode: 0o755 });
    symlinkSync(path.join(stranger, 'bin', 'capi.js'), path.join(bin, 'capi'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tells a command’s package by following npm’s link, or by reading npm’s shim', () => {
    expect(commandPackage(path.join(bin, 'capi'))).toMatchObject({ name: 'capi', version: '0.0.1' });
    // a shim (Windows capi.cmd, or npm's sh shim) names the script it runs
    const shims = path.join(dir, 'shims');
    mkdirSync(path.join(shims, 'node_modules', '@migdev'), { recursive: true });
    symlinkSync(ROOT, path.join(shims, 'node_modules', '@migdev', 'capi'));
    writeFileSync(path.join(shims, 'capi.cmd'), '@ECHO off\r\n"%_prog%"  "%dp0%\\node_modules\\@migdev\\capi\\bin\\capi.js" %*\r\n');
    expect(commandPackage(path.join(shims, 'capi.cmd'))).toMatchObject({ name: '@migdev/capi' });
    expect(commandPackage(path.join(dir, 'absent'))).toBeUndefined();
  });

  it('prints the running capi, and warns (exit 1) when the capi on PATH is another package', async () => {
    // in-process (capi doctor as a subprocess: ../cli/doctor.test.ts), with the PATH given to capi
    const r = await runCli(['doctor', '--out', path.join(dir, 'out')], { env: { PATH: `${bin}${path.delimiter}${process.env.PATH}`, HOME: process.env.HOME } });
    expect(r.stdout).toMatch(new RegExp(`^✓ capi en cours : @migdev/capi \\d+\\.\\d+\\.\\d+ \\(${ROOT.replace(/\/$/, '')}\\)$`, 'm'));
    expect(r.stdout).toMatch(/^✗ Commande capi sur le PATH : .*\/bin\/capi est le paquet « capi » 0\.0\.1, pas @migdev\/capi$/m);
    expect(r.stdout).toMatch(/→ Ce n'est pas ce capi .*npm uninstall -g capi.*npx --no-install capi/);
    expect(r.code).toBe(1);
    // exit 1 for that alone: every other required check passes (the browser, LibreOffice, git…)
    expect(r.stdout.split('\n').filter((l) => l.startsWith('✗'))).toHaveLength(1);
    setLang('en');
    try {
      expect(checkPathCommand({ PATH: bin }).text).toMatch(/^capi command on the PATH: .* is the package « capi » 0\.0\.1, not @migdev\/capi$/);
    } finally {
      setLang('fr');
    }
  });

  it('says « none » (optional) when no capi is on the PATH, ✓ when it is this package, and which capi runs', () => {
    expect(checkPathCommand({ PATH: path.join(dir, 'empty') })).toMatchObject({ ok: false, required: false, text: 'Commande capi sur le PATH : aucune' });
    const own = path.join(dir, 'own');
    mkdirSync(own);
    symlinkSync(path.join(ROOT, 'bin', 'capi.js'), path.join(own, 'capi'));
    const ok = checkPathCommand({ PATH: `${own}${path.delimiter}${bin}` });
    expect(ok).toMatchObject({ ok: true, required: true });
    expect(ok.text).toMatch(/^Commande capi sur le PATH : .*\/own\/capi → @migdev\/capi \d+\.\d+\.\d+/);
    // a workspace with its own capi in node_modules, run by another capi: say to use npx --no-install
    const ws = path.join(dir, 'ws');
    mkdirSync(path.join(ws, 'node_modules', '@migdev', 'capi'), { recursive: true });
    writeFileSync(path.join(ws, 'capi.config.yaml'), 'projet: x\n');
    writeFileSync(path.join(ws, 'node_modules', '@migdev', 'capi', 'package.json'), JSON.stringify({ name: '@migdev/capi', version: '0.0.9' }));
    const running = checkRunning(ws);
    expect(running).toMatchObject({ ok: false, required: false });
    expect(running.fix).toMatch(/propre capi \(0\.0\.9, .*npx --no-install capi/);
    expect(checkRunning(dir)).toMatchObject({ ok: true, required: true });
  });
});
