/**
 * GitHub-flavoured Markdown tables (`capi status --format markdown`, `capi links --format markdown`, the
 * CI summary of `capi validate`): one escaping rule for every cell.
 */

/**
 * `text` made safe inside one table cell: `|` escaped as `\|` (GFM: else it splits the cell, even inside
 * a code span) and line breaks turned into spaces (a table row is one line). Other Markdown in `text`
 * (`**bold**`, `<br>`) is kept: callers escape the data, not the formatting they add.
 */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r\n|[\r\n]/g, ' ');
}

/** One table row: `| a | b |`, each cell escaped with `markdownCell`. */
export function markdownRow(cells: readonly string[]): string {
  return `| ${cells.map(markdownCell).join(' | ')} |`;
}

/**
 * A whole table: the header row, the `|---|` line, then one row per entry of `rows`, every cell escaped
 * (`markdownCell`); lines joined with `\n`, ending with one.
 */
export function markdownTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return `${[markdownRow(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(markdownRow)].join('\n')}\n`;
}
