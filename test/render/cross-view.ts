/**
 * Test data shared by the renderer tests: the sample view plus what combined documents and OSIM
 * sheets add — a « regard croisé » (`columns` block: France side beside territory side, with an
 * Arabic quote and a fields block inside a column), a level-3 section, a section on a new page.
 */
import { readFileSync } from 'node:fs';
import type { SheetView } from '../../src/view/model.js';

const fixture = new URL('../fixtures/views/re-sample.json', import.meta.url);

export const CROSS = {
  leftTitle: 'Côté France',
  leftSubtitle: 'Ce que dit la fiche de l’association',
  rightTitle: 'Côté territoire',
  rightSubtitle: 'Ce qu’en disent les acteurs locaux',
  leftText: 'L’association finance le réservoir grâce aux cotisations des migrants de Gennevilliers.',
  rightText: 'Les femmes du douar disent que la corvée d’eau a disparu depuis 2019.',
  hostile: '<b>gras</b> & <script>x</script>',
  arabic: 'دابا الما كاين فكل دار',
  translation: 'Maintenant l’eau est dans chaque maison.',
  fieldLabel: 'Rôle de l’OSIM',
  fieldValue: 'Collecte des fonds et suivi des travaux',
  level3: 'Point de vue de la coopérative',
  newPage: 'Annexe sur une nouvelle page',
} as const;

export function crossView(): SheetView {
  const view = JSON.parse(readFileSync(fixture, 'utf8')) as SheetView;
  view.sections.push({
    id: 'regard-croise',
    title: 'Regard croisé',
    level: 1,
    children: [
      {
        id: 'regard-croise-detail',
        title: 'Détail',
        level: 2,
        blocks: [{ type: 'note', text: 'Sous-section de niveau 2.' }],
        children: [
          {
            id: 'regard-croise-cooperative',
            title: CROSS.level3,
            level: 3,
            blocks: [{ type: 'list', items: ['Une réunion par mois', 'Un comité de l’eau élu'] }],
            children: [],
          },
        ],
      },
    ],
    blocks: [
      {
        type: 'columns',
        columns: [
          {
            title: CROSS.leftTitle,
            subtitle: CROSS.leftSubtitle,
            blocks: [
              { type: 'rich', blocks: [{ type: 'paragraph', children: [{ type: 'text', value: CROSS.leftText }] }] },
              {
                type: 'fields',
                rows: [
                  { label: CROSS.fieldLabel, value: CROSS.fieldValue },
                  { label: 'Montant', value: '48 000 € (dont 12 000 € de la commune de Tafraout, تافراوت)' },
                ],
              },
              { type: 'rating', label: 'Appréciation', value: 'Satisfaisante', level: 3, max: 4 },
            ],
          },
          {
            title: CROSS.rightTitle,
            subtitle: CROSS.rightSubtitle,
            blocks: [
              { type: 'rich', blocks: [{ type: 'paragraph', children: [{ type: 'text', value: CROSS.rightText }] }] },
              {
                type: 'quote',
                quote: {
                  text: CROSS.arabic,
                  lang: 'ary',
                  langLabel: 'darija',
                  script: 'arabic',
                  dir: 'rtl',
                  translation: CROSS.translation,
                  attribution: 'INF-TIZ-011, présidente de la coopérative',
                  publishable: true,
                },
              },
              { type: 'note', text: CROSS.hostile },
            ],
          },
        ],
      },
    ],
  });
  view.sections.push({
    id: 'annexe',
    title: CROSS.newPage,
    level: 1,
    pageBreakBefore: true,
    blocks: [{ type: 'note', text: 'Cette section commence une page.' }],
    children: [],
  });
  return view;
}
