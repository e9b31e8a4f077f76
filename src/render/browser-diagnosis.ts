/**
 * Why a browser did not start: reads Chromium's own error output (its stderr, captured at launch) and
 * names the known causes, each with what to do. Pure functions: `browser.ts` feeds them the captured
 * lines, `capi render` and `capi doctor` print the result.
 */
import { t } from '../i18n/index.js';
import { UserError } from '../util/errors.js';

/** The known reasons a Chrome/Chromium does not start. */
export type LaunchCause = 'sandbox' | 'library' | 'shm' | 'notExecutable' | 'timeout' | 'unknown';

/** What went wrong, from the browser's output and the launch error. */
export interface LaunchDiagnosis {
  cause: LaunchCause;
  /** The last meaningful lines of the browser's output (at most `MAX_LINES`), log prefixes removed. */
  lines: string[];
  /** For `library`: the missing file (`libnss3.so`). */
  library?: string;
}

/** How many of the browser's lines are shown. */
export const MAX_LINES = 5;

/** Lines Chromium prints on every start, which never explain a failure (D-Bus, GPU, fonts, the endpoint). */
const NOISE = [
  /Failed to connect to the bus/i,
  /dbus/i,
  /DevTools listening on/i,
  /Fontconfig (warning|error)/i,
  /libva error/i,
  /Gtk-WARNING/i,
  /Exiting GPU process/i,
  /GPU process exited unexpectedly/i,
  /viz_main_impl|gpu_init\.cc|command_buffer_proxy/i,
];

/** `[1130/161800.123456:FATAL:zygote_host_impl_linux.cc(128)] ` and `[12:34:1130/…:ERROR:x.cc(1)] `. */
const LOG_PREFIX = /^\[[\d:/.]*:?(?:VERBOSE\d*|INFO|WARNING|ERROR|FATAL):[^\]]*\]\s*/;

/**
 * The lines worth showing: log prefixes removed, blank lines, known noise and repeats dropped, the last
 * `MAX_LINES` kept (Chromium ends with the fatal one).
 */
export function meaningfulLines(logs: readonly string[]): string[] {
  const kept: string[] = [];
  for (const raw of logs) {
    const line = raw.replace(LOG_PREFIX, '').trim();
    if (line === '' || NOISE.some((re) => re.test(line)) || kept.includes(line)) continue;
    kept.push(line);
  }
  return kept.slice(-MAX_LINES);
}

/**
 * Names the cause of a failed start from the browser's output `logs` (stderr and stdout lines, in
 * order) and, when the process could not even be started, the spawn error's `code` (`ENOENT`,
 * `EACCES`, `ENOEXEC`).
 *
 * Sources of the patterns: Chromium's zygote (« No usable sandbox! », « The SUID sandbox helper
 * binary was found, but is not configured correctly »), the dynamic loader (« error while loading
 * shared libraries: X: cannot open shared object file »), Chromium's shared-memory code (« Creating
 * shared memory in /dev/shm/… failed », « Unable to access(W_OK|X_OK) /dev/shm »).
 */
export function diagnoseLaunch(logs: readonly string[], failure: { spawnCode?: string; timedOut?: boolean } = {}): LaunchDiagnosis {
  const lines = meaningfulLines(logs);
  const text = logs.join('\n');
  const library = /error while loading shared libraries: ([^\s:]+)/.exec(text)?.[1];
  if (failure.spawnCode === 'ENOENT' || failure.spawnCode === 'EACCES' || failure.spawnCode === 'ENOEXEC' || /exec format error/i.test(text)) {
    return { cause: 'notExecutable', lines };
  }
  if (library) return { cause: 'library', lines, library };
  if (/No usable sandbox|SUID sandbox helper|setuid sandbox|Failed to move to new namespace/i.test(text)) {
    return { cause: 'sandbox', lines };
  }
  if (/\/dev\/shm|Creating shared memory in .* failed/i.test(text)) return { cause: 'shm', lines };
  if (failure.timedOut) return { cause: 'timeout', lines };
  return { cause: 'unknown', lines };
}

/**
 * The Debian/Ubuntu package that provides a shared library Chromium needs (the libraries of Chrome's
 * own `.deb` dependencies). `undefined` for one not listed: the hint then says how to look it up.
 */
