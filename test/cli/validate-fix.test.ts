import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers.js';

/**
 * `capi validate --fix` as a researcher runs it, on a copy of examples/: a sheet with Word's curly
 * quotes and a Windows photo path is shown as a diff, written back to exactly the sheet meant, then
 * checked; `--dry-run` writes nothing; the other sheets are not written at all.
 */
let ws: string;
const sheet = () => path.join(ws, 're/RE-TIZ-01.yaml');
let original: string;
let slipped: string;

beforeEach(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-fix-'));
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
  original = readFileSync(sheet(), 'utf8');
  slipped = original
    .replace(/^titre: "(.*)"$/m, 'titre: “$1”')
    .replace('fichier: ../images/chateau-eau-afella-ighir.png', 'fichier: ..\\images\\chateau-eau-afella-ighir.png');
  expect(slipped).not.toBe(original);
  writeFileSync(sheet(), slipped);
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

/** Every file of the workspace's sheet folders with its bytes and modification time. */
function snapshot(): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of ['re', 'osim']) {
    for (const f of readdirSync(path.join(ws, dir))) {
      const p = path.join(ws, dir, f);
      out.set(p, `${statSync(p).mtimeMs} ${readFileSync(p, 'base64')}`);
    }
  }
  return out;
}

describe('capi validate --fix', () => {
  it('--dry-run shows the diff and what it would fix, writes nothing, and checks the files as they are (exit 1)', async () => {
    const before = snapshot();
    const r = await runCli(['validate', '--fix', '--dry-run'], { cwd: ws });
    expect(r.stdout).toContain('--- re/RE-TIZ-01.yaml\n+++ re/RE-TIZ-01.yaml\n@@ ');
    expect(r.stdout).toContain('\n-titre: “L\'eau au robinet');
    expect(r.stdout).toContain('\n+titre: "L\'eau au robinet');
    expect(r.stdout).toContain('\n-  - fichier: ..\\images\\chateau-eau-afella-ighir.png\n+  - fichier: ../images/chateau-eau-afella-ighir.png\n');
    expect(r.stdout).toMatch(/re\/RE-TIZ-01\.yaml : à corriger — guillemets typographiques .* \(ligne 6\)\./);
    expect(r.stdout).toMatch(/re\/RE-TIZ-01\.yaml : à corriger — barres obliques inverses .* \(ligne 356\)\./);
    expect(r.stdout).toContain("Rien n'a été écrit (--dry-run).");
    expect(snapshot()).toEqual(before);
    expect(r.code).toBe(1);
  });

  it('writes back exactly the sheet meant (comments, order, quoting kept), touches no other file, then checks: exit 0', async () => {
    const before = snapshot();
    const r = await runCli(['validate', '--fix'], { cwd: ws });
    expect(r.stdout).toMatch(/re\/RE-TIZ-01\.yaml : corrigé — guillemets typographiques/);
    expect(r.stderr).toMatch(/20 fiches vérifiées : 0 erreur/);
    expect(readFileSync(sheet(), 'utf8')).toBe(original);
    const after = snapshot();
    for (const [file, state] of before) if (file !== sheet()) expect(after.get(file), file).toBe(state);
    expect(readdirSync(path.join(ws, 're')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(r.code).toBe(0);
    // a second run has nothing to fix and writes nothing
    const again = snapshot();
    const r2 = await runCli(['validate', '--fix'], { cwd: ws });
    expect(r2.stdout).toContain('Rien à corriger automatiquement.');
    expect(snapshot()).toEqual(again);
  });

  it('says what is left for the person after fixing what it could', async () => {
    writeFileSync(sheet(), slipped.replace('statut: validee', 'statut: validée'));
    const r = await runCli(['validate', '--fix', 're/RE-TIZ-01.yaml'], { cwd: ws });
    expect(r.stdout).toMatch(/corrigé — guillemets typographiques/);
    expect(r.stdout).toMatch(/Reste à corriger à la main :\nre\/RE-TIZ-01\.yaml:\d+:\d+ {2}erreur {2}« validée »/);
    expect(readFileSync(sheet(), 'utf8')).toBe(original.replace('statut: validee', 'statut: validée'));
    expect(r.code).toBe(1);
  });

  it('with --format json the report stays alone on stdout (the diff goes to stderr), in English with --lang en', async () => {
    const r = await runCli(['validate', '--fix', '--format', 'json', '--lang', 'en'], { cwd: ws });
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).toContain('+titre: "L\'eau au robinet');
    expect(r.stderr).toMatch(/re\/RE-TIZ-01\.yaml: fixed — curly quotes/);
    expect(readFileSync(sheet(), 'utf8')).toBe(original);
  });
});
