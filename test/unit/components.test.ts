import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Button } from "@/components/button";
import { DataTable } from "@/components/data-table";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import { MaskedPerson } from "@/components/masked-person";

// The shared UI pieces, rendered to HTML: what a screen reader and the e2e specs rely on.

function dom(markup: string) {
  const describedBy = markup.match(/aria-describedby="([^"]*)"/)?.[1];
  const ids = [...markup.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
  return { describedBy, ids };
}

describe("Field", () => {
  it("points aria-describedby at nothing while there is neither hint nor error", () => {
    const html = renderToStaticMarkup(h(Field, { label: "用户名", name: "username" }));
    expect(html).toContain('<label for="username"');
    expect(html).toContain('id="username"');
    expect(html).not.toContain("aria-describedby=");
    expect(html).not.toContain("aria-invalid=");
  });

  it("names the error and the hint, and only elements that are rendered", () => {
    const withHint = renderToStaticMarkup(h(Field, { label: "手机号码", name: "phone", hint: "用于接收预约短信" }));
    expect(dom(withHint).describedBy).toBe("phone-hint");
    const both = renderToStaticMarkup(
      h(Field, { label: "手机号码", name: "phone", hint: "用于接收预约短信", error: "请输入 11 位手机号码" }),
    );
    const { describedBy, ids } = dom(both);
    expect(describedBy).toBe("phone-error phone-hint");
    for (const id of describedBy!.split(" ")) expect(ids).toContain(id);
    expect(both).toContain('aria-invalid="true"');
    expect(both).toContain("请输入 11 位手机号码");
  });

  it("passes the control's own attributes through and keeps the value handed back", () => {
    const html = renderToStaticMarkup(
      h(Field, {
        label: "手机号码",
        name: "phone",
        type: "tel",
        inputMode: "numeric",
        autoComplete: "tel",
        maxLength: 11,
        defaultValue: "13712345678",
        controlClassName: "font-mono",
      }),
    );
    for (const attribute of [
      'name="phone"',
      'type="tel"',
      'inputMode="numeric"',
      'autoComplete="tel"',
      'maxLength="11"',
      'value="13712345678"',
    ])
      expect(html).toContain(attribute);
    expect(html).toMatch(/class="[^"]*min-h-\[60px\][^"]* font-mono"/);
    expect(html).not.toContain("controlClassName");
  });

  it("renders a select with its options, a textarea and a custom control under the same label", () => {
    const select = renderToStaticMarkup(
      h(Field, { as: "select", label: "转给", name: "transfer", density: "staff" }, h("option", { value: "" }, "选择")),
    );
    expect(select).toMatch(/<select[^>]*id="transfer"[^>]*><option value="">选择<\/option><\/select>/);
    const textarea = renderToStaticMarkup(
      h(Field, { as: "textarea", label: "意见", name: "opinion", error: "请填写" }),
    );
    expect(textarea).toMatch(/<textarea[^>]*aria-describedby="opinion-error"/);
    const custom = renderToStaticMarkup(
      h(Field, { as: "custom", id: "level", label: "评价", error: "请选择", children: (c) => h("div", { ...c }) }),
    );
    expect(custom).toMatch(/<div id="level"[^>]*aria-invalid="true" aria-describedby="level-error"/);
  });
});

describe("Button", () => {
  it("is a plain button unless it says submit, and shows its pending label while pending", () => {
    expect(renderToStaticMarkup(h(Button, null, "取消"))).toMatch(/^<button type="button"[^>]*>取消<\/button>$/);
    const pending = renderToStaticMarkup(
      h(Button, { type: "submit", pending: true, pendingLabel: "正在登录…" }, "登录"),
    );
    expect(pending).toContain('type="submit"');
    expect(pending).toContain('disabled=""');
    expect(pending).toContain("正在登录…");
    expect(pending).not.toContain(">登录<");
  });

  it("is at least 60 px high on public pages", () => {
    expect(renderToStaticMarkup(h(Button, { variant: "danger" }, "确认取消预约"))).toMatch(
      /class="[^"]*min-h-\[64px\][^"]*bg-red-700/,
    );
  });
});

describe("FormAlert", () => {
  it("renders nothing without a message, an alert with one, a status for success", () => {
    expect(renderToStaticMarkup(h(FormAlert, { message: undefined }))).toBe("");
    expect(renderToStaticMarkup(h(FormAlert, { message: "没有找到预约" }))).toMatch(/^<div role="alert"[^>]*>/);
    expect(renderToStaticMarkup(h(FormAlert, { message: "已办结", tone: "success" }))).toMatch(/^<div role="status"/);
  });
});

describe("DataTable", () => {
  const columns = [
    { header: "部门", cell: (r: { name: string; cases: number }) => r.name },
    { header: "办件量", cell: (r: { name: string; cases: number }) => r.cases, isNumeric: true },
  ];

  it("has a caption, column headers and numbers aligned right", () => {
    const html = renderToStaticMarkup(
      h(DataTable<{ name: string; cases: number }>, {
        caption: "按部门",
        columns,
        rows: [{ name: "区民政局", cases: 1234 }],
        rowKey: (r) => r.name,
      }),
    );
    expect(html).toMatch(/<caption[^>]*>按部门<\/caption>/);
    expect(html).toContain('<th scope="col"');
    expect(html).toMatch(/<td class="[^"]*text-right tabular-nums[^"]*">1234<\/td>/);
  });

  it("says so when there are no rows", () => {
    const html = renderToStaticMarkup(
      h(DataTable<{ name: string; cases: number }>, {
        caption: "按部门",
        columns,
        rows: [],
        rowKey: (r) => r.name,
        empty: "这一年没有办件",
      }),
    );
    expect(html).toMatch(/<td colSpan="2"[^>]*>这一年没有办件<\/td>/);
  });
});

describe("MaskedPerson", () => {
  it("puts name, masked phone and masked ID on one line", () => {
    expect(
      renderToStaticMarkup(h(MaskedPerson, { name: "张三", phone: "138****8000", idNumber: "330185********1234" })),
    ).toContain("张三 · 138****8000 · 330185********1234");
  });

  it("never shows a number that arrives unmasked", () => {
    const html = renderToStaticMarkup(h(MaskedPerson, { name: "张三", phone: "13800138000" }));
    expect(html).toContain("张三 · ****");
    expect(html).not.toContain("13800138000");
  });
});
