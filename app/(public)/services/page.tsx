import type { Metadata } from "next";
import Link from "next/link";
import { servicesQuery } from "@/lib/api/schemas";
import { listDepartments, listServices } from "@/lib/catalogue";
import { CHANNEL_LABEL, kindLabel } from "@/lib/format";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "办事指南" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** This page with a search, a department and a channel (what is not given is left out). */
function servicesHref(filters: { q?: string; department?: string; channel?: string }) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `/services?${search}` : "/services";
}

export default async function ServicesPage({ searchParams }: { searchParams: Search }) {
  const raw = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  const parsed = servicesQuery.safeParse({
    q: first(raw.q),
    department: first(raw.department),
    channel: first(raw.channel),
  });
  const query = parsed.success ? parsed.data : {};
  const hall = await publicHall();
  const [departments, items] = await Promise.all([
    listDepartments({ hallId: hall.id }),
    listServices({ hallId: hall.id, ...query }),
  ]);
  const department = departments.find((d) => d.code === query.department);
  const allItems = departments.reduce((sum, d) => sum + d.items, 0);

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">办事指南</h1>

      <form action="/services" method="get" role="search" className="space-y-2 rounded-xl bg-white p-4 shadow-sm">
        <label htmlFor="q" className="block font-semibold">
          搜索事项
        </label>
        <p id="q-hint" className="text-slate-700">
          可输入名称、平常的叫法（如 社保卡、低保、老年证）或拼音首字母（如 sbk）。
        </p>
        <div className="flex gap-2">
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={query.q ?? ""}
            maxLength={50}
            placeholder="名称或拼音首字母"
            aria-describedby="q-hint"
            className="min-h-[60px] w-full min-w-0 flex-1 rounded-lg border-2 border-slate-400 px-3 text-lg focus:border-brand-600"
          />
          <button
            type="submit"
            className="min-h-[60px] shrink-0 rounded-lg bg-brand-600 px-5 text-lg font-bold text-white hover:bg-brand-700"
          >
            搜索
          </button>
        </div>
        {query.department && <input type="hidden" name="department" value={query.department} />}
        {query.channel && <input type="hidden" name="channel" value={query.channel} />}
      </form>

      {/* Links, not a form field: a department applies at the tap, with or without JavaScript. */}
      <details className="group rounded-xl bg-white shadow-sm">
        <summary className="flex min-h-[60px] cursor-pointer list-none items-center justify-between gap-3 px-4 font-semibold [.elder_&]:min-h-[64px]">
          <span>按部门：{department ? department.shortName : "全部部门"}</span>
          <span aria-hidden className="text-brand-700">
            <span className="group-open:hidden">选择 ▾</span>
            <span className="hidden group-open:inline">收起 ▴</span>
          </span>
        </summary>
        <ul className="grid grid-cols-2 gap-2 px-4 pb-4 sm:grid-cols-3">
          {[{ code: undefined, shortName: "全部部门", items: allItems }, ...departments].map((d) => {
            const isCurrent = d.code === department?.code;
            return (
              <li key={d.code ?? ""}>
                <Link
                  href={servicesHref({ ...query, department: d.code })}

                  aria-current={isCurrent ? "page" : undefined}
                  className={`flex min-h-[60px] items-center justify-between rounded-lg border px-3 ${
                    isCurrent ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 hover:bg-brand-50"
                  }`}
                >
                  <span>{d.shortName}</span>
                  <span>{d.items} 项</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </details>

      {!parsed.success && (
        <p role="alert" className="rounded-lg border-2 border-red-700 bg-red-50 p-3 text-red-800">
          {parsed.error.issues[0]?.message ?? "搜索条件有误"}，已显示全部事项。
        </p>
      )}

      <p aria-live="polite" className="text-slate-700">
        {query.q ? `“${query.q}”` : ""}
        {department ? ` ${department.shortName}` : ""}
        {query.channel ? ` ${CHANNEL_LABEL[query.channel]}可办` : ""}
        {query.q || department || query.channel ? "：" : ""}共{" "}
        <strong data-testid="result-count">{items.length}</strong> 个事项
        {(query.q || department || query.channel) && (
          <Link href="/services" className="ml-3 text-brand-700 underline">
            看全部
          </Link>
        )}
      </p>

      {items.length === 0 ? (
        <div className="rounded-xl bg-white p-5 text-center shadow-sm">
          <p>没有找到相关事项。</p>
          {query.q && department && (
            <p>
              <Link
                href={servicesHref({ ...query, department: undefined })}

                className="inline-flex min-h-[60px] items-center font-semibold text-brand-700 underline"
              >
                在全部部门中找“{query.q}”
              </Link>
            </p>
          )}
          <p className="text-base text-slate-600">可以换个说法，或拨打服务中心电话咨询。</p>
        </div>
      ) : (
        <ul className="space-y-3" data-testid="service-list">
          {items.map((item) => (
            <li key={item.code}>
              <Link
                href={`/services/${item.code}`}
                className="block min-h-[60px] rounded-xl bg-white p-4 shadow-sm hover:bg-brand-50"
              >
                <span className="block text-lg font-bold text-brand-800">{item.name}</span>
                <span className="mt-1 block text-base text-slate-700">
                  {item.department.shortName} · {kindLabel(item.kind, item.promisedDays)}
                </span>
                <span className="mt-1 flex flex-wrap gap-2 text-sm">
                  {item.channels.map((c) => (
                    <span key={c} className="rounded bg-slate-100 px-2 py-0.5 text-slate-800">
                      {CHANNEL_LABEL[c]}
                    </span>
                  ))}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
