#!/usr/bin/env node
// Queue fan-out benchmark: thousands of open live-queue screens (a hall of villagers who scanned
// their ticket's QR code, the TVs, the desks) on one app instance on PostgreSQL. Measures, with the
// streams open, the kiosk ticket, the call-next and /api/health against their idle values; that
// every stream receives every call; and the app's memory before, during and after.
//
//   node bench/queue-fanout/run.mjs [--streams 2000] [--rounds 30]
//
// Needs the production build in .next (it never builds) and PostgreSQL on 127.0.0.1:5432 (user
// postgres, trust; PGHOST/PGPORT/PGUSER/PGPASSWORD override). Everything it creates — the app
// process, database yichuang_bench_*, a temp folder — is removed on exit, error or Ctrl-C.

import http from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { benchTag, loadBefore, pgUrl, requireBuild, signIn, startApp, stopApp } from "../support/app.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const TARGETS = { commandP95Ms: 100, healthFactor: 2, rssShare: 0.1 };
/** A call that has not reached every stream after this long counts as missed there. */
const FANOUT_TIMEOUT_MS = 15_000;

const log = (msg) => process.stderr.write(`[fanout ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (values, p) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : "—");
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);

/** Resident memory of a process group (the app and anything it forked), in bytes. */
function groupRss(pgid) {
  let total = 0;
  const pids = os.platform() === "linux" ? readdirSync("/proc").filter((name) => /^\d+$/.test(name)) : [];
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (rss) total += Number(rss[1]) * 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      streams: { type: "string", default: "2000" },
      rounds: { type: "string", default: "30" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (args.help) {
    console.log("usage: node bench/queue-fanout/run.mjs [--streams 2000] [--rounds 30]");
    return;
  }
  const opts = { streams: Number(args.streams), rounds: Number(args.rounds) };
  if (!(opts.streams >= 1 && opts.streams <= 20_000) || !(opts.rounds >= 5 && opts.rounds <= 500)) {
    console.error("--streams 1..20000, --rounds 5..500");
    process.exit(64);
  }
  requireBuild(ROOT);
  const loadAtStart = loadBefore(log);

  const tag = benchTag();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "yichuang-bench-fanout-"));
  const admin = postgres(pgUrl("postgres"), { max: 1, onnotice: () => {} });
  let app = null;
  const streams = [];
  const cleanup = async () => {
    for (const s of streams) s.close();
    if (app) await stopApp(app).catch(() => {});
    await admin.unsafe(`drop database if exists "${tag}" with (force)`).catch(() => {});
    await admin.end({ timeout: 2 }).catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  };
  process.on("SIGINT", () => void cleanup().finally(() => process.exit(130)));

  try {
    const version = (await admin`show server_version`)[0].server_version;
    await admin.unsafe(`create database "${tag}"`);
    app = await startApp({
      root: ROOT,
      log,
      logDir: tmp,
      env: {
        DATABASE_URL: pgUrl(tag),
        DATA_DIR: path.join(tmp, "data"),
        DEMO: "1",
        RATE_LIMIT_PER_MINUTE: "0",
        KIOSK_TICKETS_PER_MINUTE: "0",
        // Every stream of this bench comes from 127.0.0.1.
        QUEUE_STREAMS_PER_ADDRESS: String(opts.streams + 100),
        QUEUE_STREAMS_MAX: String(opts.streams + 100),
      },
    });
    const appSql = postgres(pgUrl(tag), { max: 1, onnotice: () => {} });
    await appSql`update queues set daily_cap = 999`;
    await appSql.end({ timeout: 2 });
    const kiosk = await signIn(app.base, "kiosk");
    const clerk = await signIn(app.base, "clerk1");
    const { body: windowsBody } = await clerk.request("GET", "/api/v1/windows");
    const win = windowsBody.windows.find((w) => w.number === 1);
    const queue = win.queues[0];
    // Empty window 1's queues, so that each call below is the ticket just issued.
    for (let i = 0; i < 3000; i++) {
      const res = await clerk.request("POST", `/api/v1/windows/${win.id}/call-next`);
      if (res.status === 204) break;
      await clerk.request("POST", `/api/v1/tickets/${res.body.ticket.id}/finish`);
    }

    /** One round: a kiosk ticket, its call at window 1, and (optionally) its arrival on every stream. */
    async function round() {
      let t = performance.now();
      const issued = await kiosk.request("POST", "/api/v1/tickets", { queue });
      if (issued.status !== 201) throw new Error(`ticket: ${issued.status} ${JSON.stringify(issued.body)}`);
      const ticketMs = performance.now() - t;
      t = performance.now();
      const called = await clerk.request("POST", `/api/v1/windows/${win.id}/call-next`);
      if (called.status !== 200) throw new Error(`call-next: ${called.status} ${JSON.stringify(called.body)}`);
      const callMs = performance.now() - t;
      const number = called.body.ticket.number;
      const calledAt = performance.now();
      let fanoutMs = null;
      let missed = 0;
      if (streams.length) {
        const deadline = calledAt + FANOUT_TIMEOUT_MS;
        while (streams.some((s) => !s.calls.has(number)) && performance.now() < deadline) await sleep(5);
        const times = streams.map((s) => s.calls.get(number)).filter((x) => x !== undefined);
        missed = streams.length - times.length;
        fanoutMs = Math.max(...times) - calledAt;
      }
      await clerk.request("POST", `/api/v1/tickets/${called.body.ticket.id}/finish`);
      return { ticketMs, callMs, fanoutMs, missed };
    }
    async function healthSeries(n) {
      const out = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        const res = await fetch(`${app.base}/api/health`);
        await res.arrayBuffer();
        out.push(performance.now() - t);
        await sleep(20);
      }
      return out;
    }
    async function phase(name) {
      const rounds = [];
      const health = [];
      let running = true;
      // /api/health polled all through the rounds, as a load balancer would.
      const poller = (async () => {
        while (running) health.push(...(await healthSeries(1)));
      })();
      for (let i = 0; i < opts.rounds; i++) rounds.push(await round());
      running = false;
      await poller;
      const stat = (key) => rounds.map((r) => r[key]).filter((x) => x !== null);
      const result = {
        name,
        ticketP95: percentile(stat("ticketMs"), 95),
        callP95: percentile(stat("callMs"), 95),
        healthP50: percentile(health, 50),
        healthP95: percentile(health, 95),
        fanoutP50: percentile(stat("fanoutMs"), 50),
        fanoutP95: percentile(stat("fanoutMs"), 95),
        missed: rounds.reduce((n, r) => n + r.missed, 0),
      };
      log(
        `${name}: ticket p95 ${ms(result.ticketP95)} ms, call-next p95 ${ms(result.callP95)} ms, health p95 ${ms(result.healthP95)} ms` +
          (streams.length
            ? `, all ${streams.length} streams had the call within p95 ${ms(result.fanoutP95)} ms, ${result.missed} missed`
            : ""),
      );
      return result;
    }

    // Warm up (compile the routes, the stream's too, fill the caches), then the idle figures.
    const warm = await Promise.all(Array.from({ length: 20 }, () => openStream(app.base)));
    for (let i = 0; i < 5; i++) await round();
    for (const s of warm) s.close();
    await healthSeries(20);
    await sleep(2_000);
    const rssIdle = groupRss(app.pid);
    const idle = await phase("idle");

    log(`opening ${opts.streams} streams`);
    const openStarted = performance.now();
    for (let i = 0; i < opts.streams; i += 100) {
      const batch = Array.from({ length: Math.min(100, opts.streams - i) }, () => openStream(app.base));
      streams.push(...(await Promise.all(batch)));
    }
    const openMs = performance.now() - openStarted;
    log(`${streams.length} streams open in ${(openMs / 1000).toFixed(1)} s`);
    await sleep(2_000);
    const rssOpen = groupRss(app.pid);
    const loaded = await phase(`${opts.streams} streams open`);
    const rssLoaded = groupRss(app.pid);

    for (const s of streams) s.close();
    const closed = streams.splice(0);
    log("streams closed; waiting 20 s for the app to settle");
    await sleep(20_000);
    const rssAfter = groupRss(app.pid);
    const after = await phase("after closing");
    const errors = closed.filter((s) => s.error).length;

    const checks = [
      ["kiosk ticket p95 with the streams open ≤ 100 ms", loaded.ticketP95 <= TARGETS.commandP95Ms],
      ["call-next p95 with the streams open ≤ 100 ms", loaded.callP95 <= TARGETS.commandP95Ms],
      [
        "/api/health p95 with the streams open ≤ 2 × idle",
        loaded.healthP95 <= TARGETS.healthFactor * Math.max(idle.healthP95, 1),
      ],
      ["every stream received every call", loaded.missed === 0 && errors === 0],
      ["RSS after the streams close within 10 % of before", rssAfter <= (1 + TARGETS.rssShare) * rssIdle],
    ];
    const table = [
      `# Queue fan-out: ${opts.streams} open streams on one app instance`,
      "",
      `Run ${new Date().toISOString()} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}, PostgreSQL ${version}; load average before ${loadAtStart.toFixed(2)}; ${opts.rounds} rounds per phase (kiosk ticket → call-next → every stream has the call → finish).`,
      "",
      "| phase | kiosk ticket p95 | call-next p95 | /api/health p50 / p95 | call on every stream p50 / p95 | calls missed |",
      "|---|---|---|---|---|---|",
      ...[idle, loaded, after].map(
        (r) =>
          `| ${r.name} | ${ms(r.ticketP95)} ms | ${ms(r.callP95)} ms | ${ms(r.healthP50)} / ${ms(r.healthP95)} ms | ${r.name === "idle" || r.name === "after closing" ? "—" : `${ms(r.fanoutP50)} / ${ms(r.fanoutP95)} ms`} | ${r.name === "idle" || r.name === "after closing" ? "—" : r.missed} |`,
      ),
      "",
      `Opening the ${opts.streams} streams took ${(openMs / 1000).toFixed(1)} s; stream errors: ${errors}.`,
      "",
      "| app memory (RSS) | MB |",
      "|---|---|",
      `| idle, before the streams | ${mb(rssIdle)} |`,
      `| ${opts.streams} streams open | ${mb(rssOpen)} |`,
      `| after the loaded rounds | ${mb(rssLoaded)} |`,
      `| 20 s after closing them | ${mb(rssAfter)} (${rssAfter >= rssIdle ? "+" : ""}${(((rssAfter - rssIdle) / rssIdle) * 100).toFixed(1)} %) |`,
      "",
      "| target | met |",
      "|---|---|",
      ...checks.map(([what, ok]) => `| ${what} | ${ok ? "yes" : "**no**"} |`),
      "",
    ].join("\n");
    process.stdout.write(table);
    writeFileSync(path.join(HERE, "last-run.md"), table);
    log(`table written to ${path.relative(ROOT, path.join(HERE, "last-run.md"))}`);
    await cleanup();
    process.exit(checks.every(([, ok]) => ok) ? 0 : 2);
  } catch (error) {
    log(`failed: ${error.stack ?? error}`);
    await cleanup();
    process.exit(1);
  }
}

