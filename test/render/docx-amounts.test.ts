import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { examplesThroughLibreOffice, renderedExamples, REPRESENTATIVE_IDS } from '../helpers/examples.js';
import { readPages, squeeze } from '../helpers/pages.js';
import { tableColumns, TEXT_WIDTH_PT } from '../../src/render/table-layout.js';
import { textWidth } from '../../src/render/text-width.js';
import { SIZES } from '../../src/render/design.js';

/**
 * Amounts, codes and dates never wrap in the DOCX either (publications officer's review of issue 12:
 * « 220 000 MA / D » in the financing table of RE-TAR-01 read back from LibreOffice). Every
 * right-aligned (amount) cell of the DOCX tables must be found whole on one line of the LibreOffice
 * rendering. The DOCX are the examples rendered once per run, converted in the LibreOffice call of
 * ../render/pdf-docx-compare.test.ts (no start of its own); the internal edition has the same amount
 * cells as the public one the review read.
 */
const SHEETS = ['RE-TAR-01', 'RE-TIZ-01'];
let cells: string[] = [];
let lines: string[] = [];

/** The text of every right-aligned table cell of a DOCX's document.xml. */
function amountCells(xml: string): string[] {
  return [...xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)]
    .map((m) => m[1]!)
    .filter((tc) => /<w:jc w:val="(right|end)"\/>/.test(tc))
    .map((tc) => [...tc.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
    .filter((t) => /\d/.test(t));
}

beforeAll(async () => {
  expect(REPRESENTATIVE_IDS).toEqual(expect.arrayContaining(SHEETS));
  const rendered = await renderedExamples();
  expect(rendered.code, rendered.stderr).toBe(0);
  const docx = SHEETS.map((id) => path.join(rendered.out, `${id}.docx`));
  for (const f of docx) cells.push(...amountCells(await (await JSZip.loadAsync(readFileSync(f))).file('word/document.xml')!.async('string')));
  const lo = await examplesThroughLibreOffice(REPRESENTATIVE_IDS);
  lines = SHEETS.flatMap((id) => readPages(lo.get(id)!).flatMap((p) => p.lines.map((l) => squeeze(l.text))));
}, 300_000);

describe('amounts in the DOCX (LibreOffice)', () => {
  it('prints every amount of the financing tables on one line', () => {
    expect(cells.length).toBeGreaterThanOrEqual(4);
    expect(cells.some((c) => /MAD|EUR|€/.test(c))).toBe(true);
    const broken = cells.filter((c) => !lines.some((l) => l.includes(squeeze(c))));
    expect(broken).toEqual([]);
  });
});

describe('room for unbreakable tokens', () => {
  it('reserves the measured width of the longest amount (no-break spaces included) beside a long text column', () => {
    const amounts = ['1\u202f220\u202f000\u00a0MAD', '60\u202f000\u00a0MAD', '30\u202f000\u00a0€'];
    const source = 'Cotisations des migrants (association Siroua Solidarité, Mantes-la-Jolie) et autres contributions';
    const cols = tableColumns(['Financement', 'Montant', 'Part', 'Nature'], amounts.map((a) => [source, a, '22,9\u00a0%', 'numéraire']));
    const need = textWidth(amounts[0]!, 'serif', SIZES.table) + 11.3;
    expect(cols[1]!.kind).toBe('amount');
    expect(cols[1]!.share * TEXT_WIDTH_PT).toBeGreaterThanOrEqual(need);
    // in a narrow column (the « Regard croisé » half page) too
    const half = tableColumns(['Financement', 'Montant', 'Part', 'Nature'], amounts.map((a) => [source, a, '22,9\u00a0%', 'numéraire']), TEXT_WIDTH_PT / 2);
    expect(half[1]!.share * (TEXT_WIDTH_PT / 2)).toBeGreaterThanOrEqual(need);
  });
});
