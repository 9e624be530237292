// Preloaded into the app by `bench/booking/run.mjs --diagnose` (node --import): where a request's
// time goes besides its own work. Each SIGUSR2 appends to $BENCH_DIAGNOSE_FILE one JSON line with
// what was seen since the previous one, then starts afresh:
// - the event loop's delay (perf_hooks.monitorEventLoopDelay, 5 ms resolution): how long a ready
//   callback waited for the loop (a long synchronous task, a GC pause, or the process descheduled);
// - the garbage collector's pauses (PerformanceObserver "gc"), by kind (minor = scavenge,
//   major = mark-compact, incremental = marking steps, weakcb = weak callbacks);
// - the process's CPU time;
// - with $BENCH_PROFILE_DIR (`--profile DIR`), a V8 CPU profile of the span, written to DIR and
//   named in the line (`profile`), taken in-process through node:inspector.
import { appendFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";
import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";

const file = process.env.BENCH_DIAGNOSE_FILE;
if (file) {
  const KINDS = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
    [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
  };
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const fresh = () => ({ at: process.hrtime.bigint(), cpu: process.cpuUsage(), gc: {} });
  let since = fresh();
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const session = profileDir ? new Session() : null;
  let profiles = 0;
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  // The profile of the span that ends now, and a new one started for the next span.
  async function nextProfile() {
    if (!session) return null;
    let written = null;
    if (profiles > 0) {
      const { profile } = await post("Profiler.stop");
      written = path.join(profileDir, `span-${profiles}.cpuprofile`);
      writeFileSync(written, JSON.stringify(profile));
    } else {
      session.connect();
      await post("Profiler.enable");
      await post("Profiler.setSamplingInterval", { interval: 200 });
    }
    profiles += 1;
    await post("Profiler.start");
    return written;
  }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = KINDS[entry.detail?.kind] ?? String(entry.detail?.kind);
      const g = (since.gc[kind] ??= { count: 0, ms: 0, maxMs: 0 });
      g.count += 1;
      g.ms += entry.duration;
      g.maxMs = Math.max(g.maxMs, entry.duration);
    }
  }).observe({ entryTypes: ["gc"] });
  process.on("SIGUSR2", async () => {
    const profile = await nextProfile();
    const cpu = process.cpuUsage(since.cpu);
    const ms = (ns) => Number(ns) / 1e6;
    appendFileSync(
      file,
      JSON.stringify({
        wallMs: ms(process.hrtime.bigint() - since.at),
        cpuMs: (cpu.user + cpu.system) / 1000,
        loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
        gc: since.gc,
        profile,
      }) + "\n",
    );
    delay.reset();
    since = fresh();
  });
}
