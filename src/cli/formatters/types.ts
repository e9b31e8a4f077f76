/** The shapes shared by the formatters and their index (a module of its own: no import loop). */
import type { CliIo } from '../io.js';
import type { Diagnostic } from '../../validate/diagnostic.js';
import type { LinkGraph } from '../../link/graph.js';

/** What a formatter may use besides its result: where to write (stdout, stderr, env, colours). */
export interface FormatContext {
  io: CliIo;
}

/** What `capi validate` found, as its formatters receive it. */
export interface ValidateResult {
  /** The diagnostics to show (errors only with `--quiet`), sorted by file and position. */
  diagnostics: Diagnostic[];
  /** Every diagnostic found (for the summary line, which `--quiet` does not change). */
  all: Diagnostic[];
  /** Number of sheets checked (the configuration file not counted). */
  sheets: number;
  /** Display paths of every file checked, configuration included (JUnit: one test case each). */
  files: string[];
}

/** One line of the `capi status` dashboard. */
export interface StatusRow {
  id: string;
  file: string;
  kind: 're' | 'osim' | '?';
  author: string;
  province: string;
  commune: string;
  status: string;
  /** 0–100, or null when the sheet does not pass the schema. */
  completeness: number | null;
  missing: string[];
  errors: number;
  warnings: number;
  openComments: number;
  /** `YYYY-MM-DD`, from git when the workspace is a git repository. */
  lastChange: string;
}

/** The result each command hands to its formatters. */
export interface Results {
  validate: ValidateResult;
  status: StatusRow[];
  links: LinkGraph;
}

/** A formatter: writes `result` to `ctx.io` (stdout for the report, stderr for a summary line). */
export type Formatter<R> = (result: R, ctx: FormatContext) => void | Promise<void>;
