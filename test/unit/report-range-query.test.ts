import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { attachmentDisposition } from "@/lib/http/attachment";
import { parseReportRange, periodQuery } from "@/lib/reports/parse-report-range";

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected a refusal");
};

describe("the period a page or download asks for", () => {
  it("is a whole year, the default year, or a range", () => {
    expect(parseReportRange({ year: "2024" })).toEqual({ from: "2024-01-01", to: "2024-12-31" });
    expect(parseReportRange({}, 2025)).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(parseReportRange({ from: "2025-03-01", to: "2025-05-31" })).toEqual({
      from: "2025-03-01",
      to: "2025-05-31",
    });
  });

  it("refuses in Chinese, naming the field", () => {
    expect(refusal(() => parseReportRange({}))).toMatchObject({ code: "invalid_year" });
    expect(refusal(() => parseReportRange({ year: "1999" }))).toMatchObject({ code: "invalid_year" });
    expect(refusal(() => parseReportRange({ from: "2025-03-01" }))).toMatchObject({
      code: "invalid_range",
      fields: { to: "请填写结束日期" },
    });
    const backwards = refusal(() => parseReportRange({ from: "2025-05-01", to: "2025-03-01" }));
    expect(backwards).toMatchObject({ code: "invalid_range", message: "开始日期不能晚于结束日期" });
  });

  it("writes the query back", () => {
    expect(periodQuery({ from: "2024-01-01", to: "2024-12-31" })).toBe("year=2024");
    expect(periodQuery({ from: "2024-03-01", to: "2024-05-31" })).toBe("from=2024-03-01&to=2024-05-31");
  });
});

describe("a download's Content-Disposition", () => {
  it("carries the Chinese name as RFC 5987 filename* and an ASCII fallback", () => {
    expect(attachmentDisposition("潜川镇办件统计 2025年.xlsx", "report-2025.xlsx")).toBe(
      "attachment; filename=\"report-2025.xlsx\"; filename*=UTF-8''%E6%BD%9C%E5%B7%9D%E9%95%87%E5%8A%9E%E4%BB%B6%E7%BB%9F%E8%AE%A1%202025%E5%B9%B4.xlsx",
    );
    expect(attachmentDisposition("a'b(c).csv", 'x"y.csv')).toBe(
      "attachment; filename=\"x_y.csv\"; filename*=UTF-8''a%27b%28c%29.csv",
    );
  });
});
