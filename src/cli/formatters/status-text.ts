import chalk, { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { FormatContext, StatusRow } from './types.js';
import { statusCells, statusHead } from './status-cells.js';

/** The dashboard as a terminal table: borders and colours on a colour terminal, plain aligned columns otherwise. */
export function statusTable(rows: readonly StatusRow[], color: boolean): string {
  const c = new Chalk({ level: color ? chalk.level || 1 : 0 });
  const table = new Table({
    head: statusHead().map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true },
    chars: color ? undefined : { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
  });
  for (const r of rows) {
    const row = statusCells(r);
    if (color) {
      row[3] = r.status === 'validee' ? c.green(row[3]) : r.status === 'a-reviser' ? c.yellow(row[3]) : row[3];
      row[4] = r.completeness === null ? c.red(row[4]) : r.completeness >= 90 ? c.green(row[4]) : r.completeness >= 60 ? c.yellow(row[4]) : c.red(row[4]);
      row[5] = r.errors ? c.red(row[5]) : row[5];
      row[6] = r.warnings ? c.yellow(row[6]) : row[6];
      row[7] = r.openComments ? c.yellow(row[7]) : row[7];
    }
    table.push(row);
  }
  const lines = table.toString().split('\n').map((l) => l.trimEnd());
  return `${lines.join('\n')}\n`;
}

/** `status --format text` (the default): the dashboard table on stdout. */
export function format(rows: StatusRow[], { io }: FormatContext): void {
  io.stdout.write(statusTable(rows, io.color));
}
