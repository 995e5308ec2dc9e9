/** One CSV cell: text, a number, or empty (null). */
export type CsvCell = string | number | null;

// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV
// Injection"); tab and carriage return count too, as Excel skips them before the sign.
const FORMULA_START = /^[=+\-@\t\r]/;

// RFC 4180 section 2.6: a field holding a comma, a quote or a line break is quoted.
const NEEDS_QUOTES = /[",\r\n]/;

function encodeCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV, CRLF after every record (the header included). Text that a spreadsheet
 * would run as a formula gets a leading apostrophe; numbers are written as they are.
 */
export function encodeCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(encodeCell).join(',')}\r\n`).join('');
}
