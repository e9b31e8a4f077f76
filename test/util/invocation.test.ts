import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { invocation } from '../../src/util/identity.js';
import { t } from '../../src/i18n/index.js';

describe('the command a message tells people to type', () => {
  it('is npx --no-install capi for a capi pinned in a workspace, capi for a global install or the sources', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'capi-invocation-'));
    try {
      // a workspace: package.json beside node_modules/
      mkdirSync(path.join(dir, 'fiches/node_modules/@migdev/capi'), { recursive: true });
      writeFileSync(path.join(dir, 'fiches/package.json'), '{"private":true}');
      expect(invocation(path.join(dir, 'fiches/node_modules/@migdev/capi'))).toBe('npx --no-install capi');
      // npm's global prefix: lib/node_modules with no package.json in lib/
      mkdirSync(path.join(dir, 'prefix/lib/node_modules/@migdev/capi'), { recursive: true });
      expect(invocation(path.join(dir, 'prefix/lib/node_modules/@migdev/capi'))).toBe('capi');
      expect(invocation(path.join(dir, 'capi-sources'))).toBe('capi');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fills {capi} in messages, never leaving a bare placeholder', () => {
    // these tests run capi from its sources: the plain command
    expect(t('new.written', { file: 're/RE-TIZ-03.yaml' })).toMatch(/vérifiez-la avec : capi validate re\/RE-TIZ-03\.yaml$/);
    expect(t('new.osimFirst')).not.toContain('{capi}');
  });
});
