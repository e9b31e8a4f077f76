import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers.js';

/** Start-up loads only what the command needs (architecture.md): validate never loads Chromium or the DOCX writer. */
function modulesLoaded(args: string[]): string[] {
  const trace = path.join(mkdtempSync(path.join(tmpdir(), 'capi-trace-')), 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', path.join(ROOT, 'test/fixtures/trace/register.mjs'), path.join(ROOT, 'bin/capi.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, CAPI_TRACE_FILE: trace, CI: 'true' },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBeLessThanOrEqual(1);
  return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
}

describe('start-up', () => {
  it('capi validate loads neither puppeteer nor docx nor the renderers, nor the formats not asked, nor ajv\'s schema compiler', () => {
    const loaded = modulesLoaded(['validate', 'examples']);
    expect(loaded.some((u) => u.includes('/build/validate/'))).toBe(true);
    expect(loaded.some((u) => u.includes('/build/cli/formatters/validate-text.js'))).toBe(true);
    const heavyModules = ['puppeteer-core', '@puppeteer/browsers', '/docx/', 'handlebars', 'pdf-lib', '/build/render/', '/build/view/', '@inquirer', 'xmlbuilder2', 'csv-stringify', 'csv-parse', 'cli-table3', 'cli-progress', '/formatters/validate-junit', '/formatters/validate-json', '/ajv/dist/2020', '/ajv/dist/compile/', 'ajv-formats', 'sharp', 'fontkit', 'jszip', 'hyphen', 'mdast-util-from-markdown', '/diff/', '/build/cli/fix.js', '/build/edit/'];
    for (const heavy of heavyModules) {
      expect(loaded.filter((u) => u.includes(heavy)), heavy).toEqual([]);
    }
  });

  it('capi validate --format junit loads xmlbuilder2 (and only then)', () => {
    const loaded = modulesLoaded(['validate', 'examples/osim', '--format', 'junit']);
    expect(loaded.some((u) => u.includes('/xmlbuilder2/'))).toBe(true);
    expect(loaded.filter((u) => u.includes('/formatters/validate-text'))).toEqual([]);
  });

  it('capi --version loads no command module', () => {
    const loaded = modulesLoaded(['--version']);
    expect(loaded.filter((u) => /\/build\/(validate|link|render|view)\//.test(u))).toEqual([]);
  });
});
