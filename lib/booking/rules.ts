import type { Channel } from "@/db/schema";

// Slot length and capacity per kind of session, and the share of each slot kept for walk-ins
// (the rest can be booked online). The hall's desk seats four windows; a village visit has two staff.
export const SLOT_RULES: Record<Channel, { minutes: number; capacity: number; onlineCapacity: number }> = {
  window: { minutes: 30, capacity: 8, onlineCapacity: 4 },
  weekend: { minutes: 30, capacity: 4, onlineCapacity: 2 },
  village: { minutes: 30, capacity: 6, onlineCapacity: 4 },
};

/** How many days ahead sessions are materialised. */
export const SESSION_HORIZON_DAYS = 14; // demo data only; the live horizon is BOOKING_HORIZON_DAYS
