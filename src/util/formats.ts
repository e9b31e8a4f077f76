import { isNearMiss } from './text.js';
import { t } from '../i18n/index.js';
import { UserError } from './errors.js';

/** Output formats of `capi render` and `capi report`. */
export type RenderFormat = 'pdf' | 'docx' | 'html';
export const RENDER_FORMATS: readonly RenderFormat[] = ['pdf', 'docx', 'html'];

/** Output formats of `capi booklet` (no HTML booklet). */
export type BookletFormat = 'pdf' | 'docx';
export const BOOKLET_FORMATS: readonly BookletFormat[] = ['pdf', 'docx'];

/**
 * Parses a `--format` value: a comma-separated list (`pdf,docx`), spaces and case ignored, each format
 * once, in the order given.
 *
 * @param allowed the formats the command knows
 * @param messageKey the catalogue key of the refusal, given `{format}`: the first unknown format, or the
 *   whole value when it names none (`render.badFormat`, `booklet.badFormat`)
 * @throws UserError (exit 2) for an unknown format or an empty list
 */
export function parseFormatList<F extends string>(value: string, allowed: readonly F[], messageKey: string): F[] {
  const list = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = list.find((f) => !allowed.includes(f as F));
  if (unknown !== undefined || list.length === 0) {
    // the « did you mean » of sheet fields, for a format one or two letters off (`pfd` → pdf)
    const near = unknown ? allowed.find((f) => isNearMiss(unknown, f)) : undefined;
    const hint = near ? ` ${t('schema.didYouMean', { value: near })}` : '';
    throw new UserError(t(messageKey, { format: unknown ?? value }) + hint);
  }
  return [...new Set(list)] as F[];
}

/** `--format` of `capi render` and `capi report`: pdf, docx, html (see `parseFormatList`). */
export function parseFormats(value: string): RenderFormat[] {
  return parseFormatList(value, RENDER_FORMATS, 'render.badFormat');
}

/** `--format` of `capi booklet`: pdf, docx or both (see `parseFormatList`). */
export function parseBookletFormats(value: string): BookletFormat[] {
  return parseFormatList(value, BOOKLET_FORMATS, 'booklet.badFormat');
}
