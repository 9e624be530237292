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

/**
 * The picker's link for a state. A chosen day opens at its times (#times) and a chosen village at
 * its days (#days): the page is server-rendered again, and without the fragment a phone shows its
 * top, with the times a screen or two further down (works without JavaScript, as a plain link).
 */
export function pickerHref(base: string, state: PickerState): string {
  const params = new URLSearchParams();
  if (state.channel) params.set("channel", state.channel);
  if (state.village) params.set("village", state.village);
  if (state.date) params.set("date", state.date);
  const query = params.toString();
  const fragment = state.date ? "#times" : state.village ? "#days" : "";
  return `${query ? `${base}?${query}` : base}${fragment}`;
}

export function slotParam(search: Search): number | null {
  const raw = first(search.slot);
  return raw && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}
