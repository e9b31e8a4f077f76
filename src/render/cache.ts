import { designFingerprint } from './design.js';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SheetView } from '../view/model.js';
import { packagePath } from '../util/paths.js';

/** Name of the cache manifest, kept in the output folder. */
export const CACHE_FILE = '.capi-cache.json';

interface Manifest {
  version: 1;
  /** Output file name → key of what produced it. */
  entries: Record<string, string>;
}

const environmentKeys = new Map<string, string>();

/**
 * What every rendered file depends on besides its view: capi's version, the templates (every file of
 * `templates/`, content hashed), the design tokens, and the versions of the font packages and of the `docx` writer.
 * Computed once per process.
 */
export function renderEnvironmentKey(templatesDir = packagePath('templates')): string {
  const known = environmentKeys.get(templatesDir);
  if (known) return known;
  const hash = createHash('sha256');
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
  hash.update(`capi ${pkg.version}\n`);
  for (const [name, range] of Object.entries(pkg.dependencies).sort()) if (name.startsWith('@fontsource/') || name === 'docx') hash.update(`${name} ${range}\n`);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(templatesDir).sort()) {
    hash.update(path.relative(templatesDir, file));
    hash.update(readFileSync(file));
  }
  // the design tokens (src/render/design.ts) style both the PDF and the DOCX
  hash.update(designFingerprint());
  const key = hash.digest('hex');
  environmentKeys.set(templatesDir, key);
  return key;
}

/**
 * The key of one output file: the environment, the format, the options that change the output, and the
 * whole view — which holds everything the sheet shows, including what it takes from the sheets it links
 * to (OSIM names, backlinks, the regard croisé), so a change in a linked sheet changes the key of the
 * documents that include it. Photos count by path, size and modification time.
 */
export function outputKey(view: SheetView, format: string, options: Record<string, unknown>): string {
  const hash = createHash('sha256');
  hash.update(renderEnvironmentKey());
  hash.update(`\n${format}\n${JSON.stringify(options)}\n`);
  hash.update(JSON.stringify(view));
  const visit = (blocks: SheetView['sections'][number]['blocks']) => {
    for (const b of blocks) {
      if (b.type === 'photo') {
        try {
          const s = statSync(b.file);
          hash.update(`${b.file} ${s.size} ${s.mtimeMs}\n`);
        } catch {
          hash.update(`${b.file} missing\n`);
        }
      }
      if (b.type === 'columns') for (const c of b.columns) visit(c.blocks);
    }
  };
  const sections = (list: SheetView['sections']): void => {
    for (const s of list) {
      visit(s.blocks);
      sections(s.children);
    }
  };
  sections(view.sections);
  return hash.digest('hex');
}

/** The render cache of an output folder: which files are up to date. */
export class RenderCache {
  private manifest: Manifest = { version: 1, entries: {} };
  private dirty = false;

  constructor(private readonly outDir: string) {}

  /** Reads the manifest (an unreadable or foreign one counts as empty). */
  async load(): Promise<void> {
    try {
      const m = JSON.parse(await readFile(path.join(this.outDir, CACHE_FILE), 'utf8')) as Manifest;
      if (m.version === 1 && m.entries && typeof m.entries === 'object') this.manifest = m;
    } catch {
      // first render in this folder
    }
  }

  /** True when `file` exists and was produced with `key`. */
  isFresh(file: string, key: string): boolean {
    if (this.manifest.entries[path.basename(file)] !== key) return false;
    try {
      return statSync(file).size > 0;
    } catch {
      return false;
    }
  }

  /** Records that `file` was produced with `key`. */
  record(file: string, key: string): void {
    this.manifest.entries[path.basename(file)] = key;
    this.dirty = true;
  }

  /** Forgets `file` (its render failed). */
  forget(file: string): void {
    if (delete this.manifest.entries[path.basename(file)]) this.dirty = true;
  }

  /** The manifest's text, when it changed (written by the caller, atomically). */
  serialized(): string | undefined {
    return this.dirty ? `${JSON.stringify(this.manifest, null, 1)}\n` : undefined;
  }
}
