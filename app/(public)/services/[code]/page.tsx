import type { Metadata } from "next";
import Link from "next/link";
import { loadService } from "../../_components/load-service";
import { GuideSteps } from "./_components/guide-steps";
import { ShareLink } from "./_components/share-link";
import { publicHall } from "@/app/_lib/public-hall";
import { publicOrigin } from "@/app/_lib/public-origin";
import { dateLabel, feeLabel, kindLabel, openingHoursLabel } from "@/lib/format";

export const dynamic = "force-dynamic";

type Params = Promise<{ code: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { code } = await params;
  return { title: (await loadService(code)).name };
}

const SECTION = "rounded-xl bg-white p-4 shadow-sm";

/** One part of the guide: a white card headed by its title (named by it for screen readers). */
function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section className={SECTION} aria-labelledby={id}>
      <h2 id={id} className="text-xl font-bold">
        {title}
      </h2>
      {children}
    </section>
  );
}
const ACTION =
  "flex min-h-[60px] flex-1 items-center justify-center rounded-xl border-2 border-brand-600 bg-white px-4 font-bold text-brand-700 hover:bg-brand-50";
const PHONE = "inline-flex min-h-[60px] items-center text-xl font-bold text-brand-700 underline";

/**
 * An item's 办事指南 as the one-time notice (一次性告知): what to bring, the conditions, the steps,
 * how long, what it costs, how the result comes back, whom to call, where and when, and the law it
 * rests on; printable as one A4 page (./notice) and shareable.
 */
export default async function ServicePage({ params }: { params: Params }) {
  const { code } = await params;
  const [item, hall, origin] = await Promise.all([loadService(code), publicHall(), publicOrigin()]);
  const required = item.materials.filter((m) => m.required);
  const optional = item.materials.filter((m) => !m.required);
  const hours = openingHoursLabel(item.where.hall.hours);

  return (
    <article className="space-y-4">
      <Link href="/services" className="inline-flex min-h-[60px] items-center text-brand-700 underline">
        ‹ 返回办事指南
      </Link>
      <header>
        <h1 className="text-2xl font-bold leading-snug">{item.name}</h1>
        <p className="mt-1 text-slate-700">{item.summary}</p>
      </header>

      <dl className={`grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 ${SECTION}`}>
        <dt className="font-semibold text-slate-600">办理部门</dt>
        <dd>{item.department.name}</dd>
        <dt className="font-semibold text-slate-600">承诺时限</dt>
        <dd data-testid="time-limit">{kindLabel(item.kind, item.promisedDays)}</dd>
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

          className="flex min-h-[72px] items-center justify-center rounded-xl bg-brand-600 text-xl font-bold text-white shadow hover:bg-brand-700"
        >
          预约办理
        </Link>
      ) : (
        <p className={SECTION}>该事项需现场核实，不支持网上预约，请在办公时间直接到窗口取号办理。</p>
      )}

      <div className="flex flex-wrap gap-3">
        <Link href={`/services/${item.code}/notice`} className={ACTION}>
          打印告知单
        </Link>
        <ShareLink title={item.name} url={`${origin}/services/${item.code}`} className={ACTION} />
      </div>

      <section className="rounded-xl border-2 border-amber-500 bg-amber-50 p-4" aria-labelledby="materials">
        <h2 id="materials" className="text-xl font-bold">
          一次性告知：请带齐这些材料
        </h2>
        <ol className="mt-2 list-decimal space-y-2 pl-6" data-testid="materials">
          {required.map((m) => (
            <li key={m.name}>
              <span className="font-semibold">{m.name}</span>（{m.copies}）
              {m.note && <span className="block text-slate-700">{m.note}</span>}
            </li>
          ))}
        </ol>
        {optional.length > 0 && (
          <>
            <h3 className="mt-3 font-bold">视情况提供</h3>
            <ul className="mt-1 list-disc space-y-2 pl-6">
              {optional.map((m) => (
                <li key={m.name}>
                  {m.name}（{m.copies}）{m.note && <span className="block text-slate-700">{m.note}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <Section id="conditions" title="办理条件">
        <p className="mt-1">{item.conditions}</p>
      </Section>

      {item.steps && (
        <Section id="steps" title="办理流程">
          <GuideSteps steps={item.steps} className="mt-1 space-y-2" />
        </Section>
      )}

      {item.delivery && (
        <Section id="delivery" title="领取方式">
          <p className="mt-1" data-testid="delivery">
            {item.delivery}
          </p>
        </Section>
      )}

      <Section id="phone" title="咨询电话">
        {item.department.phone && (
          <p className="mt-1">
            {item.department.name}（政策咨询）
            <br />
            <a href={`tel:${item.department.phone}`} className={PHONE} data-testid="department-phone">
              {item.department.phone}
            </a>
          </p>
        )}
        <p className="mt-1">
          {hall.name}（办理地点、时间）
          <br />
          <a href={`tel:${hall.phone}`} className={PHONE}>
            {hall.phone}
          </a>
        </p>
      </Section>

      <Section id="where" title="在哪里办、什么时候办">
        <h3 className="mt-2 font-bold">服务中心窗口</h3>
        <p>{item.where.hall.address}</p>
        {hours && <p>{hours}</p>}
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
      </Section>

      {item.legalBasis && (
        <Section id="legal-basis" title="设定依据">
          <p className="mt-1 text-slate-700" data-testid="legal-basis">
            {item.legalBasis}
          </p>
        </Section>
      )}
    </article>
  );
}
