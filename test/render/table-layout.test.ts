import { describe, expect, it } from 'vitest';
import { columnKind, tableColumns } from '../../src/render/table-layout.js';
import { columnWidths } from '../../src/render/docx/tables.js';

/** Column widths and kinds shared by the PDF and the DOCX: no cell may widen the page. */
describe('table columns from their content', () => {
  it('knows amounts, codes and dates, and text', () => {
    expect(columnKind(['620 000 MAD', '30\u202f000 EUR', '12 %'])).toBe('amount');
    expect(columnKind(['INF-TIZ-001', 'INF-TIZ-012', '2022-06-13'])).toBe('code');
    expect(columnKind(['13 juin 2022', '1er\u00a0mai 2023', '9 mai 2022'])).toBe('code');
    expect(columnKind(['Cotisations des migrants', 'INF-TIZ-001'])).toBe('text');
    expect(columnKind(['', '  '])).toBe('text');
  });

  it('gives a 190-character link no more room than an ordinary word, and the amounts their whole width', () => {
    const link = `Convention https://docs.example.org/${'x'.repeat(160)}`;
    const cols = tableColumns(['Source', 'Montant', 'Nature'], [[link, '30 000 EUR', 'Numéraire'], ['Commune', '350 000 MAD', 'Numéraire']]);
    expect(cols.map((c) => c.kind)).toEqual(['text', 'amount', 'text']);
    expect(cols.reduce((a, c) => a + c.share, 0)).toBeCloseTo(1, 6);
    // « 350 000 MAD » (11 characters + padding) on one line: at least 14 % of 100 characters
    expect(cols[1]!.share).toBeGreaterThanOrEqual(0.14);
    expect(cols[0]!.share).toBeGreaterThan(cols[2]!.share);
    expect(cols[0]!.share).toBeLessThan(0.75);
  });

  it('keeps the informant code and date columns of an interview table on one line each', () => {
    const head = ['Informateur', 'Type d’acteur', 'Date', 'Lieu', 'Langues', 'Consentement'];
    const rows = [['INF-TIZ-001', 'Élu·e communal·e', '2022-06-13', 'Tagoudicht', 'Tachelhit, français', 'Oral enregistré']];
    const cols = tableColumns(head, rows);
    expect(cols[0]!.kind).toBe('code');
    expect(cols[2]!.kind).toBe('code');
    // 11 characters + padding of 100
    expect(cols[0]!.share).toBeGreaterThanOrEqual(0.13);
    expect(cols[2]!.share).toBeGreaterThanOrEqual(0.12);
  });

  it('gives the DOCX the same widths in twips, summing to the table width', () => {
    const widths = columnWidths(['Source', 'Montant'], [['Commune', '350 000 MAD']], 9412);
    expect(widths.reduce((a, b) => a + b, 0)).toBe(9412);
    const shares = tableColumns(['Source', 'Montant'], [['Commune', '350 000 MAD']], 9412 / 20);
    expect(widths[0]! / 9412).toBeCloseTo(shares[0]!.share, 2);
  });
});
