import type { Diagnostic } from '../types/diagnostic.js';

/** The shape of a diagnostic lives with the shared types (`src/types/diagnostic.ts`): loading uses it too. */
export type { Diagnostic };

/** True when at least one diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorts diagnostics by file, then line, then column (stable for equal positions). */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
}
