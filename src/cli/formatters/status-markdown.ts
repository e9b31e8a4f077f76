import type { FormatContext, StatusRow } from './index.js';
import { statusCells, statusHead } from './status-cells.js';

/** `status --format markdown`: the dashboard as one Markdown table (`|` in cells escaped). */
export function format(rows: StatusRow[], { io }: FormatContext): void {
  const head = statusHead();
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  io.stdout.write(`${[`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${statusCells(r).map(esc).join(' | ')} |`)].join('\n')}\n`);
}
