import { describe, expect, it } from 'vitest';
import type { SheetView } from '../../src/view/model.js';
import { typesetRichText, typesetView } from '../../src/view/typeset.js';
import { parseRichText } from '../../src/view/markdown.js';
import { fundingBlocks } from '../../src/view/build.js';
import { documentText } from '../../src/view/locale.js';

const N = '\u00a0';
const F = '\u202f';

function view(lang: 'fr' | 'en', sections: SheetView['sections']): SheetView {
  return {
    kind: 're', kindLabel: 'Fiche', id: 'RE-TIZ-01', title: "L'eau au robinet : une adduction", lang, status: 'validee', statusLabel: 'Validée',
    authors: ['Salma Aït Lhaj (enquêtrice)', '  '], summary: [{ label: 'Période', value: 'mars 2015 – juin 2018' }, { label: 'Douars', value: ' ' }],
    sections, source: 're/RE-TIZ-01.yaml', organisation: 'M&D', colophon: '', dataCredit: '',
  };
}

describe('typesetView: nothing printed without content', () => {
  const out = typesetView(view('fr', [
    {
      id: 'contributions', title: 'Contributions', level: 1, blocks: [], children: [
        { id: 'contributions-vide', title: 'Contributions', level: 2, blocks: [{ type: 'note', text: 'Section non renseignée.' }], children: [] },
      ],
    },
    {
      id: 'projet', title: 'Le projet', level: 1, children: [], blocks: [
        { type: 'fields', rows: [{ label: 'Coût total', value: '2 750 000 MAD' }, { label: 'Bénéficiaires', value: '   ' }] },
        { type: 'list', items: ['', 'Fin de la corvée d\'eau', ' \t'] },
        { type: 'table', head: ['Acteur', 'Rôle'], rows: [['', ' '], ['Commune', 'Cofinancement']] },
        { type: 'table', head: ['Niveau', 'Description'], rows: [[' ', '']] },
        { type: 'note', text: 'Preuves et éléments probants :' },
        { type: 'rich', blocks: [{ type: 'paragraph', children: [{ type: 'text', value: '  ' }] }] },
        { type: 'note', text: 'Documents consultés :' },
        { type: 'list', items: ['Convention de 2015'] },
      ],
    },
  ]));

  it('moves a sub-section that repeats its section title up, without the repeated heading', () => {
    expect(out.sections[0]!.children).toEqual([]);
    expect(out.sections[0]!.blocks).toEqual([{ type: 'note', text: 'Section non renseignée.' }]);
  });
  it('drops blank rows, items, tables, rich text and a label left with nothing after it', () => {
    const blocks = out.sections[1]!.blocks;
    expect(blocks.map((b) => b.type)).toEqual(['fields', 'list', 'table', 'note', 'list']);
    expect(blocks[0]).toEqual({ type: 'fields', rows: [{ label: 'Coût total', value: `2${F}750${F}000${N}MAD` }] });
    expect(blocks[1]).toEqual({ type: 'list', items: ['Fin de la corvée d’eau'] });
    expect(blocks[2]).toMatchObject({ rows: [['Commune', 'Cofinancement']] });
    expect(blocks[3]).toEqual({ type: 'note', text: `Documents consultés${N}:` });
    expect(out.authors).toEqual(['Salma Aït Lhaj (enquêtrice)']);
    expect(out.summary.map((r) => r.label)).toEqual(['Période']);
    expect(out.title).toBe(`L’eau au robinet${N}: une adduction`);
  });
  it('is idempotent', () => {
    expect(typesetView({ ...out })).toEqual(out);
  });
  it('English labels get no space before a colon; the French sheet text keeps French rules', () => {
    const en = typesetView(view('en', [{ id: 'x', title: 'Evidence', level: 1, children: [], blocks: [
      { type: 'note', text: 'Documents consulted:' }, { type: 'list', items: ['Convention : signée'] },
    ] }]));
    expect(en.sections[0]!.blocks).toEqual([{ type: 'note', text: 'Documents consulted:' }, { type: 'list', items: [`Convention${N}: signée`] }]);
  });
});

