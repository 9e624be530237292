import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { listAvailability } from "@/lib/booking";
import { CHANNEL_LABEL, dateLabel } from "@/lib/format";
import { loadService } from "../../../_components/load-service";
import { pickerState, slotParam } from "../../../book/_components/params";
import { SlotPicker } from "../../../book/_components/slot-picker";
import { RescheduleForm } from "../../_components/forms";
import { loadOwnBooking } from "../../_components/own-booking";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "改约时间" };

type Props = {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function ReschedulePage({ params, searchParams }: Props) {
  const { code } = await params;
  const search = await searchParams;
  const booking = await loadOwnBooking(code);
  if (!booking || booking.status !== "confirmed") redirect(`/booking/${code}`);
  const item = await loadService(booking.service.code);
  const base = `/booking/${booking.code}/reschedule`;
  const chosenId = slotParam(search);
  const chosen = chosenId
    ? (
        await listAvailability({
          hallId: (await publicHall()).id,
          service: item.code,
          from: "1970-01-01",
          to: "9999-12-31",
        })
      ).slots.find((s) => s.id === chosenId && s.remaining > 0)
    : undefined;

  return (
    <div className="space-y-4">
      <Link
        href={`/booking/${booking.code}`}

        className="inline-flex min-h-[60px] items-center text-brand-700 underline"
      >
        ‹ 返回我的预约
      </Link>
      <h1 className="text-2xl font-bold">改约时间</h1>
      <p className="rounded-xl bg-white p-4 shadow-sm">
        {booking.service.name}
        <br />
        原预约时间：
        <strong>
          {dateLabel(booking.slot.date)} {booking.slot.start}
        </strong>
      </p>
      {chosen ? (
        <section className="space-y-3 rounded-xl border-2 border-brand-600 bg-brand-50 p-4">
          <p>
            改到：
            <strong>
              {CHANNEL_LABEL[chosen.channel]} {dateLabel(chosen.date)} {chosen.start}–{chosen.end}
            </strong>
          </p>
          <RescheduleForm code={booking.code} slotId={chosen.id} />
        </section>
      ) : (
        <SlotPicker
          service={item.code}
          channels={item.channels}
          state={pickerState(search, item.channels)}
          base={base}
          slotHref={(slot) => `${base}?slot=${slot.id}`}
        />
      )}
    </div>
  );
}
