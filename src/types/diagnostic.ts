/**
 * A problem found in a sheet, located in its source file. The same diagnostic prints as a
 * terminal line, a JSON object or (later) a CI annotation (after Spectral / yamllint).
 */
export interface Diagnostic {
  /** Path of the file as the user named it (relative to the current folder when inside it). */
  file: string;
  /** 1-based line and column of the start of the problem (columns count Unicode code points). */
  line: number;
  column: number;
  /** 1-based end position (exclusive column), when known. */
  endLine?: number;
  endColumn?: number;
  severity: 'error' | 'warning';
  /** Stable code, e.g. `schema.unknown-key`, `link.unknown-osim`, `yaml.syntax`. */
  code: string;
  /** What is wrong (in the current language). */
  message: string;
  /** How to fix it (in the current language), when capi knows. */
  hint?: string;
  /**
   * The hint without the advice to run `capi validate --fix`, for a slip of a kind `--fix` repairs:
   * `capi validate` shows it instead of `hint` when `--fix` would leave this instance (see
   * cli/fix.ts `adviseFixWhereItWorks`), so a person is never sent round in circles.
   */
  manualHint?: string;
  /** The source line, for syntax errors: the text format shows it with a caret under the column. */
  source?: string;
}
