import { env } from "@/lib/env";

/** The booking rules in force (configurable through the environment, see README). */
export function bookingSettings() {
  const e = env();
  return {
    minNoticeMinutes: e.BOOKING_MIN_NOTICE_MINUTES,
    horizonDays: e.BOOKING_HORIZON_DAYS,
    maxActivePerApplicant: e.BOOKING_MAX_ACTIVE_PER_APPLICANT,
    maxActivePerPhone: e.BOOKING_MAX_ACTIVE_PER_PHONE,
    // Three no-shows within 90 days suspend online booking for 30 days.
    noShowLimit: e.NO_SHOW_LIMIT,
    noShowWindowDays: 90,
    suspensionDays: 30,
  };
}
