import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { listAvailability } from "@/lib/booking";
import { env } from "@/lib/env";
import { CHANNEL_LABEL, dateLabel } from "@/lib/format";
import { loadService } from "../../../_components/load-service";
import { pickerHref, slotParam } from "../../_components/params";
import { BookingForm } from "./_components/booking-form";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "填写预约信息" };

type Props = {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function ConfirmPage({ params, searchParams }: Props) {
  const { code } = await params;
  const search = await searchParams;
  const item = await loadService(code);
  const slotId = slotParam(search);
  const isWaitlist = search.waitlist === "1";
  const back = `/book/${item.code}`;
  // The slot must still offer this item inside the booking window.
  const slot = slotId
    ? (
        await listAvailability({
          hallId: (await publicHall()).id,
          service: item.code,
          from: "1970-01-01",
          to: "9999-12-31",
        })
      ).slots.find((s) => s.id === slotId)
    : undefined;

  if (!slot) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">这个时段已不能预约</h1>
        <p>可能已过预约截止时间，或不办理这个事项。请重新选择时间。</p>
        <Link
          href={back}
          className="inline-flex min-h-[60px] items-center rounded-lg bg-brand-600 px-5 font-bold text-white"
        >
          重新选择时间
        </Link>
      </div>
    );
  }
  const mode = isWaitlist ? "waitlist" : "book";
  const pickAnother = pickerHref(back, { channel: slot.channel, village: slot.villageId, date: slot.date });
  const required = item.materials.filter((m) => m.required);

  return (
    <div className="space-y-4">
      <Link href={pickAnother} className="inline-flex min-h-12 items-center text-brand-700 underline">
        ‹ 重新选择时间
      </Link>
      <h1 className="text-2xl font-bold">{isWaitlist ? "登记候补" : "④ 填写预约信息"}</h1>
      <dl
        className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-xl bg-white p-4 shadow-sm"
        data-testid="booking-summary"
      >
        <dt className="font-semibold text-slate-600">事项</dt>
        <dd className="font-bold">{item.name}</dd>
        <dt className="font-semibold text-slate-600">地点</dt>
        <dd>
          {CHANNEL_LABEL[slot.channel]}
          {slot.villageName ? `（${slot.villageName}）` : ""}：{slot.location}
        </dd>
        <dt className="font-semibold text-slate-600">时间</dt>
        <dd className="font-bold">
          {dateLabel(slot.date)} {slot.start}–{slot.end}
        </dd>
        {slot.theme && (
          <>
            <dt className="font-semibold text-slate-600">主题</dt>
            <dd>{slot.theme}</dd>
          </>
        )}
      </dl>
      {isWaitlist ? (
        <p className="rounded-xl border-2 border-amber-600 bg-amber-50 p-4">
          这个时段已约满。登记候补后，有人取消时按登记先后自动为您预约，并短信通知。
        </p>
      ) : slot.remaining === 0 ? (
        <p role="alert" className="rounded-xl border-2 border-red-700 bg-red-50 p-4">
          这个时段刚刚约满了。
          <Link href={`${back}/confirm?slot=${slot.id}&waitlist=1`} className="font-bold underline">
            登记候补
          </Link>
          ，或
          <Link href={pickAnother} className="font-bold underline">
            选择其他时段
          </Link>
          。
        </p>
      ) : null}
      <BookingForm
        service={item.code}
        slotId={slot.id}
        idempotencyKey={randomUUID()}
        needsPhoneCode={env().PHONE_VERIFICATION === "sms"}
        mode={mode}
        pickAnotherHref={pickAnother}
        waitlistHref={`${back}/confirm?slot=${slot.id}&waitlist=1`}
      />
      <section className="rounded-xl border-2 border-amber-500 bg-amber-50 p-4">
        <h2 className="text-lg font-bold">办理时请带齐</h2>
        <ul className="mt-1 list-disc pl-6">
          {required.map((m) => (
            <li key={m.name}>
              {m.name}（{m.copies}）
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
