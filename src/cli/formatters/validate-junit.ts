import { create } from 'xmlbuilder2';
import { formatDiagnosticLine } from '../../validate/format.js';
import type { FormatContext, ValidateResult } from './types.js';

/**
 * `validate --format junit`: a JUnit XML report (GitLab's test reports) on stdout — one test case per
 * file checked (files without problems are passing cases), failed when the file has errors (one
 * `<failure>` per error), warnings in `<system-out>`. The only module that loads xmlbuilder2.
 */
export function format(result: ValidateResult, { io }: FormatContext): void {
  const { diagnostics, files } = result;
  const failing = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', { name: 'capi validate', tests: files.length, failures: failing.size });
  const suite = root.ele('testsuite', { name: 'capi validate', tests: files.length, failures: failing.size, errors: 0 });
  for (const file of files) {
    const tc = suite.ele('testcase', { classname: 'capi.validate', name: file, file });
    const mine = diagnostics.filter((d) => d.file === file);
    for (const d of mine.filter((x) => x.severity === 'error')) {
      tc.ele('failure', { message: `${d.file}:${d.line}:${d.column} ${d.message}`, type: d.code }).txt(formatDiagnosticLine(d));
    }
    const warns = mine.filter((x) => x.severity === 'warning');
    if (warns.length) tc.ele('system-out').txt(warns.map((d) => formatDiagnosticLine(d)).join('\n'));
  }
  io.stdout.write(`${root.end({ prettyPrint: true })}\n`);
}
