import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PrintButton } from "@/components/cases/print-button";
import { formatInstant } from "@/components/cases/case-bits";
import { requirePageRole } from "@/lib/auth/session";
import { getCase } from "@/lib/cases";
import { ratingToken } from "@/lib/cases/rating-token";
import { isAppError } from "@/lib/errors";
import { CHANNEL_LABEL, dateLabel, openingHoursLabel } from "@/lib/format";
import { publicOrigin } from "@/app/_lib/public-origin";
import { getHall, getOpeningHours } from "@/lib/hall";
import { qrSvg } from "@/lib/qr-svg";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "打印" };

const DOCS = {
  receipt: "受理回执",
  supplement: "补正材料一次性告知书",
  "not-accepted": "不予受理告知书",
} as const;
type Doc = keyof typeof DOCS;

/**
 * The papers a case produces at the window: the 受理回执 (80 mm receipt printer or A4), the
 * one-time 补正告知 (A4) and the 不予受理 notice (A4). Print CSS in globals.css (.print-doc).
 */
export default async function CasePrintPage({
  params,
  searchParams,
}: {
  params: Promise<{ caseNo: string; doc: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { caseNo, doc } = await params;
  const search = await searchParams;
  if (!(doc in DOCS) || !/^[A-Z]{2,4}\d{10}$/.test(caseNo)) notFound();
  const actor = await requirePageRole(["clerk", "backoffice"], `/window/print/${caseNo}/${doc}`);
  const view = await getCase({ actor, caseNo }).catch((error: unknown) => {
    if (isAppError(error) && (error.code === "not_found" || error.code === "forbidden")) return null;
    throw error;
  });
  if (!view) notFound();
  const kind = doc as Doc;
  const paper = kind === "receipt" && search.paper === "80" ? "80" : "a4";
  const [hall, hours, origin] = await Promise.all([
    getHall({ hallId: actor.hallId }),
    getOpeningHours(actor.hallId),
    publicOrigin(),
  ]);
  const trackUrl = `${origin}/track?case=${view.caseNo}`;
  // The rating link's secret is derived from the case number; only its hash is stored.
  const rateUrl =
    view.status === "not_accepted" ? null : `${origin}/rate/case/${view.caseNo}?t=${ratingToken(view.caseNo)}`;
  const [trackQr, rateQr] = await Promise.all([qrSvg(trackUrl), rateUrl ? qrSvg(rateUrl) : Promise.resolve(null)]);
  const hoursText = openingHoursLabel(hours);
  const missing = view.supplement?.missing ?? view.materials.missing;

  return (
    <div className="min-h-screen bg-slate-100 py-6">
      <div className="no-print mx-auto mb-4 flex max-w-3xl flex-wrap items-center gap-3 px-4">
        <PrintButton label={`打印${DOCS[kind]}`} />
        {kind === "receipt" && (
          <>
            <Link href="?paper=80" className="underline">
              80 mm 小票
            </Link>
            <Link href="?paper=a4" className="underline">
              A4
            </Link>
          </>
        )}
        <span className="text-slate-600">打印后请交给办事群众</span>
      </div>
      <article
        className={`print-doc ${paper === "80" ? "print-80 mx-auto w-[80mm] p-3 text-sm" : "print-a4 mx-auto max-w-[210mm] p-10 text-base"} bg-white leading-relaxed text-black shadow`}
        data-testid="print-doc"
        data-doc={kind}
      >
        <header className="text-center">
          <p className={paper === "80" ? "font-bold" : "text-lg font-bold"}>{hall.name}</p>
          <h1 className={paper === "80" ? "text-lg font-black" : "mt-2 text-3xl font-black tracking-widest"}>
            {DOCS[kind]}
          </h1>
        </header>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
          <dt className="font-bold">办件编号</dt>
          <dd className="font-mono text-lg font-bold" data-testid="print-case-no">
            {view.caseNo}
          </dd>
          <dt className="font-bold">办理事项</dt>
          <dd>{view.item.name}</dd>
          <dt className="font-bold">申请人</dt>
          <dd>
            {view.applicant.name}（{view.applicant.phoneMasked}）
          </dd>
          <dt className="font-bold">受理时间</dt>
          <dd>{formatInstant(view.acceptedAt)}</dd>
          {kind === "receipt" && (
            <>
              <dt className="font-bold">办理部门</dt>
              <dd>{view.department.name}</dd>
              <dt className="font-bold">受理渠道</dt>
              <dd>{CHANNEL_LABEL[view.channel]}</dd>
              <dt className="font-bold">承诺办结</dt>
              <dd data-testid="print-due">
                {view.dueDate
                  ? `${dateLabel(view.dueDate)}前（${view.item.promisedDays} 个工作日）`
                  : "即办件，当场办结"}
              </dd>
            </>
          )}
        </dl>

        {kind === "receipt" && (
          <>
            <section className="mt-4">
              <h2 className="font-bold">已收取材料</h2>
              <ol className="list-decimal pl-6" data-testid="print-received">
                {view.materials.received.map((m) => (
                  <li key={m}>{m}</li>
                ))}
                {view.materials.received.length === 0 && <li>无</li>}
              </ol>
              {view.status === "needs_supplement" && (
                <p className="mt-2 font-bold">尚缺材料已另行出具《补正材料一次性告知书》，补齐后办理期限继续计算。</p>
              )}
            </section>
            <section className="mt-4">
              <h2 className="font-bold">取件地点和方式</h2>
              <p>
                办结后将短信通知您。请本人携带身份证到{hall.name}（{hall.address}）统一出件窗口领取， 也可申请邮寄送达。
                {hoursText}
              </p>
              <p>咨询电话：{hall.phone}</p>
            </section>
            <section className={`mt-4 flex ${paper === "80" ? "flex-col items-center" : "gap-10"}`}>
              <figure className="text-center">
                <div className="mx-auto size-32" dangerouslySetInnerHTML={{ __html: trackQr }} />
                <figcaption className="text-sm">扫码查询办理进度</figcaption>
              </figure>
              {rateQr && (
                <figure className="text-center" data-testid="rate-qr" data-url={rateUrl ?? ""}>
                  <div className="mx-auto size-32" dangerouslySetInnerHTML={{ __html: rateQr }} />
                  <figcaption className="text-sm">扫码评价本次服务（好差评）</figcaption>
                </figure>
              )}
            </section>
          </>
        )}

        {kind === "supplement" && (
          <section className="mt-6 space-y-3">
            <p>
              {view.applicant.name}：您申请办理的“{view.item.name}”，经审查，需补正以下材料。请一次性补齐后，
              携带本告知书到{hall.name}窗口提交。补正期间办理期限暂停计算，材料收齐后继续计算。
            </p>
            <ol className="list-decimal pl-8 text-lg font-bold" data-testid="print-missing">
              {missing.map((m) => {
                const spec = view.materials.list.find((x) => x.name === m);
                return (
                  <li key={m}>
                    {m}
                    {spec ? (
                      <span className="font-normal">
                        （{spec.copies}
                        {spec.note ? `，${spec.note}` : ""}）
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ol>
            {view.supplement?.note && (
              <p>
                <strong>说明：</strong>
                <span data-testid="print-note">{view.supplement.note}</span>
              </p>
            )}
            <p className="text-sm">
              本告知为一次性告知，我中心不会要求您再补交本告知书以外的材料。告知时间：
              {view.supplement ? formatInstant(view.supplement.issuedAt) : formatInstant(view.acceptedAt)}。
            </p>
            <figure className="flex items-center gap-4">
              <div className="size-28" dangerouslySetInnerHTML={{ __html: trackQr }} />
              <figcaption>扫码查询办理进度（需输入手机号码）</figcaption>
            </figure>
          </section>
        )}

        {kind === "not-accepted" && (
          <section className="mt-6 space-y-3">
            <p>
              {view.applicant.name}：您申请办理的“{view.item.name}”，经审查，决定不予受理。理由如下：
            </p>
            <p className="rounded border border-black p-3 text-lg" data-testid="print-reason">
              {view.notAcceptedReason}
            </p>
            <p>
              如对本决定有异议，可在收到本告知书之日起六十日内向{view.department.name}
              申请行政复议，或者在六个月内依法提起行政诉讼。 咨询电话：{view.department.phone ?? hall.phone}。
            </p>
          </section>
        )}

        <footer className={`mt-6 ${paper === "80" ? "text-center text-xs" : "text-right"}`}>
          <p>{hall.name}（盖章）</p>
          <p>经办人：{actor.name}</p>
        </footer>
      </article>
    </div>
  );
}
