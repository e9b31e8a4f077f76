import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers.js';
import { processesLeft, until } from '../helpers/wait.js';

/**
 * `capi render --watch` as people use it: a subprocess in a copy of an example and its OSIM sheet, a sheet edited while
 * it runs, then Ctrl+C (SIGINT). Its own TMPDIR holds the browser's profile, so we can check that the
 * browser is gone afterwards.
 */
let work: string;
let temp: string;
let child: ChildProcess | undefined;
let stdout = '';
let stderr = '';

/** Waits for `test()`, checked at each output of capi and each change in its output folder (no sleep). */
const waitFor = (what: string, test: () => boolean) =>
  until(what, test, { child, dirs: () => [path.join(work, 'ws', 'dist')], said: () => `stdout: ${stdout}\nstderr: ${stderr}` });

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'capi-watch-'));
  // the sheet watched and what it needs (its OSIM sheet, the photos): all twenty examples, checked at
  // each render, cost the suite a few seconds more for nothing the test looks at (issue 14)
  for (const part of ['capi.config.yaml', 'glossaire.yaml', 'images', 're/RE-TIZ-01.yaml', 'osim/OSIM-FR-01.yaml']) cpSync(path.join(ROOT, 'examples', part), path.join(work, 'ws', part), { recursive: true });
  temp = path.join(work, 'tmp');
  mkdirSync(temp);
});
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true, maxRetries: 3 });
});

describe('capi render --watch', () => {
  it('renders, renders again the edited sheet (HTML with auto-refresh), keeps the last good output, stops cleanly on Ctrl+C', async () => {
    const ws = path.join(work, 'ws');
    const sheet = path.join(ws, 're', 'RE-TIZ-01.yaml');
    const html = path.join(ws, 'dist', 'RE-TIZ-01.html');
    child = spawn(process.execPath, [path.join(ROOT, 'bin/capi.js'), 'render', 're/RE-TIZ-01.yaml', '--watch', '--format', 'pdf', '--out', 'dist'], {
      cwd: ws,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', TMPDIR: temp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (stdout += String(d)));
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));

    // first render: PDF as asked, and HTML always, with the refresh tag
    await waitFor('the first render', () => /Ctrl\+C/.test(stderr));
    expect(existsSync(path.join(ws, 'dist', 'RE-TIZ-01.pdf'))).toBe(true);
    expect(readFileSync(html, 'utf8')).toContain('<meta http-equiv="refresh" content="2">');
    expect(stdout).toMatch(/✓ RE-TIZ-01 → dist\/RE-TIZ-01\.html, dist\/RE-TIZ-01\.pdf/);
    expect(readdirSync(path.join(ws, 'dist')).sort()).toEqual(['.capi-cache.json', '.capi-images', 'RE-TIZ-01.html', 'RE-TIZ-01.pdf']);
    // the browser stays open for the session
    expect(readdirSync(temp).some((d) => d.startsWith('capi-chromium-'))).toBe(true);

    // a new title: the sheet is rendered again
    const text = readFileSync(sheet, 'utf8');
    const edited = text.replace(/^titre: .*$/m, 'titre: "Titre modifié pendant la surveillance"');
    expect(edited).not.toBe(text);
    writeFileSync(sheet, edited);
    await waitFor('the new title in the HTML', () => readFileSync(html, 'utf8').includes('Titre modifié pendant la surveillance'));
    await waitFor('the end of the second render', () => (stderr.match(/fiches? produites?/g) ?? []).length >= 2);

    // an invalid edit: its errors are printed, the last good output stays
    writeFileSync(sheet, edited.replace(/^titre: .*$/m, 'titre: 12'));
    await waitFor('the diagnostics', () => /fiche non produite/.test(stderr));
    expect(stderr).toMatch(/RE-TIZ-01\.yaml:\d+:\d+ +erreur/);
    expect(readFileSync(html, 'utf8')).toContain('Titre modifié pendant la surveillance');

    // Ctrl+C: exit 0, browser closed, its profile removed
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(0);
    expect(stderr).toMatch(/Surveillance arrêtée/);
    expect(readdirSync(temp).filter((d) => d.startsWith('capi-chromium-'))).toEqual([]);
    expect(await processesLeft(temp)).toBe('');
    expect(readdirSync(path.join(ws, 'dist')).filter((f) => f.startsWith('.') && f !== '.capi-cache.json' && f !== '.capi-images')).toEqual([]);
  }, 120_000);
});
