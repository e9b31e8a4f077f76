import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers.js';

/**
 * capi as a workspace gets it, and the CI files `capi init` writes, run for real (issue 10):
 *
 * 1. `npm pack` once (`npm test` has just built `build/`; `--ignore-scripts` skips the `prepack` build,
 *    which could race with other test files running from `build/`);
 * 2. `capi init --source <tarball>` in a brand-new folder with a fresh HOME: it copies the tarball into
 *    the workspace, writes package.json and runs `npm install`, which writes package-lock.json;
 * 3. every shell step of the generated GitHub workflow (`run:`) and GitLab file (`before_script:`,
 *    `script:`, job by job in stage order, each job in a fresh copy) runs in order with bash, on a fresh
 *    workspace, on examples copied into one, and on one with a broken sheet.
 *
 * No registry is needed: npm reads capi's dependencies from the machine's npm cache (`--prefer-offline`;
 * the first run on a machine whose cache lacks their metadata fetches it once). The test stands in for
 * the network and the runner, not for the steps: `uses:` steps are skipped, apt lines too when
 * Chromium is installed, the runner's Google Chrome is this machine's Chromium, and `npm ci` runs for
 * real in the first workspace, then is replaced by a copy of the node_modules it installed.
 */
let work: string;
let tarball: string;
let reference: string;
let modules: string;
let baseEnv: NodeJS.ProcessEnv;
let initRun: ReturnType<typeof spawnSync>;

const sh = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout = 240_000) => spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout });

/** The npm cache of this machine (where `npm ci` of capi's own repository put its dependencies). */
function npmCache(): string {
  if (process.env.npm_config_cache) return process.env.npm_config_cache;
  const r = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8', env: process.env });
  return r.stdout.trim();
}

/** A workspace copied from the reference one (without node_modules), then filled by `fill`. */
function workspace(name: string, fill: (dir: string) => void = () => undefined): string {
  const dir = path.join(work, name);
  cpSync(reference, dir, { recursive: true });
  fill(dir);
  return dir;
}

/** The examples' configuration and images, and two of their sheets (few, to keep the render short): an RE sheet with a photo and its OSIM sheet. */
function fillExamples(dir: string): void {
  const ex = path.join(ROOT, 'examples');
  cpSync(path.join(ex, 'capi.config.yaml'), path.join(dir, 'capi.config.yaml'));
  cpSync(path.join(ex, 'images'), path.join(dir, 'images'), { recursive: true });
  for (const f of ['re/RE-TIZ-01.yaml', 'osim/OSIM-FR-01.yaml']) cpSync(path.join(ex, f), path.join(dir, f));
}

interface StepRun {
  name: string;
  status: number | null;
  output: string;
}

/** True when a step only installs system packages that this machine already has (Chromium). */
const aptSkippable = (script: string) => /apt-get install/.test(script) && spawnSync('bash', ['-c', 'command -v chromium'], { env: baseEnv }).status === 0;

/** Runs one shell script as a CI runner does (bash, stop at the first failing command). */
function runScript(script: string, cwd: string, env: NodeJS.ProcessEnv): { status: number | null; output: string } {
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
}

/** The environment of a CI job: npm ci replaced by a copy of node_modules unless `realNpmCi`. */
function jobEnv(dir: string, realNpmCi: boolean, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...baseEnv, ...extra, CAPI_TEST_NODE_MODULES: realNpmCi ? '' : modules, CI: 'true' };
}

