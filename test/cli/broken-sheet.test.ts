import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers.js';

/** A validated sheet broken by a YAML mistake is named everywhere — never silently dropped or counted as clean. */
let ws: string;
let broken: string;
beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-broken-'));
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true, filter: (s) => !s.includes(`${path.sep}dist`) });
  const file = path.join(ws, 're/RE-TIZ-02.yaml');
  broken = readFileSync(file, 'utf8').replace(/^titre: /m, '\ttitre: ');
  writeFileSync(file, broken);
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('a sheet broken by a YAML mistake', () => {
  it('gives one message for one mistake', async () => {
    const r = await runCli(['validate', 're/RE-TIZ-02.yaml', '--format', 'json'], { cwd: ws });
    const errors = JSON.parse(r.stdout).diagnostics.filter((d: { severity: string }) => d.severity === 'error');
    expect(errors).toHaveLength(1);
  });

  it('is named and left out of the booklet, with exit 1', async () => {
    const r = await runCli(['booklet', '--format', 'docx', '--out', 'bk'], { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/re\/RE-TIZ-02\.yaml:\d+:\d+  erreur  /);
    expect(r.stderr).toMatch(/re\/RE-TIZ-02\.yaml : fiche illisible \(erreurs ci-dessus\), laissée hors du recueil\./);
  });

  it('counts its error in the dashboard, under its relative path', async () => {
    const r = await runCli(['status', '--format', 'json'], { cwd: ws });
    const row = JSON.parse(r.stdout).find((x: { file: string }) => x.file === 're/RE-TIZ-02.yaml');
    expect(row.errors).toBeGreaterThanOrEqual(1);
  });

  it('is not reviewed: its errors, exit 1, the file untouched', async () => {
    const r = await runCli(['review', 're/RE-TIZ-02.yaml', '--statut', 'a-reviser', '--relecteur', 'X'], { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/n'est pas une fiche lisible/);
    expect(readFileSync(path.join(ws, 're/RE-TIZ-02.yaml'), 'utf8')).toBe(broken);
  });

  it('the review version cannot be public (exit 2)', async () => {
    const r = await runCli(['render', '--relecture', '--edition', 'publique', '--format', 'html', '--out', 'x'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ne peut pas être publique/);
  });
});
