import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create } from 'xmlbuilder2';
import { runCli, WS } from '../helpers.js';
import { workflowCommands } from '../../src/cli/formatters/validate-github.js';

describe('capi validate --format github', () => {
  it('prints one workflow command per problem, located, with the code as title', async () => {
    const summary = path.join(mkdtempSync(path.join(tmpdir(), 'capi-gh-')), 'summary.md');
    const r = await runCli(['validate', 'mistakes/wrong-enum-value.yaml', '--format', 'github'], { cwd: WS, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain(
      "::error file=mistakes/wrong-enum-value.yaml,line=4,col=9,endLine=4,endColumn=15,title=capi schema.enum::« validé » n'est pas une valeur permise pour « statut ». Valeurs permises : brouillon, soumise, a-reviser, validee. Vouliez-vous dire « validee » ?",
    );
    expect(lines.some((l) => l.startsWith('::warning file=mistakes/wrong-enum-value.yaml,line=2,col=5,'))).toBe(true);
    const md = readFileSync(summary, 'utf8');
    expect(md).toMatch(/^### capi validate/);
    expect(md).toMatch(/\| `mistakes\/wrong-enum-value\.yaml:4:9` \| erreur \| « validé » n'est pas une valeur permise/);
  });

  it('escapes newlines, percent signs, colons and commas as GitHub requires', () => {
    const out = workflowCommands([{ file: 'a,b:c.yaml', line: 1, column: 2, severity: 'error', code: 'x', message: '100 % faux\nsuite' }]);
    expect(out).toBe('::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=capi x::100 %25 faux%0Asuite\n');
  });
});

describe('capi validate --format junit', () => {
  it('writes a JUnit report: one test case per file, a failure per error, warnings in system-out', async () => {
    const r = await runCli(['validate', 'mistakes/unknown-key.yaml', 're', '--format', 'junit'], { cwd: WS });
    expect(r.code).toBe(1);
    const doc = create(r.stdout).end({ format: 'object' }) as { testsuites: { '@tests': string; '@failures': string; testsuite: { testcase: Array<{ '@name': string; failure?: { '@type': string; '#': string } }> } } };
    expect(doc.testsuites['@tests']).toBe('2');
    expect(doc.testsuites['@failures']).toBe('1');
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases.map((c) => c['@name'])).toEqual(['mistakes/unknown-key.yaml', 're/RE-TIZ-01.yaml']);
    expect(cases[0].failure?.['@type']).toBe('schema.unknown-key');
    expect(cases[0].failure?.['#']).toMatch(/^mistakes\/unknown-key\.yaml:17:1  erreur  Clé inconnue « contributon »/);
    expect(cases[1].failure).toBeUndefined();
  });
});
