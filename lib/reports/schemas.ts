import { z } from "zod";

// Request schemas of the reports API. The year is checked by the domain (lib/reports/report-range.ts),
// which answers 400 `invalid_year` with the allowed years, so the schema only takes the text.

export const yearlyReportQuery = z.object({
  year: z
    .string()
    .max(10, "年份有误")
    .optional()
    .meta({ description: "The calendar year, 2000 to this year; this year when left out", examples: ["2026"] }),
  hall: z
    .string()
    .trim()
    .min(1)
    .max(40, "服务中心代码有误")
    .optional()
    .meta({ description: "A hall's code: the district may ask for any hall; a hall's staff only for their own" }),
});
