import type { Metadata } from "next";
import Link from "next/link";
import { materialsToBring } from "@/lib/booking/agent-material";
import { checkInAdvice, checkInHint } from "@/lib/booking/check-in";
import { parseBookingCode } from "@/lib/booking/code";
import { CHANNEL_LABEL, dateLabel } from "@/lib/format";
import { qrSvg } from "@/lib/qr-svg";
import { LookupForm } from "../_components/forms";
import { loadOwnBooking } from "../_components/own-booking";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "我的预约" };

const STATUS: Record<string, { label: string; tone: string }> = {
  confirmed: { label: "预约成功", tone: "bg-green-700" },
  cancelled: { label: "已取消", tone: "bg-slate-600" },
  checked_in: { label: "已签到", tone: "bg-brand-700" },
  no_show: { label: "未到（已过期）", tone: "bg-amber-700" },
  completed: { label: "已办结", tone: "bg-brand-700" },
};

const DONE: Record<string, string> = {
  booked: "预约成功！确认短信已发送到您的手机。请截图或记下预约码。",
  rescheduled: "改约成功，预约码不变。新的时间已短信通知您。",
  cancelled: "预约已取消。",
};

type Props = {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function BookingPage({ params, searchParams }: Props) {
  const { code } = await params;
  const { done } = await searchParams;
  const booking = await loadOwnBooking(code);
  if (!booking) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">查看预约</h1>
        <p>为保护您的信息，请输入预约时填写的手机号码。</p>
        <LookupForm code={parseBookingCode(code) ?? undefined} />
      </div>
    );
  }
  const qr = await qrSvg(booking.code);
  const status = STATUS[booking.status];
  const isActive = booking.status === "confirmed";
  const doneMessage = typeof done === "string" ? DONE[done] : undefined;

  return (
    <div className="space-y-4">
      {doneMessage && (
        <p role="status" className="rounded-xl border-2 border-green-700 bg-green-50 p-4 font-bold text-green-900">
          {doneMessage}
        </p>
      )}
      <section className="rounded-2xl bg-white p-5 text-center shadow-sm">
        <span
          className={`inline-block rounded-full px-3 py-1 text-base font-bold text-white ${status.tone}`}
          data-testid="booking-status"
        >
          {status.label}
        </span>
        <p className="mt-3 text-base text-slate-700">
          预约码{isActive ? `（${checkInHint(booking.slot.channel)}）` : ""}
        </p>
        <p className="font-mono text-5xl font-black tracking-[0.2em]" data-testid="booking-code">
          {booking.code}
        </p>
        {isActive && (
          <div
            className="mx-auto mt-3 w-48"
            role="img"
            aria-label={`预约码 ${booking.code} 的二维码`}
            dangerouslySetInnerHTML={{ __html: qr }}
          />
        )}
      </section>

      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-xl bg-white p-4 shadow-sm">
        <dt className="font-semibold text-slate-600">事项</dt>
        <dd className="font-bold">{booking.service.name}</dd>
        <dt className="font-semibold text-slate-600">时间</dt>
        <dd className="font-bold" data-testid="booking-time">
          {dateLabel(booking.slot.date)} {booking.slot.start}–{booking.slot.end}
        </dd>
        <dt className="font-semibold text-slate-600">地点</dt>
        <dd>
          {CHANNEL_LABEL[booking.slot.channel]}
          {booking.slot.villageName ? `（${booking.slot.villageName}）` : ""}：{booking.slot.location}
        </dd>
        {booking.agentName ? (
          <>
            <dt className="font-semibold text-slate-600">申请人</dt>
            <dd data-testid="booking-applicant">{booking.name}</dd>
            <dt className="font-semibold text-slate-600">代办人</dt>
            <dd>
              {booking.agentName} {booking.phone}
            </dd>
          </>
        ) : (
          <>
            <dt className="font-semibold text-slate-600">预约人</dt>
            <dd data-testid="booking-applicant">
              {booking.name} {booking.phone}
            </dd>
          </>
        )}
        {booking.idNumber && (
          <>
            <dt className="font-semibold text-slate-600">身份证</dt>
            <dd>{booking.idNumber}</dd>
          </>
        )}
      </dl>

      {isActive && (
        <>
          <section className="rounded-xl border-2 border-amber-500 bg-amber-50 p-4">
            <h2 className="text-lg font-bold">请带齐这些材料</h2>
            <ul className="mt-1 list-disc pl-6">
              {materialsToBring(booking.materials, booking.agentName !== null).map((m) => (
                <li key={m.name}>
                  {m.name}（{m.copies}）
                </li>
              ))}
            </ul>
            {booking.agentName && (
              <p className="mt-2 text-base" data-testid="agent-advice">
                这是代办预约：请代办人带上本人居民身份证和申请人签字的授权委托书，连同申请人的材料到窗口办理。
              </p>
            )}
            <p className="mt-2 text-base" data-testid="check-in-advice">
              {checkInAdvice(booking.slot)}
            </p>
          </section>
          <nav aria-label="预约操作" className="grid gap-3 sm:grid-cols-3">
            <a
              href={`/booking/${booking.code}/calendar.ics`}
              download
              className="flex min-h-[64px] items-center justify-center rounded-xl border-2 border-brand-600 bg-white font-bold text-brand-700"
            >
              加入手机日历
            </a>
            <Link
              href={`/booking/${booking.code}/reschedule?channel=${booking.slot.channel}${booking.slot.villageId ? `&village=${booking.slot.villageId}` : ""}`}

              className="flex min-h-[64px] items-center justify-center rounded-xl border-2 border-brand-600 bg-white font-bold text-brand-700"
            >
              改约时间
            </Link>
            <Link
              href={`/booking/${booking.code}/cancel`}

              className="flex min-h-[64px] items-center justify-center rounded-xl border-2 border-red-700 bg-white font-bold text-red-800"
            >
              取消预约
            </Link>
          </nav>
        </>
      )}
      {booking.status === "cancelled" && (
        <p className="rounded-xl bg-white p-4 shadow-sm" data-testid="cancelled-note">
          这个预约已取消，不用再前往。如仍需办理，可以
          <Link href={`/book/${booking.service.code}`} className="font-bold text-brand-700 underline">
            重新预约
          </Link>
          。
        </p>
      )}
      <Link href="/" className="inline-flex min-h-12 items-center text-brand-700 underline">
        回到首页
      </Link>
    </div>
  );
}
