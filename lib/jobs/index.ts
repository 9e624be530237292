import "server-only";
import { getDb } from "@/db/client";
import { halls } from "@/db/schema";
import { ensureSessions, sweepNoShows } from "@/lib/booking";
import { bookingSettings } from "@/lib/booking/settings";
import { dispatchOutbox, enqueueReminders } from "@/lib/notify";
import { pruneStaffSessions } from "@/lib/auth/prune-staff-sessions";
import { pruneRateLimits } from "@/lib/rate-limit";
import { addDays, shanghaiDate } from "@/lib/time";
import { logError } from "@/lib/log";

/** Sessions and slots of every hall for today up to the booking horizon (the date moves on every day). */
export async function materializeHorizon() {
  const db = await getDb();
  const today = shanghaiDate();
  for (const hall of await db.select({ id: halls.id }).from(halls)) {
    await ensureSessions(db, { hallId: hall.id, from: today, to: addDays(today, bookingSettings().horizonDays) });
  }
}

const JOBS: { name: string; everySeconds: number; run: () => Promise<unknown> }[] = [
  { name: "sms outbox", everySeconds: 10, run: () => dispatchOutbox() },
  { name: "no-shows", everySeconds: 300, run: () => sweepNoShows() },
  { name: "reminders", everySeconds: 900, run: () => enqueueReminders() },
  { name: "sessions", everySeconds: 3600, run: () => materializeHorizon() },
  { name: "rate limits", everySeconds: 600, run: () => pruneRateLimits() },
  { name: "old staff sessions", everySeconds: 3600, run: () => pruneStaffSessions() },
];

/**
 * Periodic work of every app instance. Each job is idempotent or takes its rows with SKIP LOCKED,
 * so several instances may run them side by side. Timers are unref'd: they never keep a process
 * alive on their own.
 */
type Jobs = { timers: NodeJS.Timeout[]; running: Set<Promise<void>>; stopped: boolean };
const holder = globalThis as typeof globalThis & { __yichuangJobs?: Jobs };

export function startBackgroundJobs() {
  if (holder.__yichuangJobs) return;
  const jobs: Jobs = { timers: [], running: new Set(), stopped: false };
  holder.__yichuangJobs = jobs;
  for (const job of JOBS) {
    let running: Promise<void> | null = null;
    const tick = () => {
      if (running || jobs.stopped) return;
      running = (async () => {
        try {
          await job.run();
        } catch (error) {
          logError(`background job "${job.name}" failed`, error);
        }
      })();
      jobs.running.add(running);
      void running.finally(() => {
        jobs.running.delete(running!);
        running = null;
      });
    };
    jobs.timers.push(setInterval(tick, job.everySeconds * 1000).unref());
    tick();
  }
}

/** At shutdown: no further runs; resolves when the runs under way have finished. */
export async function stopBackgroundJobs() {
  const jobs = holder.__yichuangJobs;
  if (!jobs) return;
  jobs.stopped = true;
  for (const timer of jobs.timers) clearInterval(timer);
  await Promise.all([...jobs.running]);
}
