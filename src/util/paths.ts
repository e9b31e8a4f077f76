import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * Absolute path of a folder shipped with capi (`schemas`, `templates`, `data`), found from this
 * module's location: `src/util/` when run from sources (tests), `build/util/` once compiled.
 */
export function packagePath(...segments: string[]): string {
  return path.resolve(fileURLToPath(new URL('../../', import.meta.url)), ...segments);
}

/** A path as shown to people: relative to `cwd` when inside it, absolute otherwise; always `/`. */
export function displayPath(absPath: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, absPath);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absPath;
  return shown.split(path.sep).join('/');
}

/**
 * A path written in a sheet (a photo's `fichier`), with Windows back-slashes read as « / » on every
 * system: `..\\images\\x.png` → `../images/x.png`, so a sheet that works on Windows works in CI too
 * (`capi validate` warns, `--fix` rewrites it; see docs/fichiers-invalides.md).
 */
export function sheetPath(written: string): string {
  return written.replace(/\\/g, '/');
}
