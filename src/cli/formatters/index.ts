/**
 * Output formats of the report commands (`validate`, `status`, `links`), one module per format
 * (`<command>-<format>.ts`), each exporting `format(result, ctx)`. A command loads only the module of
 * the `--format` asked (markdownlint-cli2's `formatter-*` habit), so the JUnit writer (xmlbuilder2)
 * or the CSV writer are loaded by `--format junit` / `--format csv` alone.
 */
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

type Loaders = { [C in keyof Results]: Record<string, () => Promise<{ format: Formatter<Results[C]> }>> };

/** The formats of each command, and where their module is (loaded on demand). */
const loaders: Loaders = {
  validate: {
    text: () => import('./validate-text.js'),
    json: () => import('./validate-json.js'),
    github: () => import('./validate-github.js'),
    junit: () => import('./validate-junit.js'),
  },
  status: {
    text: () => import('./status-text.js'),
    json: () => import('./json.js'),
    csv: () => import('./status-csv.js'),
    markdown: () => import('./status-markdown.js'),
  },
  links: {
    text: () => import('./links-text.js'),
    json: () => import('./json.js'),
    markdown: () => import('./links-markdown.js'),
  },
};

/** The format names of `command`, in the order its help lists them (`text` first, the default). */
export function formatNames(command: keyof Results): string[] {
  return Object.keys(loaders[command]);
}

/**
 * Loads the formatter `name` of `command` (`await import()` of its module only).
 * @throws Error for a format the command does not have (commander's `choices` refuse it before)
 */
export async function loadFormatter<C extends keyof Results>(command: C, name: string): Promise<Formatter<Results[C]>> {
  const load = (loaders[command] as Record<string, (() => Promise<{ format: Formatter<Results[C]> }>) | undefined>)[name];
  if (!load) throw new Error(`capi ${command}: no format « ${name} » (${formatNames(command).join(', ')})`);
  return (await load()).format;
}
