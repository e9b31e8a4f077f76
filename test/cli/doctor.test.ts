import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBin, runCli } from '../helpers.js';
import { nodeVersionOk } from '../../src/cli/doctor.js';

let out: string;
/** For the checks that are not about the browser: a missing one answers at once instead of starting it. */
const NO_BROWSER = { CAPI_BROWSER: '/nulle/part/chrome' };
beforeAll(() => {
  out = mkdtempSync(path.join(tmpdir(), 'capi-doctor-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

/**
 * One real run (a subprocess with PATH: git and LibreOffice found, their versions asked); the other
 * tests run in-process with an environment without PATH (no LibreOffice or git probe, seconds each).
 */
describe('capi doctor', () => {
  it('passes on this machine: exit 0, the browser with its path and version, no probe file left', () => {
    const r = runBin(['doctor', '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^✓ Node\.js \d+\.\d+\.\d+$/m);
    expect(r.stdout).toMatch(/^✓ Navigateur pour les PDF : \/\S+ \(.*\d+\.\d+.*\)$/m);
    expect(r.stdout).toMatch(/^✓ Polices fournies avec capi : \d+ fichiers présents$/m);
    expect(r.stdout).toMatch(/^✓ Dossier de sortie .+ : écriture possible$/m);
    expect(r.stdout).toMatch(/git/);
    expect(r.stdout).toMatch(/LibreOffice/);
    expect(r.stdout).toMatch(/Tout est prêt\./);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('says what to do when CAPI_BROWSER names a missing file, and exits 1', async () => {
    const r = await runCli(['doctor', '--out', out], { env: { CAPI_BROWSER: path.join(out, 'pas-de-chromium') } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ Navigateur pour les PDF : introuvable$/m);
    expect(r.stdout).toMatch(/→ La variable CAPI_BROWSER indique le navigateur .*pas-de-chromium, qui n'existe pas/);
    expect(r.stdout).toMatch(/1 problème à corriger/);
    // the other checks still run
    expect(r.stdout).toMatch(/^✓ Node\.js/m);
  });

  it('does not create a missing output folder, and reports one it cannot write to', async () => {
    const missing = path.join(out, 'a', 'b');
    const ok = await runCli(['doctor', '--out', missing], { env: NO_BROWSER });
    expect(ok.stdout).toMatch(/sera créé/);
    expect(readdirSync(out)).toEqual([]);
    const bad = await runCli(['doctor', '--out', '/proc/capi-doctor'], { env: NO_BROWSER });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^✗ Dossier de sortie .+ : écriture impossible$/m);
    expect(bad.stdout).toMatch(/--out/);
  });

  it('compares Node versions with the minimum 20.12', () => {
    expect(nodeVersionOk('20.12.0')).toBe(true);
    expect(nodeVersionOk('v22.1.0')).toBe(true);
    expect(nodeVersionOk('20.11.9')).toBe(false);
    expect(nodeVersionOk('18.20.0')).toBe(false);
  });
});

describe('capi doctor reads the workspace configuration', () => {
  it('probes the configured « sortie », relative to the workspace, wherever it is run from', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'capi-doctor-ws-'));
    try {
      writeFileSync(path.join(ws, 'capi.config.yaml'), 'projet: Essai\nsortie: publications\n');
      mkdirSync(path.join(ws, 're'));
      const r = await runCli(['doctor'], { cwd: path.join(ws, 're'), env: NO_BROWSER });
      expect(r.stdout).toContain(`✓ Dossier de sortie ${path.join(ws, 'publications')}/ : sera créé, écriture possible\n`);
      expect(existsSync(path.join(ws, 'publications'))).toBe(false);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('names each error of a broken capi.config.yaml with its line:column, and exits 1', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'capi-doctor-ws-'));
    try {
      writeFileSync(path.join(ws, 'capi.config.yaml'), 'projet: Essai\neditions: [interne, secrete]\n');
      const r = await runCli(['doctor', '--out', out], { cwd: ws, env: NO_BROWSER });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^✗ Configuration capi\.config\.yaml : 1 erreur$/m);
      expect(r.stdout).toMatch(/capi\.config\.yaml:2:21 .*secrete/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
