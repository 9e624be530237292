import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { dateLabel } from "@/lib/format";
import { CancelForm } from "../../_components/forms";
import { loadOwnBooking } from "../../_components/own-booking";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "取消预约" };

export default async function CancelPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const booking = await loadOwnBooking(code);
  if (!booking || booking.status !== "confirmed") redirect(`/booking/${code}`);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">确定要取消这个预约吗？</h1>
      <p className="rounded-xl bg-white p-4 shadow-sm">
        <strong>{booking.service.name}</strong>
        <br />
        {dateLabel(booking.slot.date)} {booking.slot.start}–{booking.slot.end}
      </p>
      <p>取消后这个时段会让给其他排队候补的群众。如果只是想换个时间，可以改约，预约码不变。</p>
      <CancelForm code={booking.code} />
      <Link
        href={`/booking/${booking.code}`}
        className="flex min-h-[64px] items-center justify-center rounded-xl border-2 border-slate-400 bg-white font-bold"
      >
        不取消，返回
      </Link>
    </div>
  );
}
