import Link from "next/link";
import { cellDisplay, type ReportTable } from "@/lib/reports/report-tables";

export interface TableSort {
  column: number;
  dir: "asc" | "desc";
  /** The page's address sorted by a column (the direction flips on the active one). */
  hrefFor: (column: number, dir: "asc" | "desc") => string;
}

const isNumeric = (table: ReportTable, i: number) => table.columns[i]!.format !== "text";

/**
 * One of the report's tables (lib/reports/report-tables.ts) as an accessible HTML table: a caption,
 * `th scope="col"` headers and a `th scope="row"` first cell, figures right-aligned; the same rows
 * as the CSV and the workbook. With `sort`, the headers are links that sort by their column.
 */
export function ReportTableView({
  table,
  csvHref,
  sort,
  caption,
  maxHeight,
  className = "",
}: {
  table: ReportTable;
  csvHref?: string;
  sort?: TableSort;
  caption?: string;
  /** Tall tables scroll inside their box with the header kept in view. */
  maxHeight?: string;
  className?: string;
}) {
  return (
    <div className={className}>
      <div className={`overflow-auto ${maxHeight ?? ""}`}>
        <table className="w-full text-left text-sm" data-testid={`table-${table.name}`}>
          <caption className="pb-2 text-left">
            <span className="font-bold">{caption ?? table.title}</span>
            {csvHref && (
              <a href={csvHref} className="no-print ml-3 text-sm font-normal text-brand-700 underline" download>
                下载 CSV
              </a>
            )}
          </caption>
          <thead className="sticky top-0 bg-white text-slate-600">
            <tr>
              {table.columns.map((column, i) => {
                const active = sort?.column === i;
                const next = active && sort.dir === "desc" ? "asc" : "desc";
                return (
                  <th
                    key={i}
                    scope="col"
                    aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}
                    className={`px-2 py-1.5 font-semibold ${isNumeric(table, i) ? "text-right" : ""}`}
                  >
                    {sort ? (
                      <Link href={sort.hrefFor(i, next)} className="underline decoration-dotted" scroll={false}>
                        {column.header}
                        {active ? (sort.dir === "asc" ? " ▲" : " ▼") : ""}
                      </Link>
                    ) : (
                      column.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 && (
              <tr className="border-t border-slate-100">
                <td colSpan={table.columns.length} className="px-2 py-3 text-slate-600">
                  没有数据
                </td>
              </tr>
            )}
            {table.rows.map((row, r) => (
              <tr key={r} className="border-t border-slate-100">
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row" className="px-2 py-1.5 font-normal">
                      {cellDisplay(cell, table.columns[i]!)}
                    </th>
                  ) : (
                    <td key={i} className={`px-2 py-1.5 ${isNumeric(table, i) ? "text-right tabular-nums" : ""}`}>
                      {cellDisplay(cell, table.columns[i]!)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
