import { printable } from './format-value.js';

/** One column of a list: its header and how a row fills it. */
export interface TableColumn<Row> {
  header: string;
  cell(row: Row): string;
}

/** Rows as left-aligned columns two spaces apart, a header line first; no trailing spaces. */
export function formatTable<Row>(columns: readonly TableColumn<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((column) => column.header), ...rows.map((row) => columns.map((column) => printable(column.cell(row))))];
  const widths = columns.map((_, index) => Math.max(...lines.map((line) => line[index]!.length)));
  return lines.map((line) => line.map((cell, index) => cell.padEnd(widths[index]!)).join('  ').trimEnd()).join('\n') + '\n';
}
