import { describe, expect, it } from 'vitest';
import type { SheetView } from '../../src/view/model.js';
import { leadTexts } from './pages.js';

/** A view of one section holding `blocks` (only what `leadTexts` reads). */
const viewOf = (blocks: unknown[]) => ({ sections: [{ title: 'Financement', blocks, children: [] }] }) as unknown as SheetView;

describe('leadTexts (what the page-flow check may not leave at the foot of a page)', () => {
  it('counts section titles and lead notes (labels), not a remark under a table followed by more blocks', () => {
    const view = viewOf([
      { type: 'table', head: ['Source'], rows: [['Commune']] },
      { type: 'note', text: 'Les montants en euros et en MAD sont totalisés séparément.' },
      { type: 'note', lead: true, text: 'Preuves et éléments probants :' },
      { type: 'list', items: ['Procès-verbal'] },
    ]);
    expect(leadTexts(view)).toEqual(['Financement', 'Preuves et éléments probants :']);
  });
});
