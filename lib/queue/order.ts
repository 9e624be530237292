// The calling order, written down once (docs/queue-order.md) and used by the SQL of call-next.
//
// 1. Green channel (绿色通道: the elderly, the disabled), set by the clerk or at the kiosk.
// 2. Bookings checked in close to their time (from 30 minutes before the slot to 15 minutes
//    after its start), and tickets transferred from another queue or window: they have already
//    waited once.
// 3. Walk-ins, and bookings checked in too early or too late.
// Within a level: first come, first served, by the ticket's sequence number (A012 before A013).
// Not by created_at: that is the start of the issuing transaction, and of two kiosks issuing at
// the same moment the one that draws A013 can have started first. A transferred or un-parked
// ticket keeps its number, so it keeps its place.

export const PRIORITY = { walkIn: 0, booking: 1, transferred: 1, greenChannel: 2 } as const;

export const CHECK_IN_EARLY_MINUTES = 30;
export const CHECK_IN_LATE_MINUTES = 15;

/** The priority of a booking checked in at `at` for a slot starting at `slotStartsAt`. */
export function bookingPriority(slotStartsAt: Date, at: Date): number {
  const minutes = (at.getTime() - slotStartsAt.getTime()) / 60_000;
  return minutes >= -CHECK_IN_EARLY_MINUTES && minutes <= CHECK_IN_LATE_MINUTES ? PRIORITY.booking : PRIORITY.walkIn;
}
