/**
 * The one table mechanism every kind uses: columns declared once per kind (output/columns/),
 * cells computed as items arrive, and columns aligned with two spaces between them. Rows are kept
 * as strings rather than objects, so a table filled page by page holds only what it prints, and
 * the whole table is aligned as one even when it came in many pages.
 */
import { bold, statusColour } from './colour.js';

export interface Column<T> {
  header: string;
  /** Method syntax on purpose: a Column<Device> may then stand where a Column<unknown> is expected. */
  cell(item: T): string;
  /** Coloured by meaning on a terminal (Online, Error, True…). */
  status?: boolean;
}

const GAP = '  ';

export class Table<T> {
  private readonly rows: string[][] = [];

  constructor(private readonly columns: readonly Column<T>[]) {}

  add(items: Iterable<T>): void {
    for (const item of items) this.rows.push(this.columns.map((c) => c.cell(item)));
  }

  get size(): number {
    return this.rows.length;
  }

  /** Header and rows, each line ending in a newline; colours only when `colour` (a terminal). */
  render(colour: boolean): string {
    const widths = this.columns.map((c) => c.header.length);
    for (const row of this.rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i]!, cell.length)));
    const last = this.columns.length - 1;
    // Pad before colouring: escape codes must not count towards the width.
    const line = (cells: readonly string[], paint: (cell: string, i: number) => string) =>
      cells
        .map((cell, i) => paint(cell, i) + (i === last ? '' : ' '.repeat(widths[i]! - cell.length) + GAP))
        .join('')
        .trimEnd() + '\n';
    const header = line(
      this.columns.map((c) => c.header),
      (h) => (colour ? bold(h) : h),
    );
    const status = this.columns.map((c) => colour && c.status === true);
    return header + this.rows.map((r) => line(r, (cell, i) => (status[i] ? statusColour(cell) : cell))).join('');
  }
}
