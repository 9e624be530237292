import { CHANNELS, type Channel } from "@/db/schema";
import { isValidDate } from "@/lib/time";
import type { PickerState } from "./slot-picker";

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The picker's state from the query string; anything malformed is simply not chosen yet. */
export function pickerState(search: Search, channels: Channel[]): PickerState {
  const channel = first(search.channel);
  const village = first(search.village);
  const date = first(search.date);
  const chosen = CHANNELS.find((c) => c === channel && channels.includes(c));
  return {
    channel: chosen,
    village: chosen === "village" && village && /^[A-Za-z0-9_-]{1,16}$/.test(village) ? village : undefined,
    date: chosen && date && isValidDate(date) ? date : undefined,
  };
}

export function slotParam(search: Search): number | null {
  const raw = first(search.slot);
  return raw && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}
