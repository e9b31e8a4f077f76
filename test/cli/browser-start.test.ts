import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WS, runCli } from '../helpers.js';
import { launchBrowser, findBrowser } from '../../src/render/browser.js';
import { BrowserStartError, diagnoseLaunch, libraryPackage, meaningfulLines } from '../../src/render/browser-diagnosis.js';
import { setLang } from '../../src/i18n/index.js';
import { UserError } from '../../src/util/errors.js';

// Chromium's real messages, as it prints them on stderr before exiting 1 (or the loader, 127)
const SANDBOX =
  '[1130/161800.123456:FATAL:zygote_host_impl_linux.cc(128)] No usable sandbox! If you are running on Ubuntu 23.10+ or another Linux distro that has disabled unprivileged user namespaces with AppArmor, see https://chromium.googlesource.com/chromium/src/+/main/docs/security/apparmor-userns-restrictions.md. Otherwise see https://chromium.googlesource.com/chromium/src/+/main/docs/linux/suid_sandbox_development.md for more information on developing with the (older) SUID sandbox. If you want to live dangerously and need an immediate workaround, you can try using --no-sandbox.';
const LIBRARY = '/opt/chrome/chrome: error while loading shared libraries: libnss3.so: cannot open shared object file: No such file or directory';
const DBUS = '[1130/161800.100000:ERROR:bus.cc(407)] Failed to connect to the bus: Failed to connect to socket /run/dbus/system_bus_socket: No such file or directory';
const SHM = '[1130/161800.223456:FATAL:platform_shared_memory_region_posix.cc(217)] Creating shared memory in /dev/shm/.org.chromium.Chromium.xGkLsq failed: No space left on device (28)';

