import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers.js';

/**
 * A workspace without sheets — what `capi init` makes, and what its CI checks on the first push — is
 * no failure for the commands CI runs: a note, exit 0, nothing written. A path given that does not
 * exist is still an error (exit 2).
 */
let ws: string;
beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-empty-'));
  writeFileSync(path.join(ws, 'capi.config.yaml'), 'projet: Test\norganisation: Migrations & Développement\n');
  for (const dir of ['re', 'osim', 'images']) {
    mkdirSync(path.join(ws, dir));
    writeFileSync(path.join(ws, dir, '.gitkeep'), '');
  }
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('a workspace without sheets', () => {
  it('validate: exit 0', async () => {
    const r = await runCli(['validate'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/0 fiche vérifiée : aucune erreur/);
  });

  it('render: a note, exit 0, no output folder and no browser needed; also for an empty folder given', async () => {
    const env = { CAPI_BROWSER: path.join(ws, 'pas-de-navigateur') };
    for (const args of [[], ['re']]) {
      const r = await runCli(['render', ...args, '--out', 'dist'], { cwd: ws, env });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr).toBe(`Aucune fiche à produire dans « ${args[0] ?? '.'} » : rien à faire. Les fiches vont dans re/ (capi new) et osim/.\n`);
    }
    expect(existsSync(path.join(ws, 'dist'))).toBe(false);
    const en = await runCli(['render', '--lang', 'en'], { cwd: ws, env });
    expect(en.code).toBe(0);
    expect(en.stderr).toMatch(/^No sheet to render in « \. »: nothing to do\./);
  });

  it('links: an empty report, exit 0', async () => {
    const r = await runCli(['links', '--format', 'json'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ osim: [], orphanOsim: [], orphanRe: [] });
    expect((await runCli(['links'], { cwd: ws })).code).toBe(0);
  });

  it('validate re, status, report, booklet: a note or an empty dashboard, exit 0, nothing written', async () => {
    const env = { CAPI_BROWSER: path.join(ws, 'pas-de-navigateur') };
    const validate = await runCli(['validate', 're'], { cwd: ws });
    expect(validate.code, validate.stderr).toBe(0);
    const status = await runCli(['status', '--format', 'json'], { cwd: ws });
    expect(status.code, status.stderr).toBe(0);
    const report = await runCli(['report'], { cwd: ws, env });
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).toBe("Aucune fiche retour d'expérience dans « . » : pas de rapport à produire.\n");
    const booklet = await runCli(['booklet'], { cwd: ws, env });
    expect(booklet.code, booklet.stderr).toBe(0);
    expect(booklet.stderr).toBe("Aucune fiche retour d'expérience dans « . » : pas de recueil à produire.\n");
    expect(existsSync(path.join(ws, 'dist'))).toBe(false);
  });

  it('a path that does not exist is still an error (exit 2), for every command that reads sheets', async () => {
    for (const command of ['render', 'links', 'validate', 'status', 'report', 'booklet']) {
      const r = await runCli([command, 'absent'], { cwd: ws });
      expect(r.code, command).toBe(2);
      expect(r.stderr, command).toMatch(/« absent » n'existe pas/);
    }
  });
});
