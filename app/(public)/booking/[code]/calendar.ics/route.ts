import { readBookingAccess } from "@/lib/booking/access";
import { getBooking } from "@/lib/booking";
import { problem, route } from "@/lib/http";
import { bookingCalendar } from "@/lib/booking/ics";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";

/** The booking as an iCalendar file, for the phone's calendar (this browser's own bookings only). */
export const GET = route(async (_request, context: { params: Promise<{ code: string }> }) => {
  const { code } = await context.params;
  const upper = code.toUpperCase();
  const phoneHash = await readBookingAccess(upper);
  if (!phoneHash) return problem("not_found", "没有找到预约，请先查询预约");
  const booking = await getBooking({ hallId: (await publicHall()).id, code: upper, owner: { phoneHash } });
  return new Response(bookingCalendar(booking), {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `attachment; filename="yuyue-${booking.code}.ics"`,
      "cache-control": "no-store",
    },
  });
});
