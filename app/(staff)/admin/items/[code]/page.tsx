import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StaffHeader } from "@/components/staff-header";
import { getItem } from "@/lib/admin/get-item";
import { itemCode } from "@/lib/admin/item-schemas";
import { inputOf } from "@/lib/admin/item-write";
import { listItemFormOptions } from "@/lib/admin/list-item-form-options";
import { requirePageRole } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { AdminNav } from "../../_components/admin-nav";
import { ActiveToggle } from "../_components/active-toggle";
import { ItemForm } from "../_components/item-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "编辑事项" };

type Params = Promise<{ code: string }>;

async function loadItem(actor: Parameters<typeof getItem>[0]["actor"], code: string) {
  if (!itemCode.safeParse(code).success) notFound();
  try {
    return await getItem({ actor, code });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function ItemPage({ params }: { params: Params }) {
  const { code } = await params;
  const actor = await requirePageRole(["admin"], `/admin/items/${encodeURIComponent(code)}`);
  const [item, options] = await Promise.all([loadItem(actor, code), listItemFormOptions({ actor })]);
  return (
    <>
      <StaffHeader actor={actor} title="编辑事项" />
      <main className="mx-auto max-w-6xl space-y-4 px-4 py-6">
        <AdminNav current="/admin/items" />
        <Link href="/admin/items" className="inline-flex min-h-11 items-center text-brand-700 underline">
          ‹ 返回事项目录
        </Link>
        <header className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-white p-4 shadow-sm">
          <div>
            <h1 className="text-2xl font-bold">{item.name}</h1>
            <p className="text-slate-600">
              <span className="font-mono">{item.code}</span> · {item.department.name} ·{" "}
              {item.isActive ? (
                <Link href={`/services/${item.code}`} className="text-brand-700 underline" target="_blank">
                  查看群众页面
                </Link>
              ) : (
                <span className="font-semibold text-red-800">已停用，群众页面不显示</span>
              )}
            </p>
          </div>
          <ActiveToggle code={item.code} isActive={item.isActive} />
        </header>
        <ItemForm item={{ code: item.code, version: item.version, ...inputOf(item) }} options={options} />
      </main>
    </>
  );
}
