import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Issue #8: the demo's cases are written by the domain's own operations (lib/cases,
// lib/evaluations), never by a second insert path in lib/demo.
const demoDir = join(process.cwd(), "lib/demo");
const sources = readdirSync(demoDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => ({ file: f, text: readFileSync(join(demoDir, f), "utf8") }));

describe("the demo's cases take the domain's one write path", () => {
  it("reads the demo's sources", () => {
    expect(sources.map((s) => s.file)).toContain("load-demo.ts");
  });

  it.each([
    ["cases", /\b(insert|update)\(\s*cases\s*\)/],
    ["caseEvents", /\b(insert|update)\(\s*caseEvents\s*\)/],
    ["caseCounters", /\b(insert|update)\(\s*caseCounters\s*\)|case_counters/],
    ["evaluations", /\b(insert|update)\(\s*evaluations\s*\)/],
  ])("writes no %s row itself", (_table, pattern) => {
    const offenders = sources.filter((s) => pattern.test(s.text)).map((s) => s.file);
    expect(offenders).toEqual([]);
  });
});
