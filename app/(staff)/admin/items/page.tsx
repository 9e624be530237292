import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/button";
import { DataTable } from "@/components/data-table";
import { Field } from "@/components/field";
import { StaffHeader } from "@/components/staff-header";
import { listItemsQuery } from "@/lib/admin/item-schemas";
import { listItems } from "@/lib/admin/list-items";
import { requirePageRole } from "@/lib/auth/session";
import { feeLabel } from "@/lib/format";
import { AdminNav } from "../_components/admin-nav";
import { ImportForm } from "./_components/import-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "事项目录" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ItemsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageRole(["admin"], "/admin/items");
  const raw = await searchParams;
  const parsed = listItemsQuery.safeParse({
    q: typeof raw.q === "string" ? raw.q : undefined,
    status: typeof raw.status === "string" && raw.status ? raw.status : undefined,
  });
  const query = parsed.success ? parsed.data : {};
  const items = await listItems({ actor, ...query });
  const inactive = items.filter((i) => !i.isActive).length;
  return (
    <>
      <StaffHeader actor={actor} title="事项目录" />
      <main className="mx-auto max-w-6xl space-y-4 px-4 py-6">
        <AdminNav current="/admin/items" />
        <form role="search" className="flex flex-wrap items-end gap-3 rounded-xl bg-white p-4 shadow-sm">
          <Field
            label="搜索事项"
            name="q"
            type="search"
            defaultValue={query.q}
            placeholder="名称、常用名称、拼音首字母或编码"
            density="staff"
            className="min-w-64 flex-1"
            error={parsed.success ? undefined : parsed.error.issues[0]?.message}
          />
          <Field as="select" label="状态" name="status" defaultValue={query.status ?? "all"} density="staff">
            <option value="all">全部</option>
            <option value="active">在办</option>
            <option value="inactive">已停用</option>
          </Field>
          <Button type="submit" size="staff">
            搜索
          </Button>
          <a
            href="/api/v1/admin/catalogue.xlsx"
            download
            className="inline-flex min-h-14 items-center rounded-xl border-2 border-slate-500 bg-white px-4 text-lg hover:bg-slate-100"
          >
            导出 Excel
          </a>
        </form>
        <ImportForm />
        <p className="text-slate-700">
          共 <span data-testid="item-total">{items.length}</span> 项{inactive > 0 && `（其中已停用 ${inactive} 项）`}
        </p>
        <DataTable
          caption="事项"
          isCaptionHidden
          className="rounded-xl bg-white p-4 shadow-sm"
          rows={items}
          rowKey={(i) => i.code}
          empty="没有符合条件的事项"
          testId="items"
          columns={[
            { header: "编码", cell: (i) => i.code, className: "whitespace-nowrap font-mono" },
            {
              header: "事项名称",
              cell: (i) => (
                <Link href={`/admin/items/${i.code}`} className="text-brand-700 underline">
                  {i.name}
                </Link>
              ),
            },
            { header: "部门", cell: (i) => i.department.shortName, className: "whitespace-nowrap" },
            {
              header: "类型",
              cell: (i) => (i.kind === "instant" ? "即办件" : `承诺件 ${i.promisedDays} 日`),
              className: "whitespace-nowrap",
            },
            { header: "收费", cell: (i) => feeLabel(i.feeCents), className: "whitespace-nowrap" },
            { header: "材料", cell: (i) => i.materials.length, isNumeric: true },
            {
              header: "状态",
              cell: (i) => (i.isActive ? "在办" : <span className="font-semibold text-red-800">已停用</span>),
              className: "whitespace-nowrap",
            },
          ]}
        />
      </main>
    </>
  );
}
