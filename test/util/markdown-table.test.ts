import { describe, expect, it } from 'vitest';
import { markdownCell, markdownRow, markdownTable } from '../../src/util/markdown-table.js';

describe('Markdown tables', () => {
  it('escapes | and turns line breaks into spaces in every cell', () => {
    expect(markdownCell('Tagmat | Gennevilliers')).toBe('Tagmat \\| Gennevilliers');
    expect(markdownCell('ligne 1\nligne 2\r\nligne 3\rfin')).toBe('ligne 1 ligne 2 ligne 3 fin');
    expect(markdownCell('**aucune**<br>RE-TIZ-01')).toBe('**aucune**<br>RE-TIZ-01');
  });

  it('builds a header, its rule and one escaped row per entry', () => {
    expect(markdownRow(['a|b', 'c'])).toBe('| a\\|b | c |');
    expect(markdownTable(['id', 'commune'], [['RE-TIZ-01', 'Afella Ighir | أفلا إغير'], ['RE-AGA-01', 'Imi\nMqourn']])).toBe(
      '| id | commune |\n|---|---|\n| RE-TIZ-01 | Afella Ighir \\| أفلا إغير |\n| RE-AGA-01 | Imi Mqourn |\n',
    );
    expect(markdownTable(['id'], [])).toBe('| id |\n|---|\n');
  });
});
