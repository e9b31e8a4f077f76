/**
 * Output formats of the report commands (`validate`, `status`, `links`), one module per format
 * (`<command>-<format>.ts`), each exporting `format(result, ctx)`. A command loads only the module of
 * the `--format` asked (markdownlint-cli2's `formatter-*` habit), so the JUnit writer (xmlbuilder2)
 * or the CSV writer are loaded by `--format junit` / `--format csv` alone.
 */
import type { Formatter, Results } from './types.js';
export type { FormatContext, Formatter, Results, StatusRow, ValidateResult } from './types.js';

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
