import { describe, expect, it } from 'vitest';
import { fsReason } from '../../src/util/errors.js';
import { t } from '../../src/i18n/index.js';

describe('file-system errors in words', () => {
  it('names a full disk, a missing permission and a read-only disk, and says what to do', () => {
    const err = (code: string) => Object.assign(new Error(`${code}: raw system text`), { code });
    expect(fsReason(err('ENOSPC'), (k) => t(k))).toBe('le disque est plein : libérez de la place, ou choisissez un autre dossier avec --out');
    expect(fsReason(err('EACCES'), (k) => t(k))).toBe("pas le droit d'écrire ici : choisissez un autre dossier avec --out");
    expect(fsReason(err('EROFS'), (k) => t(k))).toBe('le disque est en lecture seule : choisissez un autre dossier avec --out');
    expect(fsReason(err('EIO'), (k) => t(k))).toBe('EIO: raw system text');
  });
});
