import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { ROOT } from '../helpers.js';
import { checkPaths, type CheckResult } from '../../src/link/check.js';
import { buildView, sheetHeading, viewContext } from '../../src/view/index.js';
import type { LoadedSheet } from '../../src/load/sheet.js';
import type { ReSheet } from '../../src/types/index.js';

let result: CheckResult;

beforeAll(async () => {
  result = await checkPaths([path.join(ROOT, 'examples')], ROOT);
});

/** The examples' RE sheets, and each again with a title and project title that typography and the public edition change. */
function sheets(): LoadedSheet[] {
  const re = result.sheets.filter((s) => s.kind === 're' && !result.failed.has(s.absPath));
  const changed = re.map((s) => {
    const data = structuredClone(s.data) as ReSheet;
    data.titre = `Le "projet" d'eau de ${data.titre} (INF-TIZ-007) : bilan !`;
    data.projet.intitule = `Séguia ; voir INF-TAR-003, contact 06 12 34 56 78 ou ali@example.org ?`;
    return { ...s, data };
  });
  return [...re, ...changed];
}

describe('sheetHeading: what the booklet shows of a sheet before its view is built', () => {
  it('is the view\'s id, title, subtitle and place, in both editions and both document languages', () => {
    const all = sheets();
    expect(all.length).toBeGreaterThan(10);
    let differs = 0;
    for (const lang of ['fr', 'en'] as const) {
      for (const edition of ['interne', 'publique'] as const) {
        const ctx = viewContext(result.sheets, { ...result.config, documentLang: lang }, '0.1.0', { edition });
        // in English, three of the changed sheets (views take time to build)
        for (const sheet of lang === 'fr' ? all : all.slice(-3)) {
          const view = buildView(sheet, ctx);
          const heading = sheetHeading(sheet, ctx);
          expect(heading).toEqual({ id: view.id, title: view.title, subtitle: view.subtitle, place: view.place });
          if (heading.title !== (sheet.data as ReSheet).titre) differs += 1;
        }
      }
    }
    // the changed titles go through typography (and the public edition): the comparison is not of raw text
    expect(differs).toBeGreaterThanOrEqual(all.length + 6);
  });

  it('leaves informant codes and contacts out of the public edition\'s heading', () => {
    const ctx = viewContext(result.sheets, result.config, '0.1.0', { edition: 'publique' });
    const changed = sheets().at(-1)!;
    const heading = sheetHeading(changed, ctx);
    expect(heading.title).not.toContain('INF-');
    expect(heading.title).toMatch(/[\u00a0\u202f]: bilan[\u00a0\u202f]!$/);
    expect(heading.subtitle).not.toMatch(/INF-|06 12|ali@/);
    expect(sheetHeading(changed, { ...ctx, edition: 'interne' }).subtitle).toContain('INF-TAR-003');
  });
});