/** Runs the GitHub workflow's `run:` steps in `dir`, in order, until one fails; `$GITHUB_ENV` is honoured. */
function runGithub(dir: string, realNpmCi = false): StepRun[] {
  const workflow = parse(readFileSync(path.join(dir, '.github/workflows/capi.yml'), 'utf8'));
  const job = Object.values(workflow.jobs as Record<string, { steps: { name?: string; run?: string; uses?: string }[] }>)[0]!;
  const githubEnv = path.join(dir, '..', `${path.basename(dir)}.github-env`);
  const summary = path.join(dir, '..', `${path.basename(dir)}.summary.md`);
  writeFileSync(githubEnv, '');
  const runs: StepRun[] = [];
  for (const step of job.steps) {
    if (!step.run || aptSkippable(step.run)) continue;
    const added = Object.fromEntries(
      readFileSync(githubEnv, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const env = jobEnv(dir, realNpmCi, { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir, GITHUB_ENV: githubEnv, GITHUB_STEP_SUMMARY: summary, ...added });
    const r = runScript(step.run, dir, env);
    runs.push({ name: step.name ?? step.run, ...r });
    if (r.status !== 0) break;
  }
  return runs;
}

type GitlabJob = { stage?: string; extends?: string; variables?: Record<string, string>; before_script?: string[]; script?: string[] };

/** A GitLab job with its `extends:` applied (hashes merged, other keys replaced), as GitLab does. */
function resolveJob(file: Record<string, unknown>, job: GitlabJob): GitlabJob {
  if (!job.extends) return job;
  const base = resolveJob(file, file[job.extends] as GitlabJob);
  return { ...base, ...job, variables: { ...base.variables, ...job.variables } };
}

/**
 * Runs the GitLab file's jobs in stage order, each in a fresh copy of `dir` (a new checkout), until a
 * job fails; global and job variables are set, `$CI_PROJECT_DIR` expanded.
 */
function runGitlab(dir: string, realNpmCi = false): StepRun[] {
  const file = parse(readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')) as Record<string, unknown> & { stages: string[]; variables?: Record<string, string> };
  const jobs = Object.entries(file)
    .filter(([name, v]) => !name.startsWith('.') && v && typeof v === 'object' && 'script' in (v as object))
    .map(([name, v]) => [name, resolveJob(file, v as GitlabJob)] as const)
    .sort((a, b) => file.stages.indexOf(a[1].stage ?? 'test') - file.stages.indexOf(b[1].stage ?? 'test'));
  const runs: StepRun[] = [];
  for (const [name, job] of jobs) {
    const checkout = path.join(work, `${path.basename(dir)}-gitlab-${name}`);
    cpSync(dir, checkout, { recursive: true });
    const vars = Object.fromEntries(Object.entries({ ...file.variables, ...job.variables }).map(([k, v]) => [k, String(v).replace(/\$\{?CI_PROJECT_DIR\}?/g, checkout)]));
    // the npm cache stands for the network: the machine's, not the job's empty one
    const env = jobEnv(checkout, realNpmCi, { GITLAB_CI: 'true', CI_PROJECT_DIR: checkout, ...vars, npm_config_cache: baseEnv.npm_config_cache });
    const lines = [...(job.before_script ?? []), ...(job.script ?? [])].filter((l) => !aptSkippable(l));
    const r = runScript(lines.join('\n'), checkout, env);
    runs.push({ name, ...r });
    if (r.status !== 0) break;
  }
  return runs;
}

const failures = (runs: StepRun[]) => runs.filter((r) => r.status !== 0).map((r) => `${r.name} (exit ${r.status})\n${r.output}`);

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'capi-ci-'));
  const cache = npmCache();
  const home = path.join(work, 'home');
  const bin = path.join(work, 'bin');
  mkdirSync(home);
  mkdirSync(bin);
  // the runner's Google Chrome: this machine's Chromium under that name
  const chromium = spawnSync('bash', ['-c', 'command -v chromium || command -v chromium-browser || command -v google-chrome'], { encoding: 'utf8' }).stdout.trim();
  if (chromium && !chromium.endsWith('google-chrome')) symlinkSync(chromium, path.join(bin, 'google-chrome'));
  // npm ci: real when CAPI_TEST_NODE_MODULES is empty, else a copy (hard links) of the node_modules it made
  const npm = spawnSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(
    path.join(bin, 'npm'),
    `#!/bin/sh\nif [ "$1" = ci ] && [ -n "$CAPI_TEST_NODE_MODULES" ]; then rm -rf node_modules && cp -al "$CAPI_TEST_NODE_MODULES" node_modules && exit 0; fi\nexec "${npm}" "$@"\n`,
  );
  chmodSync(path.join(bin, 'npm'), 0o755);
  baseEnv = {
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    HOME: home,
    LANG: 'C.UTF-8',
    PUPPETEER_SKIP_DOWNLOAD: '1',
    npm_config_cache: cache,
    npm_config_prefer_offline: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    ...(process.env.npm_config_registry ? { npm_config_registry: process.env.npm_config_registry } : {}),
  };

  const packed = sh('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--json'], ROOT, baseEnv);
  expect(packed.status, packed.stderr).toBe(0);
  tarball = path.join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);

  // the one npm install: capi init in a brand-new folder, capi from the tarball
  reference = path.join(work, 'fiches-souss-massa');
  initRun = sh(process.execPath, [path.join(ROOT, 'bin/capi.js'), 'init', reference, '--yes', '--source', tarball], work, baseEnv);
  modules = path.join(work, 'node_modules.reference');
  if (existsSync(path.join(reference, 'node_modules'))) renameSync(path.join(reference, 'node_modules'), modules);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true, maxRetries: 3 });
});

