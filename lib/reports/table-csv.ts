// One report table as a CSV file that Excel opens with its Chinese intact: UTF-8 with a byte-order
// mark, CRLF line ends, RFC 4180 quoting. A text cell that a spreadsheet would run as a formula
// (starting with = + - @, or a tab or carriage return) is written with a leading apostrophe.
// No server-only: pure.
import { cellText, isFormattedCell, type Cell, type ReportTable, type TableColumn } from "@/lib/reports/report-tables";

export const CSV_BOM = "\uFEFF";
const FORMULA_START = /^[=+\-@\t\r]/;

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Text from people (item names, reasons): neutralised. Our own figures ("-3.0%") stay figures. */
function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A text field written by people, quoted and neutralised: also the audit log's CSV (lib/audit). */
export function csvTextField(text: string): string {
  return quote(neutralise(text));
}

export function tableToCsv(table: ReportTable): string {
  const lines = [table.columns.map((c) => quote(neutralise(c.header)))];
  for (const row of table.rows) {
    lines.push(row.map((cell, i) => quote(fieldText(cell, table.columns[i]!))));
  }
  return CSV_BOM + lines.map((l) => l.join(",")).join("\r\n") + "\r\n";
}

function fieldText(cell: Cell, column: TableColumn): string {
  if (typeof cell === "string") return neutralise(cell);
  const { value, format } = isFormattedCell(cell) ? cell : { value: cell, format: column.format };
  // Counts without thousands separators, so a spreadsheet reads them as numbers.
  if (format === "integer" && value !== null) return String(value);
  return cellText(cell, column);
}
