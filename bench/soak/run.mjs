#!/usr/bin/env node
// Soak under mixed load: one app instance (the production build, `npm start`'s flags) and, for
// `--duration` seconds (5 minutes by default), a hall's day compressed: villagers booking, looking
// up and cancelling, clerks calling tickets and taking in cases, TVs on the live stream, managers
// opening the reports. Reports p50/p99 and errors per kind of request, and the memory of every
// process (the app's RSS and V8 heap, PostgreSQL's backends, this driver) at the start, after the
// warm-up and at the end. Targets: no 5xx, memory growth after the warm-up below 10 %.
//
//   node bench/soak/run.mjs [--duration 300] [--warmup 60] [--db postgres|pglite]
//                           [--villagers 50] [--clerks 4] [--tvs 10] [--managers 2]
//
// Needs the production build in .next (it never builds) and, for --db postgres (the default),
// PostgreSQL on 127.0.0.1:5432 (user postgres, trust; PGHOST/PGPORT/PGUSER/PGPASSWORD override).
// Everything it creates — the app, database yichuang_bench_*, a temp folder — is removed on exit,
// error or Ctrl-C. See bench/soak/README.md.

import http from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { benchTag, freePort, loadBefore, pgUrl, requireBuild, signIn, startApp, stopApp } from "../support/app.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const TARGETS = { memoryGrowth: 0.1 };
/** A request unanswered after this long is an error (a timeout). */
const REQUEST_TIMEOUT_MS = 30_000;
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

const log = (msg) => process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const between = (min, max) => min + Math.random() * (max - min);
const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
const fmt = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : "—");
const mb = (bytes) => (Number.isFinite(bytes) ? (bytes / 1024 / 1024).toFixed(1) : "—");
const growth = (from, to) => (Number.isFinite(from) && Number.isFinite(to) && from > 0 ? (to - from) / from : NaN);
const pct = (x) => (Number.isFinite(x) ? `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} %` : "—");

// ─────────────────────────────────────── what was measured ──────────────────────────────────────

/** Per kind of request: latencies (ms), answers by status, refusals by problem code, network errors. */
const kinds = new Map();
function record(kind, ms, status, code) {
  let k = kinds.get(kind);
  if (!k)
    kinds.set(kind, (k = { latencies: [], statuses: new Map(), codes: new Map(), networkErrors: 0, examples: [] }));
  if (status === 0) k.networkErrors++;
  else {
    k.latencies.push(ms);
    k.statuses.set(status, (k.statuses.get(status) ?? 0) + 1);
    if (status >= 400 && code) k.codes.set(code, (k.codes.get(code) ?? 0) + 1);
  }
  if ((status === 0 || status >= 500) && k.examples.length < 3) k.examples.push(`${status} ${code ?? ""}`.trim());
}

