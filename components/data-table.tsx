import type { ReactNode } from "react";

export interface DataColumn<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Counts and amounts: right-aligned, tabular figures. */
  isNumeric?: boolean;
  /** Extra classes of the column's cells (`whitespace-nowrap`, `font-mono`). */
  className?: string;
}

/**
 * A table of rows: a caption (the table's accessible name), column headers with `scope="col"`,
 * numeric columns aligned right, and a line of text when there are no rows. Usable from server
 * and client components alike (no hooks); wide tables scroll inside their box, not the page.
 *
 * ```tsx
 * <DataTable caption="账号" rows={staff} rowKey={(s) => s.username} empty="还没有账号"
 *   columns={[{ header: "用户名", cell: (s) => s.username, className: "font-mono" },
 *             { header: "办件量", cell: (s) => s.cases, isNumeric: true }]} />
 * ```
 */
export function DataTable<Row>({
  caption,
  isCaptionHidden = false,
  columns,
  rows,
  rowKey,
  empty = "暂无记录",
  className,
  rowClassName,
  testId,
}: {
  caption: string;
  /** For a table the page already names in a heading: the caption stays for screen readers only. */
  isCaptionHidden?: boolean;
  columns: DataColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string | number;
  empty?: string;
  /** Classes of the box around the table (background, shadow, margins). */
  className?: string;
  /** Classes of one row, e.g. amber for a case due soon and red for an overdue one. */
  rowClassName?: (row: Row) => string;
  testId?: string;
}) {
  const align = (column: DataColumn<Row>) => (column.isNumeric ? "text-right tabular-nums" : "");
  return (
    <div className={`overflow-x-auto ${className ?? ""}`}>
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className={isCaptionHidden ? "sr-only" : "pb-2 text-left text-lg font-bold"}>{caption}</caption>
        <thead className="text-slate-600">
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" className={`px-2 py-1.5 font-semibold ${align(column)}`}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr className="border-t border-slate-100">
              <td colSpan={columns.length} className="px-2 py-3 text-slate-600">
                {empty}
              </td>
            </tr>
          )}
          {rows.map((row, r) => (
            <tr key={rowKey(row, r)} className={`border-t border-slate-100 align-top ${rowClassName?.(row) ?? ""}`}>
              {columns.map((column, i) => (
                <td key={i} className={`px-2 py-1.5 ${align(column)} ${column.className ?? ""}`}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
