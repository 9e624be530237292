import { describe, expect, it } from "vitest";
import { itemInput } from "@/lib/admin/item-schemas";
import { departments, serviceItems } from "@/lib/demo/catalogue-data";

// The seed catalogue carries the whole 办事指南 of every item (issue #13): the item page and its
// printed one-time notice show these texts.
describe("the seed catalogue's guides", () => {
  it.each(serviceItems.map((item) => [item.code, item] as const))(
    "%s has its steps, how the result comes back and its legal basis",
    (_code, item) => {
      const lines = item.steps.split("\n");
      expect(lines.length).toBeGreaterThanOrEqual(3);
      expect(lines.length).toBeLessThanOrEqual(6);
      lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^${i + 1}\\. \\S`)));
      if (item.kind === "promised") expect(item.steps).toContain(`${item.promisedDays}个工作日内办结`);
      else expect(item.steps).toMatch(/当场/);
      expect(item.delivery.trim()).not.toBe("");
      expect(item.legalBasis).toMatch(/^《[^《》]+》/);
      expect(departments.find((d) => d.code === item.departmentCode)?.phone).toMatch(/^0571-63\d{6}$/);
    },
  );

  it("gives each of the 13 departments a phone of its own", () => {
    expect(departments).toHaveLength(13);
    expect(new Set(departments.map((d) => d.phone)).size).toBe(13);
  });
});

describe("an admin's 办理流程", () => {
  it("keeps one step a line whatever line breaks the browser sent (a form's textarea sends CRLF)", () => {
    expect(itemInput.shape.steps.parse("1. 窗口受理\r\n2. 部门审核\r3. 出件\n")).toBe(
      "1. 窗口受理\n2. 部门审核\n3. 出件",
    );
    expect(itemInput.shape.legalBasis.parse("《社会救助暂行办法》\r\n《浙江省社会救助条例》")).toBe(
      "《社会救助暂行办法》\n《浙江省社会救助条例》",
    );
  });
});
