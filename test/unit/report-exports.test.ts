import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { buildWorkbook } from "@/lib/reports/build-workbook";
import { buildReportTable, buildReportTables, SHEETS, TABLE_NAMES } from "@/lib/reports/report-tables";
import { tableToCsv } from "@/lib/reports/table-csv";
import { yearReport } from "@/test/support/report-fixture";

/** RFC 4180 reader, enough to read back what tableToCsv writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let field = "";
  let quoted = false;
  const endField = () => {
    rows.at(-1)!.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") endField();
    else if (ch === "\r" && text[i + 1] === "\n") {
      endField();
      rows.push([]);
      i++;
    } else field += ch;
  }
  rows.pop();
  return rows;
}

describe("report tables", () => {
  const report = yearReport(2025, 6935, 6655);

  it("has every table once, each in a sheet of the workbook", () => {
    const tables = buildReportTables(report);
    expect(tables.map((t) => t.name)).toEqual([...TABLE_NAMES]);
    for (const t of tables) expect(SHEETS).toContain(t.sheet);
    for (const t of tables) for (const row of t.rows) expect(row).toHaveLength(t.columns.length);
  });

  it("puts last year's figure and the change beside each month", () => {
    const months = buildReportTable(report, "months");
    expect(months.rows).toHaveLength(12);
    expect(months.rows[0]).toEqual(["2025年1月", 578, 555, (578 - 555) / 555]);
  });
});

describe("CSV of a table", () => {
  const report = yearReport(2025, 6935, 6655);

  it("starts with a byte-order mark and ends lines with CRLF", () => {
    const csv = tableToCsv(buildReportTable(report, "channels"));
    expect(csv.startsWith("\uFEFF渠道,办件量,占比,上年同期,同比\r\n")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv).toContain("\r\n服务中心窗口,5896,85.0%,5658,4.2%\r\n");
  });

  it("quotes commas and quotes, and neutralises text a spreadsheet would run as a formula", () => {
    const rows = parseCsv(tableToCsv(buildReportTable(report, "items")).slice(1));
    const injected = rows.find((r) => r[0] === "MZ001")!;
    expect(injected[1]).toBe('\'=HYPERLINK("x") 低保申请');
    expect(tableToCsv(buildReportTable(report, "items"))).toContain('"\'=HYPERLINK(""x"") 低保申请"');
    for (const start of ["+1", "-1", "@SUM(A1)", "\tx"]) {
      const r = yearReport(2025, 10, 10);
      r.current.byItem[0]!.name = start;
      expect(parseCsv(tableToCsv(buildReportTable(r, "items")).slice(1))[1]![1]).toBe(`'${start}`);
    }
  });

  it("writes a decrease as a figure, not as neutralised text, and no figure as an empty cell", () => {
    const r = yearReport(2025, 900, 1000);
    const summary = parseCsv(tableToCsv(buildReportTable(r, "summary")).slice(1));
    expect(summary[1]).toEqual(["受理办件总数", "900", "1000", "-10.0%"]);
    const empty = yearReport(2025, 5, 0);
    expect(parseCsv(tableToCsv(buildReportTable(empty, "summary")).slice(1))[1]).toEqual([
      "受理办件总数",
      "5",
      "0",
      "",
    ]);
  });
});

describe("the Excel workbook", () => {
  it("has the sheets in order, Chinese headers, formats and a frozen header", async () => {
    const report = yearReport(2025, 6935, 6655);
    const bytes = await buildWorkbook(report, { hallName: "千川镇便民服务中心" });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([...SHEETS]);

    const summary = workbook.getWorksheet("汇总")!;
    expect(summary.getCell("A1").value).toBe("汇总（千川镇便民服务中心 2025 年）");
    expect(summary.getRow(2).values).toEqual([undefined, "指标", "本期", "上年同期", "同比"]);
    expect(summary.getCell("A3").value).toBe("受理办件总数");
    expect(summary.getCell("B3").value).toBe(6935);
    expect(summary.getCell("B3").numFmt).toBe("#,##0");
    expect(summary.getCell("D3").numFmt).toBe("+0.0%;-0.0%;0.0%");
    expect(summary.getCell("D8").value).toBe(0); // 最多跑一次率: the change in points
    expect(summary.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(summary.getColumn(1).width).toBeGreaterThanOrEqual(20);

    const months = workbook.getWorksheet("按月")!;
    expect(months.getCell("A3").value).toBe("2025年1月");
    const sum = Array.from({ length: 12 }, (_, i) => Number(months.getCell(`B${3 + i}`).value)).reduce((a, b) => a + b);
    expect(sum).toBe(6935);

    const items = workbook.getWorksheet("按事项")!;
    // Cells hold values, never formulas: the injected name is plain text.
    expect(items.getCell("B4").value).toBe('=HYPERLINK("x") 低保申请');
    expect(items.getCell("B4").type).toBe(ExcelJS.ValueType.String);
  });
});