describe('typography across inline runs and outside the sheet', () => {
  /** The paragraph's text as printed (runs joined). */
  const printed = (md: string, lang: 'fr' | 'en' = 'fr') => {
    const flat = (inl: any[]): string => inl.map((i) => (i.type === 'text' ? i.value : i.children ? flat(i.children) : '')).join('');
    return typesetRichText(parseRichText(md), lang).map((b: any) => flat(b.children)).join('\n');
  };
  it('typesets a paragraph as one text: apostrophes and no-break spaces across bold and italic runs', () => {
    expect(printed("un niveau d'**exigence** élevé")).toBe('un niveau d’exigence élevé');
    expect(printed("l'*irrigation* et d'__eau__")).toBe('l’irrigation et d’eau');
    expect(printed('le **coût**; la **durée**: deux ans')).toBe(`le coût${F}; la durée${N}: deux ans`);
    expect(printed('**Pourquoi**? **Comment**!')).toBe(`Pourquoi${F}? Comment${F}!`);
  });
  it('is idempotent, and leaves English text without a space before a colon', () => {
    const once = typesetRichText(parseRichText("d'**exigence** ; fin"), 'fr');
    expect(typesetRichText(once, 'fr')).toEqual(once);
    expect(printed("the **water**: Aziar's share", 'en')).toBe('the water: Aziar’s share');
  });
  it('typesets the lead of the first page', () => {
    const v = typesetView({ ...view('fr', []), lead: "Adduction d'eau potable : 12 douars ; 3 200 habitants" });
    expect(v.lead).toBe(`Adduction d’eau potable${N}: 12 douars${F}; 3${F}200 habitants`);
  });
});

describe('fundingBlocks: a total per currency and each source’s share', () => {
  const doc = documentText('fr');
  const money = (a: number | undefined, c: string | undefined) => (a === undefined ? '' : `${doc.number(a)}${N}${c === 'EUR' ? '€' : c}`);
  it('never adds MAD and euros: one total each, shares within the currency, and a note saying so', () => {
    const blocks = fundingBlocks(doc, [
      { source: 'Cotisations des migrants', montant: 620000, devise: 'MAD', nature: 'numeraire' },
      { source: 'INDH', montant: 900000, devise: 'MAD' },
      { source: 'SEDIF', montant: 30000, devise: 'EUR' },
      { source: 'Agence de l’eau', montant: 14000, devise: 'EUR' },
    ], money, () => 'numéraire');
    const table = blocks[0] as Extract<(typeof blocks)[0], { type: 'table' }>;
    expect(table.head).toEqual(['Financement', 'Montant', 'Part par devise', 'Nature']);
    expect(table.rows[0]).toEqual(['Cotisations des migrants', `620${F}000${N}MAD`, `40,8${N}%`, 'numéraire']);
    expect(table.rows[2]![2]).toBe(`68,2${N}%`);
    expect(table.rows.slice(-2)).toEqual([
      ['Total en MAD', `1${F}520${F}000${N}MAD`, `100${N}%`, ''],
      ['Total en euros', `44${F}000${N}€`, `100${N}%`, ''],
    ]);
    expect(blocks[1]).toMatchObject({ type: 'note' });
    expect((blocks[1] as { text: string }).text).toContain('MAD et en euros sont totalisés séparément');
  });
  it('one currency: one « Total » row and no note', () => {
    const blocks = fundingBlocks(doc, [{ source: 'A', montant: 100, devise: 'MAD' }, { source: 'B', montant: 300, devise: 'MAD' }], money, (n) => n);
    expect(blocks).toHaveLength(1);
    expect((blocks[0] as { rows: string[][] }).rows.at(-1)).toEqual(['Total', `400${N}MAD`, `100${N}%`, '']);
  });
});
