import { describe, expect, it, vi } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { runCli } from '../helpers.js';
import { OTHER_CODES, TRANSLATED_CODES, usageError } from '../../src/cli/usage-error.js';
import { setLang } from '../../src/i18n/index.js';

// records the code of each error main() hands to usageError, so each case is checked to be its code
const codes = vi.hoisted(() => [] as string[]);
vi.mock('../../src/cli/usage-error.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/cli/usage-error.js')>();
  return { ...real, usageError: (error: CommanderError, ...rest: [readonly string[], readonly string[]]) => (codes.push(error.code), real.usageError(error, ...rest)) };
});

/** One case per commander error code capi can meet on its own command line (exit 2, French, one line). */
const CLI_CASES: { code: string; args: string[]; stderr: string }[] = [
  { code: 'commander.unknownOption', args: ['validate', '--formt', 'json'], stderr: 'capi : option inconnue « --formt ». Vouliez-vous dire « --format » ? Voir : capi validate --help' },
  { code: 'commander.unknownOption', args: ['validate', '-x'], stderr: 'capi : option inconnue « -x ». Voir : capi validate --help' },
  { code: 'commander.unknownCommand', args: ["l'aide"], stderr: "capi : commande inconnue « l'aide ». Commandes : validate, render, report, booklet, links, review, status, new, schema, init, doctor, completion." },
  { code: 'commander.unknownCommand', args: ['valider'], stderr: 'capi : commande inconnue « valider ». Commandes : validate, render, report, booklet, links, review, status, new, schema, init, doctor, completion. Vouliez-vous dire « validate » ?' },
  { code: 'commander.invalidArgument', args: ['validate', '--format', 'xml'], stderr: 'capi : valeur « xml » refusée pour « --format <format> ». Valeurs possibles : text, json, github, junit.' },
  { code: 'commander.invalidArgument', args: ['render', '--edition', "l'interne"], stderr: "capi : valeur « l'interne » refusée pour « --edition <edition> ». Valeurs possibles : interne, publique. Vouliez-vous dire « interne » ?" },
  { code: 'commander.invalidArgument', args: ['completion', 'fish'], stderr: 'capi : valeur « fish » refusée pour « shell ». Valeurs possibles : bash, zsh.' },
  { code: 'commander.optionMissingArgument', args: ['render', '--out'], stderr: 'capi : il manque la valeur de « -o, --out <dossier> ». Voir : capi render --help' },
  { code: 'commander.missingArgument', args: ['review'], stderr: 'capi : il manque l\'argument « fiche ». Voir : capi review --help' },
  { code: 'commander.excessArguments', args: ['init', 'a', 'b'], stderr: 'capi : trop d\'arguments pour capi init (attendus : 1, reçus : 2). Voir : capi init --help' },
];

/**
 * The codes capi's own options cannot raise (no mandatory option, no conflicting options), raised on a
 * small program built like capi's, then worded by `usageError`.
 */
function raise(build: (program: Command) => void, args: string[]): CommanderError {
  const program = new Command('capi').exitOverride().configureOutput({ outputError: () => undefined });
  build(program);
  try {
    program.parse(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error;
    throw error;
  }
  throw new Error(`no error for ${args.join(' ')}`);
}
const OTHER_CASES: { code: string; error: () => CommanderError; argv: string[]; text: string }[] = [
  {
    code: 'commander.missingMandatoryOptionValue',
    error: () => raise((p) => p.command('publier').requiredOption('--edition <edition>', 'édition').action(() => undefined), ['publier']),
    argv: ['publier'],
    text: 'l\'option « --edition <edition> » est obligatoire. Voir : capi publier --help',
  },
  {
    code: 'commander.conflictingOption',
    error: () =>
      raise((p) => p.command('publier').addOption(new Option('--pdf').conflicts('docx')).option('--docx').action(() => undefined), ['publier', '--pdf', '--docx']),
    argv: ['publier', '--pdf', '--docx'],
    text: '« --pdf » et « --docx » ne peuvent pas être employées ensemble. Voir : capi publier --help',
  },
];

describe('commander usage errors in the user\'s language, by error code', () => {
  it.each(CLI_CASES)('$code: capi $args', async ({ code, args, stderr }) => {
    codes.length = 0;
    const r = await runCli(args);
    expect(codes).toEqual([code]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${stderr}\n`);
  });

  it.each(OTHER_CASES)('$code (on a small program)', ({ code, error, argv, text }) => {
    setLang('fr');
    const e = error();
    expect(e.code).toBe(code);
    expect(usageError(e, argv, ['publier'])).toBe(text);
  });

  it('words the same errors in English with --lang en', async () => {
    expect((await runCli(['--lang', 'en', 'init', 'a', 'b'])).stderr).toBe('capi: too many arguments for capi init (expected: 1, received: 2). See: capi init --help\n');
    expect((await runCli(['--lang', 'en', 'review'])).stderr).toBe('capi: the argument « fiche » is missing. See: capi review --help\n');
  });

  it('has a case for every code it translates, and translates every error code commander can raise', () => {
    const tested = new Set([...CLI_CASES, ...OTHER_CASES].map((c) => c.code));
    expect([...TRANSLATED_CODES].sort()).toEqual([...tested].sort());
    // every `commander.xxx` code in the installed commander's source: a code added by an upgrade fails here
    const lib = path.join(path.dirname(createRequire(import.meta.url).resolve('commander')), 'lib');
    const raised = new Set<string>();
    for (const file of readdirSync(lib)) for (const m of readFileSync(path.join(lib, file), 'utf8').matchAll(/'(commander\.[A-Za-z]+)'/g)) raised.add(m[1]);
    expect([...raised].sort()).toEqual([...TRANSLATED_CODES, ...OTHER_CODES].sort());
  });

  it('keeps commander\'s own words, never a French message with blanks, when a message is not worded as expected', () => {
    setLang('fr');
    const changed = new CommanderError(1, 'commander.unknownOption', "error: the option --formt is not known");
    expect(usageError(changed, ['validate', '--formt'], ['validate'])).toBe('the option --formt is not known');
  });
});

