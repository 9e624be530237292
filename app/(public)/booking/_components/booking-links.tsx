import Link from "next/link";
import type { FoundBooking } from "../actions";

/** Bookings as links to their pages: the look-up by phone's list and the quota message's. */
export function BookingLinks({ bookings }: { bookings: FoundBooking[] }) {
  return (
    <ul className="mt-3 space-y-3">
      {bookings.map((b) => (
        <li key={b.code}>
          <Link
            href={`/booking/${b.code}`}
            className="block min-h-[60px] rounded-lg border-2 border-brand-600 bg-white p-3 text-lg text-slate-900 hover:bg-brand-50"
          >
            <span className="block font-bold">{b.serviceName}</span>
            <span className="block">{b.when}</span>
            {b.where && <span className="block text-slate-700">{b.where}</span>}
            <span className="block">申请人 {b.applicant}</span>
            <span className="block">
              预约码 <strong className="font-mono tracking-widest">{b.code}</strong>
              ，点此查看、改约或取消
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
