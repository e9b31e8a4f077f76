/**
 * The terminal questions of `capi new`, `capi init` and `capi review`, in the user's language:
 * @inquirer/prompts with a `theme` (their documented option) whose key hints (« ↑↓ naviguer • ⏎
 * choisir »), yes/no words and built-in messages come from the catalogues. Same functions and
 * options as @inquirer/prompts; load this module lazily (`await import('./prompts.js')`).
 */
import * as inquirer from '@inquirer/prompts';
import { styleText } from 'node:util';
import { t } from '../i18n/index.js';

/** The English words @inquirer/prompts puts in its key hints, and their catalogue keys. */
const KEY_WORDS: Record<string, string> = {
  navigate: 'prompt.key.navigate',
  select: 'prompt.key.select',
  submit: 'prompt.key.submit',
  all: 'prompt.key.all',
  invert: 'prompt.key.invert',
  space: 'prompt.key.space',
};

/** English messages written by the prompts themselves (not by capi's validators), and their keys. */
const BUILT_IN_MESSAGES: Record<string, string> = {
  'No results found': 'prompt.noResults',
  'You must provide a valid value': 'prompt.invalid',
  'You must provide a value': 'prompt.required',
  'Invalid input': 'prompt.invalid',
};

/** A word of the prompts in the current language (unknown words are kept). */
function word(english: string, overrides: Record<string, string> = {}): string {
  const key = overrides[english] ?? KEY_WORDS[english];
  return key ? t(key) : english;
}

/**
 * The `keysHelpTip` style: the same look as @inquirer's (bold key, dim action, « • » between), in the
 * current language. `overrides` maps an English action to another key (a checkbox « select » ticks).
 */
function keysHelpTip(overrides: Record<string, string> = {}) {
  return (keys: Array<[key: string, action: string]>): string =>
    keys
      .map(([key, action]) => `${styleText('bold', word(key))} ${styleText('dim', word(action, overrides))}`)
      .join(styleText('dim', ' • '));
}

/** The error style of @inquirer/core (« > message » in red), with its built-in English messages translated. */
function error(text: string): string {
  const key = BUILT_IN_MESSAGES[text];
  return styleText('red', `> ${key ? t(key) : text}`);
}

/** The theme of one kind of prompt, in the current language. */
export function promptTheme(kind: 'select' | 'search' | 'checkbox' | 'input' | 'confirm') {
  switch (kind) {
    case 'select':
      return { style: { keysHelpTip: keysHelpTip(), error }, i18n: { disabledError: t('prompt.disabled') } };
    case 'search':
      return { style: { keysHelpTip: keysHelpTip(), error } };
    case 'checkbox':
      return { style: { keysHelpTip: keysHelpTip({ select: 'prompt.key.tick' }), error }, i18n: { disabledError: t('prompt.disabled') } };
    case 'confirm':
      return {
        style: { error },
        keywords: { yes: t('prompt.yes'), no: t('prompt.no'), error: ({ yes, no }: { yes: string; no: string }) => t('prompt.yesNo', { yes, no }) },
      };
    default:
      return { style: { error } };
  }
}

type Config<F extends (...args: never[]) => unknown> = Parameters<F>[0];

/** @inquirer/prompts' `select`, in the user's language. */
export const select = ((config: Config<typeof inquirer.select>, context?: Parameters<typeof inquirer.select>[1]) =>
  inquirer.select({ ...config, theme: { ...promptTheme('select'), ...config.theme } }, context)) as typeof inquirer.select;

/** @inquirer/prompts' `search`, in the user's language. */
export const search = ((config: Config<typeof inquirer.search>, context?: Parameters<typeof inquirer.search>[1]) =>
  inquirer.search({ ...config, theme: { ...promptTheme('search'), ...config.theme } }, context)) as typeof inquirer.search;

/** @inquirer/prompts' `checkbox`, in the user's language. */
export const checkbox = ((config: Config<typeof inquirer.checkbox>, context?: Parameters<typeof inquirer.checkbox>[1]) =>
  inquirer.checkbox({ ...config, theme: { ...promptTheme('checkbox'), ...config.theme } }, context)) as typeof inquirer.checkbox;

/** @inquirer/prompts' `input`, in the user's language. */
export const input = ((config: Config<typeof inquirer.input>, context?: Parameters<typeof inquirer.input>[1]) =>
  inquirer.input({ ...config, theme: { ...promptTheme('input'), ...config.theme } }, context)) as typeof inquirer.input;

/** @inquirer/prompts' `confirm`, in the user's language. */
export const confirm = ((config: Config<typeof inquirer.confirm>, context?: Parameters<typeof inquirer.confirm>[1]) =>
  inquirer.confirm({ ...config, theme: { ...promptTheme('confirm'), ...config.theme } }, context)) as typeof inquirer.confirm;
