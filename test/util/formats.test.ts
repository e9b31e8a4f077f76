import { describe, expect, it } from 'vitest';
import { parseBookletFormats, parseFormatList, parseFormats } from '../../src/util/formats.js';
import { UserError } from '../../src/util/errors.js';

describe('--format lists', () => {
  it('reads a comma-separated list, spaces and case ignored, each format once in the order given', () => {
    expect(parseFormats('pdf')).toEqual(['pdf']);
    expect(parseFormats(' DOCX , pdf,docx,html ')).toEqual(['docx', 'pdf', 'html']);
    expect(parseBookletFormats('docx,pdf')).toEqual(['docx', 'pdf']);
  });

  it('refuses an unknown format by name, with exit 2 and the message of the command', () => {
    const error = (() => {
      try {
        parseFormats('pdf,odt');
      } catch (e) {
        return e as UserError;
      }
    })();
    expect(error).toBeInstanceOf(UserError);
    expect(error?.exitCode).toBe(2);
    expect(error?.message).toBe('Format inconnu « odt » : choisissez pdf, docx ou html (séparés par des virgules).');
    expect(() => parseBookletFormats('html')).toThrow('Format inconnu « html » pour le recueil : choisissez pdf, docx ou pdf,docx.');
  });

  it('refuses an empty list, naming what was given', () => {
    expect(() => parseFormats(' , ')).toThrow('Format inconnu «  ,  »');
    expect(() => parseFormatList('', ['a'], 'render.badFormat')).toThrow('Format inconnu «  »');
  });
});
