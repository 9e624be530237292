import { afterEach, describe, expect, it, vi } from "vitest";
import { scheduleJob } from "@/lib/jobs";

// The background job runner (issue 14: the SMS drainer wakes when messages are committed instead of
// waiting for its 10 s tick). Fake timers: nothing here depends on the clock.

afterEach(() => vi.useRealTimers());

function wakeable() {
  let wake: (() => void) | undefined;
  return { wakeOn: (listener: (() => void) | undefined) => (wake = listener), wake: () => wake?.() };
}

/** A job whose runs finish when the test says so. */
function controlledJob() {
  const runs: (() => void)[] = [];
  return { runs, run: () => new Promise<void>((resolve) => runs.push(resolve)) };
}

describe("scheduleJob", () => {
  it("runs at start, then a wake-up's delay after a wake-up, long before its tick", async () => {
    vi.useFakeTimers();
    const signal = wakeable();
    const job = controlledJob();
    const stop = scheduleJob({ name: "t", everySeconds: 10, run: job.run, wakeOn: signal.wakeOn, wakeDelayMs: 100 });
    expect(job.runs).toHaveLength(1);
    job.runs[0]();
    await vi.advanceTimersByTimeAsync(1000);
    expect(job.runs).toHaveLength(1);
    signal.wake();
    signal.wake();
    await vi.advanceTimersByTimeAsync(99);
    expect(job.runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(job.runs).toHaveLength(2);
    job.runs[1]();
    stop();
  });

  it("runs once more after a run during which it was woken, and skips a tick that came meanwhile", async () => {
    vi.useFakeTimers();
    const signal = wakeable();
    const job = controlledJob();
    const stop = scheduleJob({ name: "t", everySeconds: 1, run: job.run, wakeOn: signal.wakeOn, wakeDelayMs: 100 });
    expect(job.runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(job.runs).toHaveLength(1);
    signal.wake();
    job.runs[0]();
    await vi.advanceTimersByTimeAsync(0);
    expect(job.runs).toHaveLength(2);
    job.runs[1]();
    await vi.advanceTimersByTimeAsync(0);
    expect(job.runs).toHaveLength(2);
    stop();
    signal.wake();
    await vi.advanceTimersByTimeAsync(5000);
    expect(job.runs).toHaveLength(2);
  });
});
