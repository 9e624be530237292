import { z } from "zod";
import { TABLE_NAMES } from "@/lib/reports/report-tables";

// Request schemas of the report's downloads (the workbook and the CSV tables). The year and the
// dates are checked by report-range.ts (400 `invalid_year` / `invalid_range` with the allowed
// values), so the schema only takes the text.

const date = (description: string, example: string) =>
  z
    .string()
    .max(20, "日期有误")
    .optional()
    .meta({ description, examples: [example] });

export const reportFileQuery = z.object({
  year: z
    .string()
    .max(10, "年份有误")
    .optional()
    .meta({ description: "The calendar year, 2000 to this year (or give `from` and `to`)", examples: ["2025"] }),
  from: date("First day of a range (YYYY-MM-DD), instead of `year`", "2025-01-01"),
  to: date("Last day of the range (YYYY-MM-DD), included", "2025-06-30"),
  hall: z
    .string()
    .trim()
    .min(1)
    .max(40, "服务中心代码有误")
    .optional()
    .meta({ description: "A hall's code: the district may ask for any hall; a hall's staff only for their own" }),
});

export const reportTablePath = z.object({
  file: z.string().meta({
    description: `The table and .csv: ${TABLE_NAMES.map((n) => `${n}.csv`).join(", ")}`,
    examples: ["months.csv"],
  }),
});
