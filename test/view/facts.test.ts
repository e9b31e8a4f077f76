import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { diasporaShare, fundingShares, percent } from '../../src/view/facts.js';
import { fundingBlocks } from '../../src/view/build.js';
import { documentText } from '../../src/view/locale.js';

/**
 * One definition of the diaspora's share (publications officer's review: « dont 23 % » in the key-facts
 * box, « 27,2 % » in the table of the same page): each line's share of the total of its currency,
 * computed once (`fundingShares`) and printed alike by the box and the table's « Part » column.
 */
const doc = documentText('fr');
const tar = parse(readFileSync(path.join(ROOT, 'examples/re/RE-TAR-01.yaml'), 'utf8'));

describe('the diaspora share', () => {
  it('is the sum of the diaspora rows\' « Part » in the financing table, printed the same', () => {
    const d = diasporaShare(tar.projet, [])!;
    expect(d.currency).toBe('MAD');
    expect(d.currencies).toBe(2);
    const table = fundingBlocks(doc, tar.projet.financements, (m, c) => `${m} ${c}`, (n) => n)[0] as { rows: string[][]; head: string[] };
    const rows = table.rows.filter((r) => /migrants/i.test(r[0]!));
    expect(rows).toHaveLength(1);
    // 220 000 of the 960 000 MAD of financing in MAD
    expect(d.share).toBeCloseTo(220_000 / 960_000, 6);
    expect(rows[0]![2]).toBe(percent(doc, d.share));
    expect(percent(doc, d.share)).toBe('22,9\u00a0%');
  });

  it('never mixes currencies: each group sums to 100 %, and the column says so', () => {
    const { totals, shares } = fundingShares(tar.projet.financements);
    expect([...totals.keys()]).toEqual(['MAD', 'EUR']);
    const sum = (c: string) => tar.projet.financements.reduce((s: number, f: { devise: string }, i: number) => s + (f.devise === c ? shares[i]! : 0), 0);
    expect(sum('MAD')).toBeCloseTo(1, 9);
    expect(sum('EUR')).toBeCloseTo(1, 9);
    const table = fundingBlocks(doc, tar.projet.financements, (m, c) => `${m} ${c}`, (n) => n)[0] as { head: string[] };
    expect(table.head[2]).toBe('Part par devise');
  });

  it('is not given when the diaspora\'s lines are in two currencies', () => {
    const projet = { financements: [{ source: 'Cotisations des migrants', montant: 10, devise: 'MAD' }, { source: 'Diaspora en France', montant: 5, devise: 'EUR' }] };
    expect(diasporaShare(projet as never, [])).toBeUndefined();
  });
});
