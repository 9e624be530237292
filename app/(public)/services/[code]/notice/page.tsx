import type { Metadata } from "next";
import Link from "next/link";
import { loadService } from "../../../_components/load-service";
import { GuideSteps } from "../_components/guide-steps";
import { PrintButton } from "@/components/cases/print-button";
import { publicHall } from "@/app/_lib/public-hall";
import { publicOrigin } from "@/app/_lib/public-origin";
import { feeLabel, kindLabel, openingHoursLabel } from "@/lib/format";
import { qrSvg } from "@/lib/qr-svg";
import { shanghaiDate } from "@/lib/time";

export const dynamic = "force-dynamic";

type Params = Promise<{ code: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { code } = await params;
  return { title: `${(await loadService(code)).name} 告知单` };
}

const BUTTON =
  "flex min-h-[60px] items-center justify-center rounded-xl bg-brand-600 px-6 text-lg font-bold text-white hover:bg-brand-700";

/**
 * An item's 一次性告知单 on one A4 page (print CSS in globals.css, .print-notice): the guide of
 * the item page in short, with the hall, the phones, the day it was printed and a QR code back
 * to the page.
 */
export default async function ServiceNoticePage({ params }: { params: Params }) {
  const { code } = await params;
  const [item, hall, origin] = await Promise.all([loadService(code), publicHall(), publicOrigin()]);
  const pageUrl = `${origin}/services/${item.code}`;
  const qr = await qrSvg(pageUrl);
  const [year, month, day] = shanghaiDate().split("-").map(Number);
  const hours = openingHoursLabel(item.where.hall.hours);
  const elsewhere = [
    item.channels.includes("weekend") && "周末服务岗",
    item.channels.includes("village") && "周二主题下村日（村委会）",
  ].filter(Boolean);

  return (
    <div className="space-y-4">
      <div className="no-print flex flex-wrap items-center gap-3">
        <PrintButton label="打印告知单" className={BUTTON} />
        <Link
          href={`/services/${item.code}`}

          className="inline-flex min-h-[60px] items-center text-brand-700 underline"
        >
          ‹ 返回事项页面
        </Link>
        <p className="basis-full text-slate-700">也可以用浏览器菜单里的“打印”，一张 A4 纸。</p>
      </div>

      <article
        className="print-doc print-a4 print-notice space-y-3 rounded-xl bg-white p-4 leading-relaxed text-black shadow-sm"
        data-testid="notice"
      >
        <header className="border-b-2 border-black pb-2 text-center">
          <p className="font-bold">{hall.name}</p>
          <h1 className="notice-title text-2xl font-black tracking-wider">办事指南 · 一次性告知单</h1>
        </header>

        <p className="notice-item text-xl font-bold">{item.name}</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3">
          <dt className="font-bold">办理部门</dt>
          <dd>{item.department.name}</dd>
          <dt className="font-bold">承诺时限</dt>
          <dd>{kindLabel(item.kind, item.promisedDays)}</dd>
          <dt className="font-bold">收费</dt>
          <dd>{feeLabel(item.feeCents)}</dd>
        </dl>

        <section>
          <h2 className="font-bold">办理条件</h2>
          <p>{item.conditions}</p>
        </section>

        <section>
          <h2 className="font-bold">申请材料（请一次带齐）</h2>
          <ol className="list-decimal pl-6" data-testid="notice-materials">
            {item.materials.map((m) => (
              <li key={m.name}>
                {m.name}（{m.copies}
                {m.required ? "" : "，视情况提供"}
                {m.note ? `，${m.note}` : ""}）
              </li>
            ))}
          </ol>
        </section>

        {item.steps && (
          <section>
            <h2 className="font-bold">办理流程</h2>
            <GuideSteps steps={item.steps} />
          </section>
        )}

        {item.delivery && (
          <section>
            <h2 className="font-bold">领取方式</h2>
            <p>{item.delivery}</p>
          </section>
        )}

        <section>
          <h2 className="font-bold">办理地点和时间</h2>
          <p>
            {hall.name}：{hall.address}
          </p>
          {hours && <p>{hours}</p>}
          {elsewhere.length > 0 && <p>也可在{elsewhere.join("、")}办理，日期见事项页面。</p>}
        </section>

        <section>
          <h2 className="font-bold">咨询电话</h2>
          <p data-testid="notice-phones">
            {item.department.phone && (
              <>
                {item.department.name} <span className="whitespace-nowrap">{item.department.phone}</span>；
              </>
            )}
            {hall.name} <span className="whitespace-nowrap">{hall.phone}</span>
          </p>
        </section>

        {item.legalBasis && (
          <section>
            <h2 className="font-bold">设定依据</h2>
            <p>{item.legalBasis}</p>
          </section>
        )}

        <footer className="flex items-end justify-between gap-4 border-t border-black pt-2">
          <p>
            本告知单为一次性告知，按此准备材料即可办理。
            <br />
            打印日期：
            <span data-testid="notice-date">
              {year}年{month}月{day}日
            </span>
          </p>
          <figure className="shrink-0 text-center">
            <div className="notice-qr mx-auto size-28" dangerouslySetInnerHTML={{ __html: qr }} />
            <figcaption>扫码看最新指南</figcaption>
          </figure>
        </footer>
      </article>
    </div>
  );
}