let dir: string;
let ws: string;
/** A fake « browser »: a shell script that prints `lines` on stderr and exits with `code`. */
function fakeBrowser(name: string, lines: string[], code = 1): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${lines.map((l) => `echo '${l.replace(/'/g, `'\\''`)}' >&2`).join('\n')}\nexit ${code}\n`);
  chmodSync(file, 0o755);
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'capi-fake-browsers-'));
  ws = path.join(dir, 'ws');
  cpSync(WS, ws, { recursive: true, filter: (src) => !src.includes('mistakes') && !src.endsWith('-dup') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases = [
  { name: 'sandbox', lines: [DBUS, SANDBOX], code: 1, said: /No usable sandbox! If you are running on Ubuntu 23\.10\+/, hint: /bac à sable.*CAPI_BROWSER=\/usr\/bin\/google-chrome.*PUPPETEER_DANGEROUS_NO_SANDBOX=true.*une page piégée/s },
  { name: 'library', lines: [LIBRARY], code: 127, said: /error while loading shared libraries: libnss3\.so/, hint: /sudo apt-get install libnss3\b/ },
  { name: 'shm', lines: [DBUS, SHM], code: 1, said: /Creating shared memory in \/dev\/shm\/\S+ failed/, hint: /--shm-size/ },
];

describe('a browser that does not start: Chromium\'s own words and what to do', () => {
  for (const c of cases) {
    it(`render (${c.name}): exit 2, the browser's line and the hint, nothing written (DOCX included)`, async () => {
      const browser = fakeBrowser(`chrome-${c.name}`, c.lines, c.code);
      const r = await runCli(['render', 're', '--out', `dist-${c.name}`], { cwd: ws, env: { CAPI_BROWSER: browser } });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`Le navigateur .*chrome-${c.name} n'a pas pu démarrer : il s'est arrêté aussitôt \\(code de sortie ${c.code}\\)`));
      expect(r.stderr).toMatch(/Le navigateur a écrit :/);
      expect(r.stderr).toMatch(c.said);
      expect(r.stderr).toMatch(c.hint);
      // the D-Bus complaint printed by every Chromium is noise, not a reason
      expect(r.stderr).not.toMatch(/Failed to connect to the bus/);
      expect(r.stderr).not.toMatch(/Protocol error|Target closed|\n\s+at /);
      expect(readdirSync(path.join(ws, `dist-${c.name}`))).toEqual([]);
    });

    it(`doctor (${c.name}): ✗ with the reason, the hint and the browser's line, exit 1`, async () => {
      const browser = fakeBrowser(`chrome-${c.name}`, c.lines, c.code);
      const r = await runCli(['doctor', '--out', path.join(dir, 'doctor-out')], { cwd: ws, env: { CAPI_BROWSER: browser } });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`^✗ Navigateur pour les PDF : .*chrome-${c.name} ne démarre pas — il s'est arrêté aussitôt`, 'm'));
      expect(r.stdout).toMatch(c.said);
      expect(r.stdout).toMatch(c.hint);
      expect(r.stdout).toMatch(/1 problème à corriger/);
      expect(existsSync(path.join(dir, 'doctor-out'))).toBe(false);
    });
  }

  for (const command of ['booklet', 'report'] as const) {
    it(`${command}: the browser starts before anything is written (no DOCX left behind), exit 2 with its reason`, async () => {
      const browser = fakeBrowser(`chrome-${command}`, [LIBRARY], 127);
      const out = `dist-${command}`;
      const every = command === 'booklet' ? ['--statut', 'brouillon,soumise,a-reviser,validee'] : [];
      const r = await runCli([command, 're', '--out', out, '--format', 'pdf,docx', ...every], { cwd: ws, env: { CAPI_BROWSER: browser } });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/error while loading shared libraries: libnss3\.so/);
      expect(r.stderr).toMatch(/sudo apt-get install libnss3\b/);
      expect(existsSync(path.join(ws, out)) ? readdirSync(path.join(ws, out)) : []).toEqual([]);
    });
  }

  it('speaks English with --lang en', async () => {
    const browser = fakeBrowser('chrome-lib-en', [LIBRARY], 127);
    const r = await runCli(['render', 're', '--out', 'dist-en', '--format', 'pdf', '--lang', 'en'], { cwd: ws, env: { CAPI_BROWSER: browser } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not start: it stopped at once \(exit code 127\)/);
    expect(r.stderr).toMatch(/The browser wrote:\n\s+\/opt\/chrome\/chrome: error while loading shared libraries: libnss3\.so/);
    expect(r.stderr).toMatch(/Install the package libnss3 \(Debian\/Ubuntu: sudo apt-get install libnss3\)/);
    expect(r.stderr).not.toMatch(/navigateur|paquet/);
  });

  it('a file that cannot be run (broken interpreter line): says so, and that nothing was printed', async () => {
    const file = path.join(dir, 'chrome-broken');
    writeFileSync(file, '#!/nulle/part/interpreteur\n');
    chmodSync(file, 0o755);
    const r = await runCli(['render', 're', '--out', 'dist-broken', '--format', 'pdf'], { cwd: ws, env: { CAPI_BROWSER: file } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/n'a pas pu démarrer : impossible de le lancer \(ENOENT\)/);
    expect(r.stderr).toMatch(/Le navigateur n'a rien écrit\./);
    expect(r.stderr).toMatch(/ne peut pas être lancé.*chmod \+x/);
  });

  it('a browser that never answers: stopped after the time limit, with its lines and a hint', async () => {
    setLang('fr');
    const file = path.join(dir, 'chrome-stuck');
    writeFileSync(file, '#!/bin/sh\necho "démarrage en cours" >&2\nexec sleep 30\n');
    chmodSync(file, 0o755);
    const started = Date.now();
    const error = await launchBrowser(file, { timeoutMs: 1500, handleSignals: false }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(BrowserStartError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/n'a pas répondu en 2 s/);
    expect((error as Error).message).toMatch(/démarrage en cours/);
    expect((error as BrowserStartError).diagnosis.cause).toBe('timeout');
  });
});

describe('how the browser is started', () => {
  it('over pipes (no debugging port), headless, with its own profile; without sandbox only when asked (PUPPETEER_DANGEROUS_NO_SANDBOX)', async () => {
    const argsFile = path.join(dir, 'args.txt');
    const file = path.join(dir, 'chrome-args');
    writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\nexit 1\n`);
    chmodSync(file, 0o755);
    const readArgs = () => readFileSync(argsFile, 'utf8').split('\n');
    await runCli(['render', 're', '--out', 'dist-args', '--format', 'pdf'], { cwd: ws, env: { CAPI_BROWSER: file } });
    const args = readArgs();
    expect(args).toEqual(expect.arrayContaining(['--remote-debugging-pipe', '--headless=new', '--disable-dev-shm-usage']));
    expect(args.some((a) => a.startsWith('--remote-debugging-port'))).toBe(false);
    expect(args.some((a) => a.startsWith('--user-data-dir=') && a.includes('capi-chromium-'))).toBe(true);
    expect(args.includes('--no-sandbox')).toBe(process.getuid?.() === 0);
    await runCli(['render', 're', '--out', 'dist-args', '--format', 'pdf'], { cwd: ws, env: { CAPI_BROWSER: file, PUPPETEER_DANGEROUS_NO_SANDBOX: 'true' } });
    expect(readArgs()).toContain('--no-sandbox');
  });
});

describe('reading Chromium\'s output', () => {
  it('drops log prefixes, blank lines, repeats and the D-Bus noise; keeps the last five', async () => {
    const lines = meaningfulLines([DBUS, '', 'un', 'deux', 'deux', 'trois', 'quatre', 'cinq', SANDBOX]);
    expect(lines).toEqual(['deux', 'trois', 'quatre', 'cinq', SANDBOX.replace(/^\[[^\]]+\] /, '')]);
    expect(lines[4]).toMatch(/^No usable sandbox!/);
  });

  it('names the cause of each known failure, and the package of a missing library', async () => {
    expect(diagnoseLaunch([SANDBOX]).cause).toBe('sandbox');
    expect(diagnoseLaunch(['[0:0:FATAL:setuid_sandbox_host.cc(163)] The SUID sandbox helper binary was found, but is not configured correctly.']).cause).toBe('sandbox');
    expect(diagnoseLaunch([LIBRARY])).toMatchObject({ cause: 'library', library: 'libnss3.so' });
    expect(diagnoseLaunch([SHM]).cause).toBe('shm');
    expect(diagnoseLaunch([], { spawnCode: 'EACCES' }).cause).toBe('notExecutable');
    expect(diagnoseLaunch(['rien de connu'], { timedOut: true }).cause).toBe('timeout');
    expect(diagnoseLaunch(['rien de connu']).cause).toBe('unknown');
    expect(libraryPackage('libatk-bridge-2.0.so.0')).toBe('libatk-bridge2.0-0');
    expect(libraryPackage('libgbm.so.1')).toBe('libgbm1');
    expect(libraryPackage('libinconnue.so.9')).toBeUndefined();
  });
});

describe('finding the browser users have (real files, no fakes of the file system)', () => {
  let root: string;
  const exe = (file: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o755);
    return file;
  };
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'capi-find-browser-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  // the system paths of this machine (/usr/bin/chromium) must not answer first: none of these tests
  // reaches them, because each finds its browser earlier in the order
  it('CAPI_BROWSER, then PUPPETEER_EXECUTABLE_PATH, then a browser downloaded by puppeteer', async () => {
    const mine = exe(path.join(root, 'mine', 'chrome'));
    const pptr = exe(path.join(root, 'pptr', 'chrome'));
    const cache = path.join(root, 'cache');
    const downloaded = exe(path.join(cache, 'chrome', 'linux-131.0.6778.85', 'chrome-linux64', 'chrome'));
    exe(path.join(cache, 'chrome', 'linux-129.0.6668.100', 'chrome-linux64', 'chrome'));
    expect(await findBrowser({ CAPI_BROWSER: mine, PUPPETEER_EXECUTABLE_PATH: pptr, PUPPETEER_CACHE_DIR: cache })).toBe(mine);
    expect(await findBrowser({ PUPPETEER_EXECUTABLE_PATH: pptr, PUPPETEER_CACHE_DIR: cache })).toBe(pptr);
    // the newest download wins
    expect(await findBrowser({ PUPPETEER_CACHE_DIR: cache })).toBe(downloaded);
  });

  it('Chrome or Chromium on PATH when nothing else is installed', async () => {
    const onPath = exe(path.join(root, 'bin', 'google-chrome-stable'));
    // as on a Mac without /Applications/Google Chrome.app: this machine's /usr/bin/chromium is not a candidate
    expect(await findBrowser({ PATH: `/nulle/part:${path.join(root, 'bin')}` }, { platform: 'darwin', homedir: root })).toBe(onPath);
  });

  it('a CAPI_BROWSER that is not executable is named, with the variable (exit 2)', async () => {
    setLang('fr');
    const file = path.join(root, 'pas-executable');
    writeFileSync(file, 'x');
    const error = await findBrowser({ CAPI_BROWSER: file }).catch((e: unknown) => e);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as Error).message).toBe(`La variable CAPI_BROWSER indique le navigateur ${file}, qui n'existe pas ou n'est pas exécutable.`);
  });
});
