import type { FormatContext, StatusRow } from './types.js';
import { statusCells, statusHead } from './status-cells.js';
import { markdownTable } from '../../util/markdown-table.js';

/** `status --format markdown`: the dashboard as one Markdown table (every cell escaped by `markdownTable`). */
export function format(rows: StatusRow[], { io }: FormatContext): void {
  io.stdout.write(markdownTable(statusHead(), rows.map(statusCells)));
}
