import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers.js';
import { countWords, narrativeWords, reQualityIssues, TOTAL_BOUNDS } from '../../src/validate/quality.js';
import type { ReSheet } from '../../src/types/index.js';

/**
 * The total words of a sheet (the rule `quality.total-short`) are counted with each section counted once
 * for its own bounds and the total: the total must stay the words of every narrative text, counted one by one.
 */
function everyNarrativeText(s: ReSheet): Array<string | null | undefined> {
  return [
    s.contexte, s.description?.etapes, s.description?.ressources, s.valeur_ajoutee, s.contraintes, s.enseignements,
    s.bonne_pratique?.conditions_reproduction,
    ...(s.contributions ?? []).flatMap((c) => [c.titre, c.description, c.preuves]),
    ...(s.perceptions ?? []).flatMap((p) => [...(p.points ?? []), p.preuves, ...(p.citations ?? []).map((q) => q.traduction ?? q.texte)]),
    ...(s.recommandations ?? []).map((r) => r.texte),
    ...(s.leviers_politiques_publiques ?? []).map((l) => l.description),
    ...Object.values(s.bonne_pratique?.criteres ?? {}).map((c) => (c as { justification?: string }).justification),
  ];
}

describe('narrative words', () => {
  const dir = path.join(ROOT, 'examples/re');
  const sheets = readdirSync(dir).map((f) => parse(readFileSync(path.join(dir, f), 'utf8')) as ReSheet);
  it('are the words of every narrative text, for narrativeWords and for the total rule', () => {
    expect(sheets.length).toBeGreaterThan(3);
    for (const sheet of sheets) {
      const expected = everyNarrativeText(sheet).reduce((n, t) => n + countWords(t), 0);
      expect(expected).toBeGreaterThan(100);
      expect(narrativeWords(sheet)).toBe(expected);
      // a sheet cut to its sections only: the total then is under the minimum, and says how many words it has
      const sectionsOnly = { ...sheet, contributions: [], perceptions: [], recommandations: [], leviers_politiques_publiques: [], bonne_pratique: undefined } as unknown as ReSheet;
      const words = everyNarrativeText(sectionsOnly).reduce((n, t) => n + countWords(t), 0);
      const short = reQualityIssues(sectionsOnly, 'soumise').find((i) => i.code === 'quality.total-short');
      if (words < TOTAL_BOUNDS[0]) expect(short?.params.words).toBe(words);
      else expect(short).toBeUndefined();
    }
  });
});
