import type { Metadata } from "next";
import Link from "next/link";
import { servicesQuery } from "@/lib/api/schemas";
import { listDepartments, listServices } from "@/lib/catalogue";
import { CHANNEL_LABEL, kindLabel } from "@/lib/format";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "办事指南" };

type Search = Promise<Record<string, string | string[] | undefined>>;

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

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">办事指南</h1>

      <form action="/services" method="get" role="search" className="space-y-3 rounded-xl bg-white p-4 shadow-sm">
        <label htmlFor="q" className="block font-semibold">
          搜索事项
        </label>
        <div className="flex gap-2">
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={query.q ?? ""}
            maxLength={50}
            placeholder="输入事项名称或拼音首字母，如 ylbx"
            className="min-h-[60px] w-full min-w-0 flex-1 rounded-lg border-2 border-slate-400 px-3 text-lg focus:border-brand-600"
          />
          <button
            type="submit"
            className="min-h-[60px] shrink-0 rounded-lg bg-brand-600 px-5 text-lg font-bold text-white hover:bg-brand-700"
          >
            搜索
          </button>
        </div>
        <label htmlFor="department" className="block font-semibold">
          按部门
        </label>
        <select
          id="department"
          name="department"
          defaultValue={query.department ?? ""}
          className="min-h-[60px] w-full rounded-lg border-2 border-slate-400 bg-white px-3 text-lg"
        >
          <option value="">全部部门</option>
          {departments.map((d) => (
            <option key={d.code} value={d.code}>
              {d.shortName}（{d.items} 项）
            </option>
          ))}
        </select>
        {query.channel && <input type="hidden" name="channel" value={query.channel} />}
      </form>

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