/**
 * One open screen: a plain HTTP request on its own socket that notes when each call's ticket
 * number arrives (`event: call`), without parsing the state events beyond that.
 */
function openStream(base) {
  const url = new URL("/api/v1/queue/stream", base);
  return new Promise((resolve, reject) => {
    const stream = {
      calls: new Map(),
      error: null,
      isClosed: false,
      close() {
        stream.isClosed = true;
        req.destroy();
      },
    };
    const req = http.get(url, { agent: false, headers: { accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream: ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding("utf8");
      let tail = "";
      let isOpen = false;
      res.on("data", (chunk) => {
        const text = tail + chunk;
        const at = performance.now();
        for (const m of text.matchAll(/event: call\ndata: \{[^\n]*?"ticket":"([A-Z]\d+)"/g))
          if (!stream.calls.has(m[1])) stream.calls.set(m[1], at);
        if (!isOpen && text.includes("event: state")) {
          isOpen = true;
          resolve(stream);
        }
        // A frame cut between two chunks is matched with the next one.
        tail = text.slice(-300);
      });
      res.on("error", (e) => {
        if (!stream.isClosed) stream.error = e;
      });
      res.on("end", () => {
        if (!stream.isClosed) stream.error = new Error("the server ended the stream");
      });
    });
    req.on("error", (e) => {
      if (stream.isClosed) return;
      stream.error = e;
      reject(e);
    });
    req.setTimeout(30_000, () => req.destroy(new Error("no first state in 30 s")));
    req.on("response", () => req.setTimeout(0));
  });
}

await main();
