import "server-only";
import { getDb } from "@/db/client";
import { halls } from "@/db/schema";
import { ensureSessions, sweepNoShows } from "@/lib/booking";
import { bookingSettings } from "@/lib/booking/settings";
import { dispatchOutbox, enqueueReminders, onOutboxSignal } from "@/lib/notify";
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

/**
 * How long the SMS drainer waits after a wake-up before it runs, so that the messages of a burst
 * of bookings go out in one batch rather than one run each (a confirmation still leaves within
 * about this long of its commit).
 */
export const OUTBOX_WAKE_DELAY_MS = 100;

export type Job = {
  name: string;
  everySeconds: number;
  run: () => Promise<unknown>;
  /** Also run soon after this tells of new work (the tick stays, for work it does not tell of). */
  wakeOn?: (wake: (() => void) | undefined) => void;
  wakeDelayMs?: number;
};

const JOBS: Job[] = [
  {
    name: "sms outbox",
    everySeconds: 10,
    run: () => dispatchOutbox(),
    wakeOn: onOutboxSignal,
    wakeDelayMs: OUTBOX_WAKE_DELAY_MS,
  },
  { name: "no-shows", everySeconds: 300, run: () => sweepNoShows() },
  { name: "reminders", everySeconds: 900, run: () => enqueueReminders() },
  { name: "sessions", everySeconds: 3600, run: () => materializeHorizon() },
  { name: "rate limits", everySeconds: 600, run: () => pruneRateLimits() },
  { name: "old staff sessions", everySeconds: 3600, run: () => pruneStaffSessions() },
];

type Jobs = { stops: (() => void)[]; running: Set<Promise<void>> };
const holder = globalThis as typeof globalThis & { __yichuangJobs?: Jobs };

/**
 * Periodic work of every app instance. Each job is idempotent or takes its rows with SKIP LOCKED,
 * so several instances may run them side by side. Timers are unref'd: they never keep a process
 * alive on their own.
 */
export function startBackgroundJobs() {
  if (holder.__yichuangJobs) return;
  const jobs: Jobs = { stops: [], running: new Set() };
  holder.__yichuangJobs = jobs;
  for (const job of JOBS) jobs.stops.push(scheduleJob(job, jobs.running));
}

/**
 * Runs `job` now, every `everySeconds` (a tick that comes while it runs is skipped) and, with
 * `wakeOn`, `wakeDelayMs` after a wake-up; a wake-up that comes while it runs makes it run once
 * more when it is done, since what woke it may have been committed after the run had looked.
 * Each run is in `inFlight` while it lasts. Answers a function that stops it (no further runs).
 */
export function scheduleJob(job: Job, inFlight?: Set<Promise<void>>): () => void {
  let running = false;
  let again = false;
  let stopped = false;
  let woken: NodeJS.Timeout | null = null;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    const run = (async () => {
      try {
        do {
          again = false;
          await job.run();
        } while (again && !stopped);
      } catch (error) {
        logError(`background job "${job.name}" failed`, error);
      } finally {
        running = false;
      }
    })();
    inFlight?.add(run);
    await run;
    inFlight?.delete(run);
  };
  const interval = setInterval(() => void tick(), job.everySeconds * 1000).unref();
  job.wakeOn?.(() => {
    if (running) again = true;
    else
      woken ??= setTimeout(() => {
        woken = null;
        void tick();
      }, job.wakeDelayMs ?? 0).unref();
  });
  void tick();
  return () => {
    stopped = true;
    clearInterval(interval);
    if (woken) clearTimeout(woken);
    job.wakeOn?.(undefined);
  };
}

/** At shutdown: no further runs; resolves when the runs under way have finished. */
export async function stopBackgroundJobs() {
  const jobs = holder.__yichuangJobs;
  if (!jobs) return;
  for (const stop of jobs.stops) stop();
  await Promise.all([...jobs.running]);
}
