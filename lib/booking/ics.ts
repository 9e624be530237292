import type { BookingView } from "@/lib/booking/booking-view";
import { checkInAdvice } from "@/lib/booking/check-in";
import { CHANNEL_LABEL } from "@/lib/format";
import { atShanghai } from "@/lib/time";

// RFC 5545: text values escape backslash, semicolon and comma; lines end with CRLF.
const escapeText = (s: string) =>
  s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");
const utc = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

export function bookingCalendar(booking: BookingView, now = new Date()): string {
  const start = atShanghai(booking.slot.date, booking.slot.start);
  const end = atShanghai(booking.slot.date, booking.slot.end);
  const materials = booking.materials
    .filter((m) => m.required)
    .map((m) => `${m.name}（${m.copies}）`)
    .join("；");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//yichuang//booking//ZH",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${booking.code}@yichuang`,
    `DTSTAMP:${utc(now)}`,
    `DTSTART:${utc(start)}`,
    `DTEND:${utc(end)}`,
    `SUMMARY:${escapeText(`办事预约：${booking.service.name}`)}`,
    `LOCATION:${escapeText(`${CHANNEL_LABEL[booking.slot.channel]} ${booking.slot.location}`)}`,
    `DESCRIPTION:${escapeText(`预约码 ${booking.code}。${checkInAdvice(booking.slot)}请带齐：${materials}`)}`,
    "BEGIN:VALARM",
    "TRIGGER:-PT2H",
    "ACTION:DISPLAY",
    `DESCRIPTION:${escapeText(`办事预约：${booking.service.name}`)}`,
    "END:VALARM",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.join("\r\n")}\r\n`;
}
