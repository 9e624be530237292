import type { Metadata } from "next";
import Link from "next/link";
import { loadService } from "../../_components/load-service";
import { dateLabel, feeLabel, kindLabel, weekdayLabel } from "@/lib/format";

export const dynamic = "force-dynamic";

type Params = Promise<{ code: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { code } = await params;
  return { title: (await loadService(code)).name };
}

export default async function ServicePage({ params }: { params: Params }) {
  const { code } = await params;
  const item = await loadService(code);
  const required = item.materials.filter((m) => m.required);
  const optional = item.materials.filter((m) => !m.required);
  const hours = item.where.hall.hours;

  return (
    <article className="space-y-4">
      <Link href="/services" data-target className="inline-flex min-h-[60px] items-center text-brand-700 underline">
        ‹ 返回办事指南
      </Link>
      <header>
        <h1 className="text-2xl font-bold leading-snug">{item.name}</h1>
        <p className="mt-1 text-slate-700">{item.summary}</p>
      </header>

      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-xl bg-white p-4 shadow-sm">
        <dt className="font-semibold text-slate-600">办理部门</dt>
        <dd>{item.department.name}</dd>
        <dt className="font-semibold text-slate-600">办结时限</dt>
        <dd>{kindLabel(item.kind, item.promisedDays)}</dd>
        <dt className="font-semibold text-slate-600">收费</dt>
        <dd>{feeLabel(item.feeCents)}</dd>
        <dt className="font-semibold text-slate-600">取号</dt>
        <dd>
          {item.queue.prefix} 号 · {item.queue.name}
        </dd>
      </dl>

      {item.bookable ? (
        <Link
          href={`/book/${item.code}`}
          data-target
          className="flex min-h-[72px] items-center justify-center rounded-xl bg-brand-600 text-xl font-bold text-white shadow hover:bg-brand-700"
        >
          预约办理
        </Link>
      ) : (
        <p className="rounded-xl bg-white p-4 shadow-sm">
          该事项需现场核实，不支持网上预约，请在办公时间直接到窗口取号办理。
        </p>
      )}

      <section className="rounded-xl border-2 border-amber-500 bg-amber-50 p-4" aria-labelledby="materials">
        <h2 id="materials" className="text-xl font-bold">
          一次性告知：请带齐这些材料
        </h2>
        <ol className="mt-2 list-decimal space-y-2 pl-6" data-testid="materials">
          {required.map((m) => (
            <li key={m.name}>
              <span className="font-semibold">{m.name}</span>（{m.copies}）
              {m.note && <span className="block text-base text-slate-700">{m.note}</span>}
            </li>
          ))}
        </ol>
        {optional.length > 0 && (
          <>
            <h3 className="mt-3 font-bold">视情况提供</h3>
            <ul className="mt-1 list-disc space-y-2 pl-6">
              {optional.map((m) => (
                <li key={m.name}>
                  {m.name}（{m.copies}）{m.note && <span className="block text-base text-slate-700">{m.note}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="rounded-xl bg-white p-4 shadow-sm">
        <h2 className="text-xl font-bold">办理条件</h2>
        <p className="mt-1">{item.conditions}</p>
      </section>

      {item.steps && (
        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="text-xl font-bold">办理流程</h2>
          <p className="mt-1 whitespace-pre-line">{item.steps}</p>
        </section>
      )}

      {item.delivery && (
        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="text-xl font-bold">送达方式</h2>
          <p className="mt-1 whitespace-pre-line">{item.delivery}</p>
        </section>
      )}

      <section className="rounded-xl bg-white p-4 shadow-sm" aria-labelledby="where">
        <h2 id="where" className="text-xl font-bold">
          在哪里办、什么时候办
        </h2>
        <h3 className="mt-2 font-bold">服务中心窗口</h3>
        <p>{item.where.hall.address}</p>
        {hours.length > 0 && (
          <p>
            {weekdayLabel(hours[0].weekday)}至{weekdayLabel(hours[hours.length - 1].weekday)} 上午 {hours[0].morning}
            ，下午 {hours[0].afternoon}（法定节假日休息）
          </p>
        )}
        {item.channels.includes("weekend") && (
          <>
            <h3 className="mt-3 font-bold">周末服务岗</h3>
            {item.where.weekend.length === 0 ? (
              <p>近期没有安排。</p>
            ) : (
              <ul className="list-disc pl-6">
                {item.where.weekend.map((w) => (
                  <li key={w.date}>
                    {dateLabel(w.date)} {w.start}–{w.end}，{w.location}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        {item.channels.includes("village") && (
          <>
            <h3 className="mt-3 font-bold">周二主题下村日</h3>
            {item.where.village.length === 0 ? (
              <p>近期下村日的主题不含此事项，可到服务中心或周末服务岗办理。</p>
            ) : (
              <ul className="list-disc pl-6">
                {item.where.village.map((v) => (
                  <li key={`${v.date}-${v.village}`}>
                    {dateLabel(v.date)} {v.start}–{v.end}，{v.location}（{v.theme}）
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>

      {item.legalBasis && (
        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="text-xl font-bold">设定依据</h2>
          <p className="mt-1 whitespace-pre-line text-base text-slate-700">{item.legalBasis}</p>
        </section>
      )}
    </article>
  );
}
