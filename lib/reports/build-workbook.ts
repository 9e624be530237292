// The report as an Excel workbook (exceljs): one sheet per view — 汇总, 按月, 按部门, 按事项, 按渠道,
// 按村, 好差评, 等候时间, and 超期办件 — with Chinese headers, number and percent formats, the header
// rows frozen and the columns wide enough for their Chinese. Built from the same tables as the CSV
// files (report-tables.ts). No server-only: pure apart from producing bytes.
import ExcelJS from "exceljs";
import { rangeLabel } from "@/lib/reports/figures-format";
import { buildReportParagraph } from "@/lib/reports/report-paragraph";
import {
  buildReportTables,
  isFormattedCell,
  SHEETS,
  type CellFormat,
  type ReportTable,
} from "@/lib/reports/report-tables";
import type { Report } from "@/lib/reports/types";

const NUMBER_FORMAT: Record<CellFormat, string | undefined> = {
  integer: "#,##0",
  percent: "0.0%",
  change: "+0.0%;-0.0%;0.0%",
  points: '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"',
  minutes: "0.0",
  text: undefined,
};
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9EAFF" } };

export function workbookFileName(report: Report, hallName?: string): string {
  return `${hallName ?? ""}办件统计 ${rangeLabel(report.current.range).replaceAll(" ", "")}.xlsx`;
}

export async function buildWorkbook(report: Report, options: { hallName?: string; now?: Date } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "一窗";
  workbook.created = options.now ?? new Date();
  const tables = buildReportTables(report);
  const period = `${options.hallName ?? ""} ${rangeLabel(report.current.range)}`.trim();

  for (const sheetName of SHEETS) {
    const sheetTables = tables.filter((t) => t.sheet === sheetName);
    // The first table's title and header stay in view while scrolling.
    const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 2, xSplit: 0 }] });
    const widths: number[] = [];
    let rowNumber = 1;
    for (const table of sheetTables) {
      rowNumber = writeTable(sheet, table, rowNumber, period);
      table.columns.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.width)));
      rowNumber += 1;
    }
    widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
    if (sheetName === "汇总") {
      const cell = sheet.getCell(rowNumber, 1);
      cell.value = buildReportParagraph(report, { hallName: options.hallName });
      cell.alignment = { wrapText: true, vertical: "top" };
      sheet.mergeCells(rowNumber, 1, rowNumber, 4);
      sheet.getRow(rowNumber).height = 96;
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Title, header and rows from `start`; returns the row after the last one written. */
function writeTable(sheet: ExcelJS.Worksheet, table: ReportTable, start: number, period: string): number {
  const titleCell = sheet.getCell(start, 1);
  titleCell.value = `${table.title}（${period}）`;
  titleCell.font = { bold: true, size: 13 };

  const header = sheet.getRow(start + 1);
  table.columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { horizontal: column.format === "text" ? "left" : "right", vertical: "middle", wrapText: true };
  });

  table.rows.forEach((row, r) => {
    const excelRow = sheet.getRow(start + 2 + r);
    row.forEach((cell, i) => {
      const { value, format } = isFormattedCell(cell) ? cell : { value: cell, format: table.columns[i]!.format };
      const target = excelRow.getCell(i + 1);
      // Points are written as points (3.0), shares and changes as shares (0.042 shown as 4.2%).
      target.value = format === "points" && typeof value === "number" ? Math.round(value * 1000) / 10 : value;
      const numFmt = NUMBER_FORMAT[format];
      if (numFmt && typeof value === "number") target.numFmt = numFmt;
    });
  });
  return start + 2 + table.rows.length;
}
