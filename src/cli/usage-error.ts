import type { CommanderError } from 'commander';
import { t } from '../i18n/index.js';
import { isNearMiss, suggest } from '../util/text.js';

/**
 * The commander error codes that `usageError` words in the user's language. A test reads commander's
 * source for every code it can raise, so a code added by an upgrade fails that test instead of
 * reaching people in English unnoticed.
 */
export const TRANSLATED_CODES = [
  'commander.unknownOption',
  'commander.unknownCommand',
  'commander.invalidArgument',
  'commander.optionMissingArgument',
  'commander.missingArgument',
  'commander.missingMandatoryOptionValue',
  'commander.conflictingOption',
  'commander.excessArguments',
] as const;

/** Codes that are no usage error: help and version shown, the generic `.error()` (capi never calls it). */
export const OTHER_CODES = ['commander.help', 'commander.helpDisplayed', 'commander.version', 'commander.executeSubCommandAsync', 'commander.error'] as const;

/**
 * A commander usage error in the user's language (without the `capi : ` prefix), chosen by the
 * error's `code` (commander ≥ 7 sets one per kind of error). Commander gives the names involved
 * (option, command, value, allowed choices, suggestion) only inside its English message, so they are
 * read from it with one pattern per code; when a pattern does not match (a new wording after an
 * upgrade), commander's own message is kept rather than a French one with blanks — and the test of
 * each code in `test/cli/usage-errors.test.ts` fails.
 *
 * @param error the error thrown by `parseAsync` under `exitOverride()`
 * @param argv the arguments given to capi (to name the command in « Voir : capi init --help »)
 * @param commands the names of capi's commands, listed after an unknown command
 * @returns one line of text, no final newline
 */
export function usageError(error: CommanderError, argv: readonly string[], commands: readonly string[]): string {
  const command = argv.find((a) => commands.includes(a));
  return translate(error, command, commands) ?? error.message.replace(/^error: /, '');
}

/** Quoted names in a commander message: `error: option '--pdf' cannot be used with option '--docx'` → both. */
const quoted = (message: string) => [...message.matchAll(/'([^']+)'/g)].map((m) => m[1]);
const q = (name: string) => `« ${name} »`;

function translate(error: CommanderError, command: string | undefined, commands: readonly string[]): string | undefined {
  const message = error.message;
  const seeHelp = ` ${t('usage.seeHelp', { command: command ? `capi ${command}` : 'capi' })}`;
  const suggestion = /\(Did you mean (?:one of )?([^?]+)\?\)/.exec(message)?.[1];
  const hint = suggestion ? ` ${t('usage.didYouMean', { value: suggestion.split(', ').map(q).join(', ') })}` : '';
  let m: RegExpExecArray | null;
  switch (error.code) {
    case 'commander.unknownOption':
      return (m = /^error: unknown option '(.+)'(?=\n|$)/.exec(message)) ? t('usage.unknownOption', { option: m[1] }) + hint + seeHelp : undefined;
    case 'commander.unknownCommand':
      return (m = /^error: unknown command '(.+)'(?=\n|$)/.exec(message)) ? t('usage.unknownCommand', { command: m[1], commands: commands.join(', ') }) + hint : undefined;
    case 'commander.invalidArgument': {
      const choices = /Allowed choices are (.+)\.$/.exec(message)?.[1];
      if (!choices) return undefined;
      // the same « did you mean » as the sheet fields get (`--edition publiqe` → publique)
      const near = (value: string) => {
        const found = suggest(value, choices.split(',').map((c) => c.trim().replace(/^"|"$/g, '')));
        return found && isNearMiss(value, found) ? ` ${t('schema.didYouMean', { value: found })}` : '';
      };
      if ((m = /^error: option '([^']+)' argument '(.*)' is invalid\. /.exec(message))) return t('usage.invalidChoice', { option: q(m[1]), value: m[2], choices }) + near(m[2]);
      if ((m = /^error: command-argument value '(.*)' is invalid for argument '([^']+)'\. /.exec(message))) return t('usage.invalidChoice', { option: q(m[2]), value: m[1], choices }) + near(m[1]);
      return undefined;
    }
    case 'commander.optionMissingArgument':
      return (m = /^error: option '([^']+)' argument missing/.exec(message)) ? t('usage.missingArgument', { option: q(m[1]) }) + seeHelp : undefined;
    case 'commander.missingArgument':
      return (m = /^error: missing required argument '([^']+)'/.exec(message)) ? t('usage.missingCommandArgument', { argument: m[1] }) + seeHelp : undefined;
    case 'commander.missingMandatoryOptionValue':
      return (m = /^error: required option '([^']+)' not specified/.exec(message)) ? t('usage.missingMandatoryOption', { option: q(m[1]) }) + seeHelp : undefined;
    case 'commander.conflictingOption': {
      const names = quoted(message);
      return /^error: option '[^']+' cannot be used with option '[^']+'/.test(message) ? t('usage.conflictingOption', { option: q(names[0]), other: q(names[1]) }) + seeHelp : undefined;
    }
    case 'commander.excessArguments':
      return (m = /^error: too many arguments(?: for '[^']+')?\. Expected (\d+) arguments? but got (\d+)\./.exec(message))
        ? t('usage.excessArguments', { command: command ? `capi ${command}` : 'capi', expected: m[1], received: m[2] }) + seeHelp
        : undefined;
    default:
      return undefined;
  }
}
