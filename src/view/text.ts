/**
 * A title cut at a word boundary to at most `max` characters (code points), with « … » when cut, for
 * the running headers of both renderers (one line; Word cannot ellipsise).
 */
export function shortenTitle(title: string, max: number): string {
  if ([...title].length <= max) return title;
  const cut = [...title].slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
}
