import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers.js';
import { SLIP_FILE, SLIPS, slipBytes } from '../fixtures/slips/table.js';

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

  it('advises --fix only for a slip --fix repairs: a trailing « # commentaire » is fixed, curly quotes around curly quotes are left with the manual advice', async () => {
    const lieu = "lieu: Siège de la commune d'Afella Ighir";
    writeFileSync(sheet(), original.replace(lieu, "lieu: Siège : commune d'Afella Ighir # à vérifier"));
    const before = await runCli(['validate', 're/RE-TIZ-01.yaml'], { cwd: ws });
    expect(before.stdout).toMatch(/:96:13 {2}erreur .*ou lancez « capi validate --fix »/);
    const fixed = await runCli(['validate', '--fix', 're/RE-TIZ-01.yaml'], { cwd: ws });
    expect(fixed.code).toBe(0);
    expect(readFileSync(sheet(), 'utf8')).toBe(original.replace(lieu, `lieu: "Siège : commune d'Afella Ighir" # à vérifier`));
    // inner curly quotes: --fix cannot tell where the value ends, so the message must not send the person to it
    writeFileSync(sheet(), original.replace(/^titre: .*$/m, 'titre: “L’eau “au robinet” : une adduction”'));
    const manual = await runCli(['validate', 're/RE-TIZ-01.yaml'], { cwd: ws });
    expect(manual.stdout).toMatch(/:6:8 {2}erreur {2}Les guillemets typographiques .*Remplacez à la main/);
    expect(manual.stdout).not.toContain('lancez « capi validate --fix »');
    expect((await runCli(['validate', '--fix', 're/RE-TIZ-01.yaml'], { cwd: ws })).stdout).toContain('Rien à corriger automatiquement.');
  });

  it('with --format json the report stays alone on stdout (the diff goes to stderr), in English with --lang en', async () => {
    const r = await runCli(['validate', '--fix', '--format', 'json', '--lang', 'en'], { cwd: ws });
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).toContain('+titre: "L\'eau au robinet');
    expect(r.stderr).toMatch(/re\/RE-TIZ-01\.yaml: fixed — curly quotes/);
    expect(readFileSync(sheet(), 'utf8')).toBe(original);
  });
});

/**
 * `--fix` over every slip of the corpus marked fixable (test/fixtures/slips/table.ts), each as
 * re/RE-TIZ-01.yaml in a workspace made of examples/ parts: the diff is shown, the fixed file has no
 * error left, every comment line of the slipped file is still there, and a second run finds nothing.
 */
describe('capi validate --fix over every fixable slip of the corpus', () => {
  let slipsWs: string;
  beforeAll(() => {
    slipsWs = mkdtempSync(path.join(tmpdir(), 'capi-fix-slips-'));
    for (const part of ['capi.config.yaml', 'images', 'osim/OSIM-FR-01.yaml', 'osim/OSIM-FR-02.yaml']) cpSync(path.join(ROOT, 'examples', part), path.join(slipsWs, part), { recursive: true });
  });
  afterAll(() => rmSync(slipsWs, { recursive: true, force: true }));

  it('has fixable slips to run over', () => expect(SLIPS.filter((s) => s.fixable).length).toBeGreaterThanOrEqual(10));

  it.each(SLIPS.filter((s) => s.fixable).map((s) => [s.name, s] as const))('%s', async (_, slip) => {
    const file = path.join(slipsWs, 're', SLIP_FILE);
    mkdirSync(path.dirname(file), { recursive: true });
    const bytes = slipBytes(slip);
    writeFileSync(file, bytes);
    const r = await runCli(['validate', '--fix', `re/${SLIP_FILE}`], { cwd: slipsWs });
    expect(r.stdout).toContain(`--- re/${SLIP_FILE}\n+++ re/${SLIP_FILE}\n@@ `);
    expect(r.stdout).toMatch(new RegExp(`re/${SLIP_FILE} : corrigé — `));
    expect(r.stdout).not.toMatch(/non corrigé/);
    expect(r.stdout.split('\n').filter((l) => / erreur /.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    const fixed = readFileSync(file, 'utf8');
    const comments = (text: string) => text.split(/\r\n|\r|\n/).filter((l) => /^\s*#/.test(l)).map((l) => l.normalize('NFC'));
    expect(comments(fixed)).toEqual(comments(bytes.toString('utf8')));
    const again = await runCli(['validate', '--fix', `re/${SLIP_FILE}`], { cwd: slipsWs });
    expect(again.stdout).toContain('Rien à corriger automatiquement.');
    expect(readFileSync(file, 'utf8')).toBe(fixed);
  });
});
