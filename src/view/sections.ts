import type { SectionView } from './model.js';

/**
 * Sections one level down (a whole sheet becomes one level-1 part of a combined document: double
 * regard, booklet), ids prefixed with `prefix` so they stay unique; level 3 is the deepest.
 */
export function demote(sections: SectionView[], prefix: string): SectionView[] {
  return sections.map((s) => ({
    ...s,
    id: `${prefix}-${s.id}`,
    level: Math.min(3, s.level + 1) as 1 | 2 | 3,
    pageBreakBefore: false,
    children: demote(s.children, prefix),
  }));
}
