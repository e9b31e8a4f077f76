import type { Diagnostic } from './diagnostic.js';
import { t } from '../i18n/index.js';

import { create } from 'xmlbuilder2';
import { markdownCell as esc } from '../util/markdown-table.js';

/** Output formats of `capi validate`. */
export type DiagnosticFormat = 'text' | 'json' | 'github' | 'junit';

/**
 * One diagnostic as a terminal line: `file:line:column  severity  message hint`.
 * `paint` colours the severity (identity when colours are off).
 */
export function formatDiagnosticLine(d: Diagnostic, paint: (severity: Diagnostic['severity'], text: string) => string = (_, s) => s): string {
  const severity = paint(d.severity, t(`severity.${d.severity}`));
  const head = `${d.file}:${d.line}:${d.column}  ${severity}  ${d.message}${d.hint ? ` ${d.hint}` : ''}`;
  if (d.source === undefined) return head;
  // the line as written, and a caret under the column (tabs kept so the caret lines up)
  const gutter = String(d.line).length;
  const pad = [...d.source.slice(0, Math.max(0, d.column - 1))].map((c) => (c === '\t' ? '\t' : ' ')).join('');
  return `${head}\n  ${d.line} | ${d.source}\n  ${' '.repeat(gutter)} | ${pad}^`;
}

/**
 * Diagnostics as JSON: `{ files, errors, warnings, diagnostics: [{file, line, column, endLine,
 * endColumn, severity, code, message, hint}] }`, pretty-printed.
 */
export function formatJson(diagnostics: readonly Diagnostic[], files: number): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return JSON.stringify(
    {
      files,
      errors,
      warnings: diagnostics.length - errors,
      diagnostics: diagnostics.map((d) => ({
        file: d.file,
        line: d.line,
        column: d.column,
        endLine: d.endLine ?? d.line,
        endColumn: d.endColumn ?? d.column,
        severity: d.severity,
        code: d.code,
        message: d.message,
        hint: d.hint ?? null,
      })),
    },
    null,
    2,
  );
}

/** Escapes a GitHub workflow command's message (`%`, CR, LF). */
function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a GitHub workflow command's property (also `:` and `,`). */
function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Diagnostics as GitHub Actions workflow commands, one per line:
 * `::error file=F,line=L,col=C,endLine=…,endColumn=…,title=capi CODE::message hint` (warnings alike),
 * which GitHub shows as annotations on the lines of the pull request.
 */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const props = [
        `file=${ghProperty(d.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        ...(d.endLine ? [`endLine=${d.endLine}`] : []),
        ...(d.endColumn ? [`endColumn=${d.endColumn}`] : []),
        `title=${ghProperty(`capi ${d.code}`)}`,
      ].join(',');
      return `::${d.severity === 'error' ? 'error' : 'warning'} ${props}::${ghData(d.hint ? `${d.message} ${d.hint}` : d.message)}\n`;
    })
    .join('');
}

/** A Markdown summary for `$GITHUB_STEP_SUMMARY`: counts, then a table of the problems (at most 200 rows). */
export function formatGithubSummary(diagnostics: readonly Diagnostic[], files: number): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const lines = [`### ${t('summary.title')}`, '', diagnostics.length === 0 ? t('summary.ok', { files }) : t('summary.problems', { files, errors, warnings }), ''];
  if (diagnostics.length) {
    lines.push(`| ${t('summary.col.place')} | ${t('summary.col.severity')} | ${t('summary.col.message')} |`, '|---|---|---|');
    for (const d of diagnostics.slice(0, 200)) lines.push(`| \`${esc(d.file)}:${d.line}:${d.column}\` | ${t(`severity.${d.severity}`)} | ${esc(d.hint ? `${d.message} ${d.hint}` : d.message)} |`);
    if (diagnostics.length > 200) lines.push('', t('summary.more', { count: diagnostics.length - 200 }));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Diagnostics as a JUnit XML report (GitLab's test reports): one test case per file checked, failed
 * when the file has errors (one `<failure>` per error), warnings in `<system-out>`.
 *
 * @param files the display paths of every file checked (files without problems are passing cases)
 */
export function formatJunit(diagnostics: readonly Diagnostic[], files: readonly string[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const failing = new Set(errors.map((d) => d.file));
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
  return `${root.end({ prettyPrint: true })}\n`;
}