const LIBRARY_PACKAGES: Record<string, string> = {
  'libnss3.so': 'libnss3',
  'libnssutil3.so': 'libnss3',
  'libsmime3.so': 'libnss3',
  'libnspr4.so': 'libnspr4',
  'libatk-1.0.so.0': 'libatk1.0-0',
  'libatk-bridge-2.0.so.0': 'libatk-bridge2.0-0',
  'libatspi.so.0': 'libatspi2.0-0',
  'libcups.so.2': 'libcups2',
  'libdrm.so.2': 'libdrm2',
  'libgbm.so.1': 'libgbm1',
  'libxkbcommon.so.0': 'libxkbcommon0',
  'libXcomposite.so.1': 'libxcomposite1',
  'libXdamage.so.1': 'libxdamage1',
  'libXfixes.so.3': 'libxfixes3',
  'libXrandr.so.2': 'libxrandr2',
  'libXext.so.6': 'libxext6',
  'libX11.so.6': 'libx11-6',
  'libxcb.so.1': 'libxcb1',
  'libxshmfence.so.1': 'libxshmfence1',
  'libpango-1.0.so.0': 'libpango-1.0-0',
  'libcairo.so.2': 'libcairo2',
  'libasound.so.2': 'libasound2',
  'libglib-2.0.so.0': 'libglib2.0-0',
  'libgobject-2.0.so.0': 'libglib2.0-0',
  'libgio-2.0.so.0': 'libglib2.0-0',
  'libdbus-1.so.3': 'libdbus-1-3',
  'libexpat.so.1': 'libexpat1',
  'libgtk-3.so.0': 'libgtk-3-0',
  'libudev.so.1': 'libudev1',
};

/** The package providing `library`, or undefined. */
export function libraryPackage(library: string): string | undefined {
  return LIBRARY_PACKAGES[library];
}

/** What to do for `diagnosis`, in the current language. */
export function launchHint(diagnosis: LaunchDiagnosis, ctx: { path: string; timeoutMs: number }): string {
  switch (diagnosis.cause) {
    case 'sandbox':
      return t('browser.hint.sandbox');
    case 'library': {
      const library = diagnosis.library ?? '?';
      const pkg = libraryPackage(library);
      return pkg ? t('browser.hint.library', { library, package: pkg }) : t('browser.hint.libraryUnknown', { library });
    }
    case 'shm':
      return t('browser.hint.shm');
    case 'notExecutable':
      return t('browser.hint.notExecutable', { path: ctx.path });
    case 'timeout':
      return t('browser.hint.timeout', { seconds: Math.round(ctx.timeoutMs / 1000) });
    default:
      return t('browser.hint.unknown');
  }
}

/**
 * A browser that did not start (exit code 2): its message is the whole story (what happened, the
 * browser's own lines, the hint); the parts are kept for `capi doctor`, which lays them out its way.
 */
export class BrowserStartError extends UserError {
  constructor(
    readonly path: string,
    /** What happened, in words (« il s'est arrêté aussitôt (code de sortie 1) »). */
    readonly reason: string,
    readonly diagnosis: LaunchDiagnosis,
    /** What to do (`launchHint`). */
    readonly hint: string,
  ) {
    const said = diagnosis.lines.length > 0 ? [`  ${t('browser.itSaid')}`, ...diagnosis.lines.map((l) => `    ${l}`)] : [`  ${t('browser.saidNothing')}`];
    super([t('browser.launchFailed', { path, reason }), ...said, `  → ${hint}`].join('\n'));
    this.name = 'BrowserStartError';
  }
}

/** The error for a failed start of `ctx.path`, from the browser's output `logs` and the failure. */
export function browserStartError(
  logs: readonly string[],
  ctx: { path: string; timeoutMs: number; reason: string; spawnCode?: string; timedOut?: boolean },
): BrowserStartError {
  const diagnosis = diagnoseLaunch(logs, { spawnCode: ctx.spawnCode, timedOut: ctx.timedOut });
  return new BrowserStartError(ctx.path, ctx.reason, diagnosis, launchHint(diagnosis, ctx));
}