/** A user's session: each request timed and recorded under `kind`; JSON bodies parsed. */
function client(base, cookieJar = null) {
  return async function request(kind, method, urlPath, body) {
    const started = performance.now();
    try {
      const res = await fetch(base + urlPath, {
        method,
        redirect: "manual",
        headers: {
          ...(cookieJar ? { cookie: cookieJar(), origin: base } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const type = res.headers.get("content-type") ?? "";
      const data = type.includes("json") ? await res.json().catch(() => null) : (await res.arrayBuffer(), null);
      record(kind, performance.now() - started, res.status, data?.code);
      return { status: res.status, body: data };
    } catch (error) {
      record(kind, performance.now() - started, 0, error.name);
      return { status: 0, body: null };
    }
  };
}

/** A signed-in staff account whose requests are timed and recorded like everyone else's. */
async function staffClient(base, username) {
  const session = await signIn(base, username, { timeoutMs: REQUEST_TIMEOUT_MS });
  return { username, cookie: session.cookie(), request: client(base, session.cookie) };
}

// ───────────────────────────────────────────── memory ───────────────────────────────────────────

function procStatus(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb("VmRSS"), anon: kb("RssAnon") };
  } catch {
    return null;
  }
}

/** Every process of a process group, with its command and memory. */
function groupProcesses(pgid) {
  const out = [];
  for (const pid of os.platform() === "linux" ? readdirSync("/proc").filter((n) => /^\d+$/.test(n)) : []) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).slice(0, 4).join(" ");
      const memory = procStatus(pid);
      if (memory) out.push({ pid: Number(pid), command, ...memory });
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/**
 * The app's V8 heap through the inspector (the app is started with --inspect on 127.0.0.1), after
 * a full collection: what stays reachable, which is what a leak grows. Needs `ws` (installed with
 * the dev dependencies); without it the heap is not reported.
 */
async function appHeap(inspectPort) {
  let WebSocket;
  try {
    WebSocket = createRequire(path.join(ROOT, "package.json"))("ws");
  } catch {
    return null;
  }
  const [target] = await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json();
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  let id = 0;
  const call = (method) =>
    new Promise((resolve, reject) => {
      const mine = ++id;
      const onMessage = (data) => {
        const message = JSON.parse(String(data));
        if (message.id !== mine) return;
        socket.off("message", onMessage);
        if (message.error) reject(new Error(message.error.message));
        else resolve(message.result);
      };
      socket.on("message", onMessage);
      socket.send(JSON.stringify({ id: mine, method }));
    });
  try {
    await call("HeapProfiler.enable");
    await call("HeapProfiler.collectGarbage");
    const usage = await call("Runtime.getHeapUsage");
    return { used: usage.usedSize, total: usage.totalSize };
  } finally {
    socket.close();
  }
}

async function memorySnapshot(label, app, inspectPort, sql, database) {
  const processes = groupProcesses(app.pid).map((p) => ({ ...p, kind: "app" }));
  const heap = await appHeap(inspectPort).catch((error) => (log(`heap not read: ${error.message}`), null));
  let backends = null;
  if (sql) {
    const pids = await sql`select pid from pg_stat_activity where datname = ${database}`;
    const stats = pids.map((r) => procStatus(r.pid)).filter(Boolean);
    backends = {
      count: stats.length,
      rss: stats.reduce((n, s) => n + s.rss, 0),
      anon: stats.reduce((n, s) => n + s.anon, 0),
    };
  }
  const self = process.memoryUsage();
  return { label, at: Date.now(), processes, heap, backends, driver: { rss: self.rss, heap: self.heapUsed } };
}

// ─────────────────────────────────────────── the actors ─────────────────────────────────────────

const shanghaiDay = (offsetDays = 0) =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const randomPhone = () => `13${Math.floor(between(0, 10))}${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英";
const randomName = () => pick(SURNAMES) + pick(GIVEN) + (Math.random() < 0.6 ? pick(GIVEN) : "");

/** A villager: finds an item, books a free slot, looks the booking up, and cancels it half the time. */
async function villager(base, catalogue, running) {
  const request = client(base);
  await sleep(between(0, 5_000));
  while (running()) {
    const item = pick(catalogue);
    if (Math.random() < 0.3)
      await request("services search", "GET", `/api/v1/services?q=${encodeURIComponent(item.name.slice(0, 2))}`);
    await request("item page (HTML)", "GET", `/services/${item.code}`);
    await sleep(between(1_000, 3_000));
    const { body } = await request(
      "availability",
      "GET",
      `/api/v1/availability?service=${item.code}&from=${shanghaiDay()}&to=${shanghaiDay(13)}`,
    );
    const open = (body?.slots ?? []).filter((s) => s.remaining > 0);
    if (!running()) break;
    if (open.length) {
      // As on the booking page: the SMS code first (DEMO answers with it), typed in a few seconds later.
      const phone = randomPhone();
      const sent = await request("SMS code", "POST", "/api/v1/phone-codes", { phone });
      if (!running()) break;
      await sleep(between(1_000, 3_000));
      const booked = await request("booking", "POST", "/api/v1/bookings", {
        service: item.code,
        slotId: pick(open).id,
        name: randomName(),
        phone,
        ...(sent.body?.demoCode ? { phoneCode: sent.body.demoCode } : {}),
      });
      if (booked.status === 201) {
        await sleep(between(500, 2_000));
        await request("booking look-up", "GET", `/api/v1/bookings/${booked.body.code}?phone=${phone}`);
        if (Math.random() < 0.5)
          await request("booking cancel", "POST", `/api/v1/bookings/${booked.body.code}/cancel`, { phone });
      }
    }
    if (Math.random() < 0.2) {
      const code = Array.from({ length: 6 }, () => pick(ALPHABET)).join("");
      await request("booking look-up", "GET", `/api/v1/bookings/${code}?phone=${randomPhone()}`);
    }
    await request("queue board", "GET", "/api/v1/queue");
    await sleep(between(2_000, 6_000));
  }
}

/** The kiosk: walk-in tickets at a steady pace into the queues the clerks call. */
async function kiosk(staff, queues, running) {
  while (running()) {
    await staff.request("kiosk ticket", "POST", "/api/v1/tickets", { queue: pick(queues) });
    await sleep(between(1_000, 2_500));
  }
}

/** A clerk at a window: call the next ticket, serve it, take in a case for it, then the next. */
async function clerk(staff, window, catalogue, running) {
  await sleep(between(0, 3_000));
  while (running()) {
    const called = await staff.request("call-next", "POST", `/api/v1/windows/${window.id}/call-next`);
    if (called.status !== 200) {
      await sleep(2_000);
      continue;
    }
    const ticketId = called.body.ticket.id;
    await sleep(between(500, 1_500));
    await staff.request("ticket start", "POST", `/api/v1/tickets/${ticketId}/start`);
    await staff.request("intake draft", "GET", `/api/v1/tickets/${ticketId}/intake`);
    const item = pick(catalogue);
    await sleep(between(1_000, 3_000));
    await staff.request("case intake", "POST", "/api/v1/cases", {
      ticketId,
      service: item.code,
      name: randomName(),
      phone: randomPhone(),
      materials: { received: item.materials, missing: [] },
    });
    await staff.request("desk", "GET", "/api/v1/desk");
    if (Math.random() < 0.2) await staff.request("case list", "GET", "/api/v1/cases?status=accepted");
    await sleep(between(1_000, 3_000));
  }
}

/** A manager: the yearly report (JSON, the page, now and then the workbook). */
async function manager(staff, year, running) {
  let round = 0;
  await sleep(between(0, 5_000));
  while (running()) {
    await staff.request("report (JSON)", "GET", `/api/v1/reports/yearly?year=${year}`);
    await sleep(between(2_000, 5_000));
    await staff.request("report page (HTML)", "GET", `/reports?year=${year}`);
    if (++round % 3 === 0) await staff.request("report workbook", "GET", `/api/v1/reports/yearly.xlsx?year=${year}`);
    await sleep(between(8_000, 15_000));
  }
}

/**
 * A TV: the live stream, signed in as the display device; reconnects (with Last-Event-ID) when it
 * ends, as the browser's EventSource does. The time to the first state is its latency.
 */
function tv(base, cookie, running) {
  const screen = { events: 0, reconnects: 0, lastId: 0, request: null };
  const open = () => {
    if (!running()) return;
    const started = performance.now();
    let first = true;
    const req = http.get(
      new URL("/api/v1/queue/stream", base),
      {
        agent: false,
        headers: {
          accept: "text/event-stream",
          cookie,
          ...(screen.lastId ? { "last-event-id": String(screen.lastId) } : {}),
        },
      },
      (res) => {
        if (res.statusCode !== 200) {
          record("TV stream open", performance.now() - started, res.statusCode);
          res.resume();
          return;
        }
        res.setEncoding("utf8");
        let tail = "";
        res.on("data", (chunk) => {
          const text = tail + chunk;
          if (first && text.includes("event: state")) {
            first = false;
            record("TV stream open", performance.now() - started, 200);
          }
          for (const m of text.matchAll(/^id: (\d+)$/gm)) screen.lastId = Math.max(screen.lastId, Number(m[1]));
          screen.events += (chunk.match(/^event: /gm) ?? []).length;
          tail = text.slice(-200);
        });
        res.on("end", () => {
          if (!running()) return;
          screen.reconnects++;
          setTimeout(open, 1_000);
        });
      },
    );
    req.on("error", (error) => {
      if (!running()) return;
      record("TV stream open", performance.now() - started, 0, error.code ?? error.name);
      screen.reconnects++;
      setTimeout(open, 1_000);
    });
    screen.request = req;
  };
  open();
  return screen;
}

// ───────────────────────────────────────────── the run ──────────────────────────────────────────

function intArg(name, value, min, max) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be an integer from ${min} to ${max}`);
    process.exit(64);
  }
  return n;
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      duration: { type: "string", default: "300" },
      warmup: { type: "string" },
      db: { type: "string", default: "postgres" },
      villagers: { type: "string", default: "50" },
      clerks: { type: "string", default: "4" },
      tvs: { type: "string", default: "10" },
      managers: { type: "string", default: "2" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (args.help) {
    console.log(
      "usage: node bench/soak/run.mjs [--duration 300] [--warmup 60] [--db postgres|pglite] [--villagers 50] [--clerks 4] [--tvs 10] [--managers 2]",
    );
    return;
  }
  const duration = intArg("duration", args.duration, 20, 24 * 3600);
  const opts = {
    duration,
    warmup: intArg("warmup", args.warmup ?? String(Math.min(60, Math.floor(duration / 5))), 5, duration - 10),
    db: args.db,
    villagers: intArg("villagers", args.villagers, 0, 1000),
    clerks: intArg("clerks", args.clerks, 0, 4),
    tvs: intArg("tvs", args.tvs, 0, 1000),
    managers: intArg("managers", args.managers, 0, 20),
  };
  if (!["postgres", "pglite"].includes(opts.db)) {
    console.error("--db must be postgres or pglite");
    process.exit(64);
  }
  requireBuild(ROOT);
  const loadAtStart = loadBefore(log);

  const tag = benchTag();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "yichuang-bench-soak-"));
  const admin = opts.db === "postgres" ? postgres(pgUrl("postgres"), { max: 1, onnotice: () => {} }) : null;
  let appSql = null;
  let app = null;
  let isRunning = false;
  const screens = [];
  const cleanup = async () => {
    isRunning = false;
    for (const s of screens) s.request?.destroy();
    if (app) await stopApp(app).catch(() => {});
    await appSql?.end({ timeout: 2 }).catch(() => {});
    if (admin) {
      await admin.unsafe(`drop database if exists "${tag}" with (force)`).catch(() => {});
      await admin.end({ timeout: 2 }).catch(() => {});
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  process.on("SIGINT", () => void cleanup().finally(() => process.exit(130)));

  try {
    let version = "—";
    if (admin) {
      version = `PostgreSQL ${(await admin`show server_version`)[0].server_version}`;
      await admin.unsafe(`create database "${tag}"`);
    } else version = "PGlite";
    // The inspector, on loopback only, to read the app's heap (startApp passes BENCH_APP_NODE_ARGS on).
    const inspectPort = await freePort();
    process.env.BENCH_APP_NODE_ARGS = [process.env.BENCH_APP_NODE_ARGS ?? "", `--inspect=127.0.0.1:${inspectPort}`]
      .join(" ")
      .trim();
    log(`starting the app on ${version} with the demo data`);
    app = await startApp({
      root: ROOT,
      log,
      logDir: tmp,
      env: {
        ...(admin ? { DATABASE_URL: pgUrl(tag) } : { DATABASE_URL: "", PGLITE_DIR: path.join(tmp, "pglite") }),
        DATA_DIR: path.join(tmp, "data"),
        DEMO: "1",
        // Every simulated person comes from 127.0.0.1: the per-address limits would count them as one.
        RATE_LIMIT_PER_MINUTE: "0",
        KIOSK_TICKETS_PER_MINUTE: "0",
        LOGIN_PER_MINUTE: "1000",
        QUEUE_STREAMS_PER_ADDRESS: String(opts.tvs + 50),
        // Villagers book as in a hall, each with the SMS code its phone got (DEMO answers the code
        // request with it; the per-address cap on code requests is off, as the other limits are).
        PHONE_VERIFICATION: "sms",
        PHONE_CODES_PER_MINUTE: "0",
        BOOKING_MAX_ACTIVE_PER_PHONE: "1000",
        BOOKING_MAX_ACTIVE_PER_APPLICANT: "1000",
      },
    });
    if (admin) appSql = postgres(pgUrl(tag), { max: 1, onnotice: () => {} });

    // The catalogue: bookable window items and their materials (for the clerks' intake).
    const anonymous = client(app.base);
    const services = (await anonymous("services", "GET", "/api/v1/services?channel=window")).body.items;
    const catalogue = [];
    for (const item of services.filter((i) => i.bookable).slice(0, 40)) {
      const detail = (await anonymous("service detail", "GET", `/api/v1/services/${item.code}`)).body;
      catalogue.push({
        code: item.code,
        name: item.name,
        materials: (detail.materials ?? []).map((m) => (typeof m === "string" ? m : m.name)).slice(0, 10),
      });
    }
    const clerks = [];
    for (let i = 1; i <= opts.clerks; i++) clerks.push(await staffClient(app.base, `clerk${i}`));
    const kioskStaff = await staffClient(app.base, "kiosk");
    const windows = (await clerks[0]?.request("windows", "GET", "/api/v1/windows"))?.body?.windows ?? [];
    const managers = [];
    for (let i = 0; i < opts.managers; i++) managers.push(await staffClient(app.base, "manager"));
    const displays = [];
    for (let i = 0; i < opts.tvs; i++) displays.push(await staffClient(app.base, "display"));
    const calledQueues = [...new Set(windows.filter((w) => w.number <= opts.clerks).flatMap((w) => w.queues))];
    const reportYear = Number(shanghaiDay().slice(0, 4)) - 1;

    const start = await memorySnapshot("start (idle, demo loaded)", app, inspectPort, appSql, tag);
    log(
      `load: ${opts.villagers} villagers, ${opts.clerks} clerks and a kiosk, ${opts.tvs} TVs, ${opts.managers} managers for ${opts.duration} s (warm-up ${opts.warmup} s)`,
    );
    isRunning = true;
    const running = () => isRunning;
    const startedAt = Date.now();
    const actors = [
      ...Array.from({ length: opts.villagers }, () => villager(app.base, catalogue, running)),
      ...(clerks.length ? [kiosk(kioskStaff, calledQueues, running)] : []),
      ...clerks.map((c, i) =>
        clerk(
          c,
          windows.find((w) => w.number === i + 1),
          catalogue,
          running,
        ),
      ),
      ...managers.map((m) => manager(m, reportYear, running)),
    ];
    for (const d of displays) screens.push(tv(app.base, d.cookie, running));

    await sleep(opts.warmup * 1000);
    // The figures count from here: the warm-up compiled the routes and filled the caches.
    const warmKinds = new Map([...kinds].map(([k, v]) => [k, v.latencies.length]));
    const warm = await memorySnapshot(`after the ${opts.warmup} s warm-up`, app, inspectPort, appSql, tag);
    const samples = [warm];
    const sampleEvery = Math.max(10, Math.floor((opts.duration - opts.warmup) / 10)) * 1000;
    while (Date.now() - startedAt < opts.duration * 1000) {
      await sleep(Math.min(sampleEvery, opts.duration * 1000 - (Date.now() - startedAt)));
      const sample = await memorySnapshot(
        `${Math.round((Date.now() - startedAt) / 1000)} s`,
        app,
        inspectPort,
        appSql,
        tag,
      );
      samples.push(sample);
      const rss = sample.processes.reduce((n, p) => n + p.rss, 0);
      log(
        `${sample.label}: app RSS ${mb(rss)} MB, heap ${mb(sample.heap?.used)} MB; ${[...kinds.values()].reduce((n, k) => n + k.latencies.length, 0)} requests`,
      );
    }
    isRunning = false;
    for (const s of screens) s.request?.destroy();
    await Promise.all(actors);
    const end = samples.at(-1);
    end.label = `end (${opts.duration} s, under load)`;
    await sleep(5_000);
    const settled = await memorySnapshot("5 s after the load stopped", app, inspectPort, appSql, tag);

    // ── the table ──
    const rows = [...kinds]
      .map(([kind, k]) => {
        const after = k.latencies.slice(warmKinds.get(kind) ?? 0).sort((a, b) => a - b);
        const all = k.latencies.length;
        const status5xx = [...k.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
        const status4xx = [...k.statuses].filter(([s]) => s >= 400 && s < 500).reduce((n, [, c]) => n + c, 0);
        const codes = [...k.codes].map(([c, n]) => `${c} ${n}`).join(", ");
        return { kind, all, after, status5xx, status4xx, codes, network: k.networkErrors, examples: k.examples };
      })
      .sort((a, b) => b.all - a.all);
    const total5xx = rows.reduce((n, r) => n + r.status5xx, 0);
    const totalNetwork = rows.reduce((n, r) => n + r.network, 0);
    const appRss = (s) => s.processes.reduce((n, p) => n + p.rss, 0);
    const rssGrowth = growth(appRss(warm), appRss(end));
    const heapGrowth = growth(warm.heap?.used, end.heap?.used);
    const backendGrowth = growth(warm.backends?.anon, end.backends?.anon);
    const checks = [
      ["no 5xx answer", total5xx === 0],
      ["no request failed or timed out (network errors)", totalNetwork === 0],
      ["app RSS growth after the warm-up < 10 %", rssGrowth < TARGETS.memoryGrowth],
      ...(warm.heap
        ? [["app V8 heap (after a full GC) growth after the warm-up < 10 %", heapGrowth < TARGETS.memoryGrowth]]
        : []),
    ];
    const tvEvents = screens.reduce((n, s) => n + s.events, 0);
    const tvReconnects = screens.reduce((n, s) => n + s.reconnects, 0);
    const memoryRow = (s) =>
      `| ${s.label} | ${mb(appRss(s))} | ${mb(s.heap?.used)} / ${mb(s.heap?.total)} | ${s.backends ? `${s.backends.count}: ${mb(s.backends.rss)} / ${mb(s.backends.anon)}` : "—"} | ${mb(s.driver.rss)} / ${mb(s.driver.heap)} |`;
    const table = [
      `# Soak: ${opts.duration} s of mixed load on one app instance (${version})`,
      "",
      `Run ${new Date(startedAt).toISOString()} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}; load average before ${loadAtStart.toFixed(2)}, at the end ${os.loadavg()[0].toFixed(2)}. ${opts.villagers} villagers (item page, availability, an SMS code, booking with it, look-up, cancel half the time, the queue board; 2–6 s between visits), ${opts.clerks} clerks at windows 1–${opts.clerks} (call-next, start, intake draft, case intake, desk) fed by the kiosk (a walk-in ticket every 1–2.5 s), ${opts.tvs} TVs on the live stream (signed in as the display device), ${opts.managers} managers (yearly report as JSON and page every 10–20 s, the workbook every third time). Latencies after the ${opts.warmup} s warm-up; requests and errors over the whole run.`,
      "",
      "| request | requests | p50 ms | p99 ms | max ms | 4xx (codes) | 5xx | network errors |",
      "|---|---:|---:|---:|---:|---|---:|---:|",
      ...rows.map(
        (r) =>
          `| ${r.kind} | ${r.all} | ${fmt(percentile(r.after, 50))} | ${fmt(percentile(r.after, 99))} | ${fmt(r.after.at(-1))} | ${r.status4xx ? `${r.status4xx} (${r.codes})` : "0"} | ${r.status5xx} | ${r.network} |`,
      ),
      "",
      `TVs: ${tvEvents} events received by ${screens.length} streams, ${tvReconnects} reconnects.`,
      "",
      "| memory | app RSS MB | app heap used / total MB (after GC) | PostgreSQL backends of the app: RSS / private MB | this driver RSS / heap MB |",
      "|---|---:|---:|---:|---:|",
      memoryRow(start),
      ...samples.map(memoryRow),
      memoryRow(settled),
      "",
      `Growth from the end of the warm-up to the end: app RSS ${pct(rssGrowth)}, app heap ${pct(heapGrowth)}, PostgreSQL backends' private memory ${pct(backendGrowth)}.`,
      "",
      "The app's processes at the end:",
      "",
      ...end.processes.map((p) => `- pid ${p.pid} \`${p.command}\`: RSS ${mb(p.rss)} MB`),
      "",
      "| target | met |",
      "|---|---|",
      ...checks.map(([what, ok]) => `| ${what} | ${ok ? "yes" : "**no**"} |`),
      "",
      ...(rows.some((r) => r.examples.length)
        ? [
            "Errors seen:",
            "",
            ...rows.filter((r) => r.examples.length).map((r) => `- ${r.kind}: ${r.examples.join("; ")}`),
            "",
          ]
        : []),
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

await main();