describe('npm pack, then capi init --source <tarball>', () => {
  it('ships bin, build, schemas, templates and data under the name @migdev/capi, without sources or tests', () => {
    expect(statSync(tarball).size).toBeGreaterThan(10_000);
    expect(path.basename(tarball)).toMatch(/^migdev-capi-\d+\.\d+\.\d+\.tgz$/);
    const list = sh('tar', ['tzf', tarball], work, baseEnv).stdout.split('\n');
    for (const dir of ['bin', 'build', 'schemas', 'templates', 'data']) expect(list.some((f) => f.startsWith(`package/${dir}/`)), dir).toBe(true);
    expect(list.some((f) => /^package\/(src|test)\//.test(f))).toBe(false);
  });

  it('pins capi in the workspace: package.json, the tarball copied beside it, package-lock.json', () => {
    expect(initRun.status, `${initRun.stdout}${initRun.stderr}`).toBe(0);
    const name = path.basename(tarball);
    const pkg = JSON.parse(readFileSync(path.join(reference, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'fiches-souss-massa', private: true, devDependencies: { '@migdev/capi': `file:.capi/${name}` } });
    expect(readFileSync(path.join(reference, '.capi', name)).equals(readFileSync(tarball))).toBe(true);
    const lock = JSON.parse(readFileSync(path.join(reference, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/@migdev/capi']).toMatchObject({ resolved: `file:.capi/${name}`, dev: true });
    expect(initRun.stdout).toMatch(/^ {2}créé {9}package\.json$/m);
    expect(initRun.stderr).toMatch(/git add package\.json package-lock\.json \.capi\/migdev-capi-/);
    expect(existsSync(path.join(modules, '.bin', 'capi'))).toBe(true);
  });

  it('npx --no-install capi runs the workspace’s capi, and doctor says so', () => {
    const dir = workspace('doctor');
    expect(sh('cp', ['-al', modules, path.join(dir, 'node_modules')], work, baseEnv).status).toBe(0);
    const r = sh('npx', ['--no-install', 'capi', 'doctor', '--out', 'dist'], dir, baseEnv);
    expect(r.stdout).toMatch(new RegExp(`^✓ capi en cours : @migdev/capi \\d+\\.\\d+\\.\\d+ \\(${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/node_modules/@migdev/capi\\)$`, 'm'));
    expect(r.stdout).toMatch(/^✓ Commande capi sur le PATH : .*node_modules\/\.bin\/capi → @migdev\/capi /m);
  }, 120_000);
});

describe('the generated CI, step by step', () => {
  it('passes every step on the fresh workspace (npm ci for real, nothing to render)', () => {
    const dir = workspace('vide');
    const github = runGithub(dir, true);
    expect(failures(github)).toEqual([]);
    expect(github.map((r) => r.name)).toEqual(['Installer capi (npm ci)', 'Choisir le navigateur (Google Chrome)', 'Vérifier les fiches (capi validate)', 'Produire les PDF et DOCX (capi render)']);
    expect(github[3]!.output).toMatch(/Aucune fiche à produire/);
    expect(existsSync(path.join(dir, 'node_modules', '@migdev', 'capi', 'package.json'))).toBe(true);
    const gitlab = runGitlab(workspace('vide-gl'));
    expect(failures(gitlab)).toEqual([]);
    expect(gitlab.map((r) => r.name)).toEqual(['verifier', 'rendu']);
  }, 240_000);

  it('passes on the examples, and renders their PDF and DOCX with the runner’s Chrome', () => {
    const dir = workspace('exemples', fillExamples);
    const github = runGithub(dir);
    expect(failures(github)).toEqual([]);
    expect(github).toHaveLength(4);
    for (const id of ['RE-TIZ-01', 'OSIM-FR-01']) {
      for (const ext of ['pdf', 'docx']) expect(statSync(path.join(dir, 'dist', `${id}.${ext}`)).size, `${id}.${ext}`).toBeGreaterThan(5_000);
    }
    const gitlabDir = workspace('exemples-gl', fillExamples);
    const gitlab = runGitlab(gitlabDir);
    expect(failures(gitlab)).toEqual([]);
    expect(readFileSync(path.join(work, 'exemples-gl-gitlab-verifier', 'capi-junit.xml'), 'utf8')).toMatch(/<testsuites[^>]*failures="0"/);
    expect(readdirSync(path.join(work, 'exemples-gl-gitlab-rendu', 'dist')).sort()).toEqual(expect.arrayContaining(['OSIM-FR-01.pdf', 'RE-TIZ-01.docx']));
  }, 240_000);

  it('fails at the check on a sheet with an error, and renders nothing', () => {
    const broken = (dir: string) => {
      fillExamples(dir);
      const file = path.join(dir, 're', 'RE-TIZ-01.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^statut: .*$/m, 'statut: validé'));
    };
    const dir = workspace('cassee', broken);
    const github = runGithub(dir);
    expect(github.at(-1)).toMatchObject({ name: 'Vérifier les fiches (capi validate)', status: 1 });
    expect(github.at(-1)!.output).toMatch(/::error file=re\/RE-TIZ-01\.yaml,line=\d+/);
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    const gitlab = runGitlab(workspace('cassee-gl', broken));
    expect(gitlab.map((r) => [r.name, r.status])).toEqual([['verifier', 1]]);
    expect(readFileSync(path.join(work, 'cassee-gl-gitlab-verifier', 'capi-junit.xml'), 'utf8')).toMatch(/<failure/);
  }, 240_000);
});
