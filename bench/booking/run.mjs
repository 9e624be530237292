#!/usr/bin/env node
// Load benchmark of the booking API: autocannon against `next start` (on PostgreSQL and on PGlite)
// beside a bare node:http + postgres.js server doing one INSERT / one point SELECT, in one run.
//
//   node bench/booking/run.mjs [--duration 10] [--connections 50] [--warmup 2] [--slots 8] [--days 14]
//                              [--db all|postgres|pglite]
//
// Needs the production build in .next (it never builds) and PostgreSQL on 127.0.0.1:5432 (user
// postgres, trust auth; PGHOST/PGPORT/PGUSER/PGPASSWORD override). Everything it creates — child
// processes, databases yichuang_bench_*, a temp folder — is removed on exit, error or Ctrl-C.
// See bench/booking/README.md.

import { spawnSync } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  existsSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  benchTag,
  freePort,
  loadBefore,
  pgUrl,
  requireBuild,
  startApp,
  startProcess,
  stopAll,
  stopApp,
  waitReady,
  dropDatabaseSync,
} from "../support/app.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
// Issue 14's Done-when: on PostgreSQL each request's rate as a share of `/api/health` of the same
// run, with its p99; on PGlite each request's rate as a share of the same request's on PostgreSQL;
// a booking in at most 5 statements and 6 round trips; the outbox empty within a minute of a
// full-speed booking run.
const TARGETS = {
  bookingOfHealth: 0.35,
  availabilityOfHealth: 0.5,
  p99Ms: 150,
  pgliteOfPostgres: 0.7,
  pgliteP99Ms: 1000,
  statements: 5,
  roundTrips: 6,
  outboxEmptyS: 60,
};
// The outbox is watched this long after the booking run before the bench gives up on it.
const OUTBOX_WATCH_S = 120;
// A request unanswered after this long counts as an error (a timeout); long enough that slow tails
// show up in the latency rather than as errors.
const REQUEST_TIMEOUT_S = 30;
// A run with more than this share of non-2xx responses or errors is reported as invalid.
const INVALID_SHARE = 0.05;
// The app's settings for this bench, beside those startApp sets. Each booking is a villager's own,
// with the SMS code its phone got (PHONE_VERIFICATION on, as in a hall): before each booking run the
// bench asks the app for a code for each phone it will book (POST /api/v1/phone-codes; DEMO answers
// with the code instead of the bench reading the SMS, and the per-address cap is off).
const APP_ENV = {
  DEMO: "1",
  RATE_LIMIT_PER_MINUTE: "0",
  PHONE_CODES_PER_MINUTE: "0",
  BOOKING_MAX_ACTIVE_PER_PHONE: "1000",
  PHONE_VERIFICATION: "sms",
};
// Codes asked for per second of a booking run (warm-up included): more than any run here books.
const CODES_PER_SECOND = 900;

// ───────────────────────────── the bare baseline server (child process) ─────────────────────────

async function bareServer() {
  const { default: postgres } = await import("postgres");
  const sql = postgres(process.env.BARE_DATABASE_URL, {
    max: 10,
    onnotice: () => {},
    connection: { TimeZone: "Asia/Shanghai" },
  });
  const send = (res, status, body) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(text),
    });
    res.end(text);
  };
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://bare");
      if (req.method === "POST" && url.pathname === "/insert") {
        const chunks = [];
        for await (const chunk of req) chunks.push(chunk);
        const b = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        const code = Math.random().toString(36).slice(2, 10).toUpperCase();
        const [row] = await sql`
          insert into bench_bookings (code, service, slot_id, name, phone, phone_masked)
          values (${code}, ${b.service}, ${b.slotId}, ${b.name}, ${b.phone}, ${b.phone.slice(0, 3) + "****" + b.phone.slice(7)})
          returning id, code, created_at`;
        return send(res, 201, row);
      }
      if (req.method === "GET" && url.pathname === "/select") {
        const [row] =
          await sql`select id, code, name, category, channels from bench_items where id = ${Number(url.searchParams.get("id"))}`;
        return row ? send(res, 200, row) : send(res, 404, { error: "not_found" });
      }
      if (url.pathname === "/health") return send(res, 200, { status: "ok" });
      send(res, 404, { error: "not_found" });
    } catch (error) {
      send(res, 500, { error: String(error?.message ?? error) });
    }
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT), "127.0.0.1");
  const stop = () => server.close(() => sql.end({ timeout: 2 }).finally(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// ───────────────────────────────────────── the driver ───────────────────────────────────────────

async function main() {
  const { values: args } = parseArgs({
    options: {
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "50" },
      warmup: { type: "string", default: "2" },
      slots: { type: "string", default: "8" },
      days: { type: "string", default: "14" },
      db: { type: "string", default: "all" },
      "skip-round-trips": { type: "boolean", default: false },
      diagnose: { type: "boolean", default: false },
      profile: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (args.help) {
    console.log(
      "usage: node bench/booking/run.mjs [--duration 10] [--connections 50] [--warmup 2] [--slots 8] [--days 14] [--db all|postgres|pglite] [--skip-round-trips] [--diagnose] [--profile DIR]",
    );
    return;
  }
  const opts = {
    duration: intArg("duration", args.duration, 1, 300),
    connections: intArg("connections", args.connections, 1, 1000),
    warmup: intArg("warmup", args.warmup, 0, 60),
    slots: intArg("slots", args.slots, 1, 24),
    days: intArg("days", args.days, 0, 14),
    db: args.db,
    roundTrips: !args["skip-round-trips"],
    // --profile DIR: a CPU profile of the app per measured run, DIR/<db>-<run>.cpuprofile (implies --diagnose).
    profile: args.profile ? path.resolve(args.profile) : null,
    diagnose: args.diagnose || Boolean(args.profile),
  };
  if (opts.profile) mkdirSync(opts.profile, { recursive: true });
  if (!["all", "postgres", "pglite"].includes(opts.db)) {
    console.error("--db must be all, postgres or pglite");
    process.exit(64);
  }
  // The bare baseline runs on PostgreSQL: with --db pglite there is none, and PGlite's own
  // /api/health run is the reference instead.
  const onPostgres = opts.db !== "pglite";
  const onPglite = opts.db !== "postgres";

  const { default: autocannon } = await import("autocannon");
  const { default: postgres } = await import("postgres");

  // ── resources, and their cleanup ──
  const tag = benchTag();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "yichuang-bench-"));
  const databases = new Set();
  const sqlClients = new Set();
  let pglite = null;
  let currentCannon = null;
  let monitorSql = null;
  let cleaning = null;

  const log = (msg) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

  async function cleanup() {
    cleaning ??= (async () => {
      try {
        currentCannon?.stop();
      } catch {
        // best effort: already gone
      }
      await stopAll();
      if (pglite) await pglite.close().catch(() => {});
      monitorSql = null;
      await Promise.all([...sqlClients].map((s) => s.end({ timeout: 2 }).catch(() => {})));
      if (databases.size) {
        const admin = postgres(pgUrl("postgres"), { max: 1, onnotice: () => {}, connect_timeout: 5 });
        for (const db of databases) {
          try {
            await admin.unsafe(`drop database if exists "${db}" with (force)`);
            databases.delete(db);
          } catch (error) {
            log(`could not drop database ${db}: ${error.message}`);
          }
        }
        await admin.end({ timeout: 2 }).catch(() => {});
      }
      rmSync(tmp, { recursive: true, force: true });
    })();
    return cleaning;
  }

  // Last resort when the process exits without the async cleanup having finished (the servers'
  // process groups are killed by bench/support/app.mjs).
  process.on("exit", () => {
    for (const db of databases) dropDatabaseSync(db);
    try {
      rmSync(tmp, { recursive: true, force: true });
    } catch {
      // best effort
    }
  });
  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      log(`${signal}: cleaning up (again to force)`);
      cleanup().finally(() => process.exit(130));
    });
  }

  // Bounded in time: every phase has its own timeout, and this is the ceiling for the whole run.
  const perRun = opts.warmup + opts.duration + 15;
  // Plus, per database, the SMS codes of its booking run (asked for at 200 a second or more).
  const codesS = ((opts.warmup + opts.duration) * CODES_PER_SECOND) / 200;
  // Measured runs: the two bare ones, and per database four yardsticks, availability and booking;
  // per database two unmeasured warm-ups.
  const warmS = Math.max(5, opts.warmup) + 15;
  const budgetMs = (14 * (perRun + REQUEST_TIMEOUT_S) + 4 * warmS + 2 * codesS + 3 * 240 + 120) * 1000;
  const watchdog = setTimeout(() => {
    log(`the run took longer than ${Math.round(budgetMs / 1000)} s: giving up`);
    cleanup().finally(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();

  // ── helpers ──
  // --diagnose: the app reports its event-loop delay and GC pauses per measured run
  // (bench/support/diagnose.mjs), and PostgreSQL's backends are sampled meanwhile.
  const diagnoseFile = path.join(tmp, "diagnose.jsonl");
  const start = (name, env) =>
    startApp({
      root: ROOT,
      name,
      log,
      logDir: tmp,
      env: {
        ...APP_ENV,
        ...env,
        ...(opts.diagnose ? { BENCH_DIAGNOSE_FILE: diagnoseFile } : {}),
        ...(opts.profile ? { BENCH_PROFILE_DIR: opts.profile } : {}),
      },
      nodeArgs: opts.diagnose ? ["--import", pathToFileURL(path.join(ROOT, "bench/support/diagnose.mjs")).href] : [],
    });

  // What the app's diagnose.cjs saw since the last call (null without --diagnose or for the bare server).
  async function appDiagnosis(server) {
    if (!opts.diagnose || server.name === "bare") return null;
    const lines = () =>
      existsSync(diagnoseFile) ? readFileSync(diagnoseFile, "utf8").split("\n").filter(Boolean) : [];
    const before = lines().length;
    process.kill(server.pid, "SIGUSR2");
    for (let i = 0; i < 50 && lines().length === before; i++) await new Promise((r) => setTimeout(r, 20));
    const all = lines();
    return all.length > before ? JSON.parse(all.at(-1)) : null;
  }

  // The PostgreSQL backends of the app's database, sampled every 20 ms: how many were running,
  // waiting for a lock, for the WAL, idle in a transaction (waiting for the app), or idle.
  function sampleBackends(pgDb) {
    if (!opts.diagnose || !pgDb || !monitorSql) return () => null;
    const totals = { active: 0, lock: 0, wal: 0, otherWait: 0, idleInTransaction: 0, idle: 0 };
    let samples = 0;
    let busy = false;
    const timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        const rows = await monitorSql`
          select state, wait_event_type, wait_event from pg_stat_activity
          where datname = ${pgDb} and backend_type = 'client backend'`;
        samples += 1;
        for (const r of rows) {
          if (r.state === "idle") totals.idle += 1;
          else if (r.state?.startsWith("idle in transaction")) totals.idleInTransaction += 1;
          else if (r.wait_event_type === "Lock") totals.lock += 1;
          else if (r.wait_event_type === "IO" || (r.wait_event_type === "LWLock" && /^WAL/.test(r.wait_event ?? "")))
            totals.wal += 1;
          else if (!r.wait_event_type || r.wait_event_type === "Client") totals.active += 1;
          else totals.otherWait += 1;
        }
      } finally {
        busy = false;
      }
    }, 20);
    return () => {
      clearInterval(timer);
      return samples ? Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v / samples])) : null;
    };
  }

  async function getJson(url) {
    const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
    const body = await res.json();
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  function cannon(options) {
    return new Promise((resolve, reject) => {
      const instance = autocannon(
        { connections: opts.connections, timeout: REQUEST_TIMEOUT_S, ...options },
        (error, result) => {
          currentCannon = null;
          if (error) reject(error);
          else resolve(result);
        },
      );
      currentCannon = instance;
    });
  }

  // CPU accounting from /proc (Linux): the server's process group, the PostgreSQL backends of its
  // database, this process (autocannon), and whatever else the machine did meanwhile.
  async function cpuSnapshot(server, pgDb) {
    if (!HAS_PROC) return null;
    let pgPids = [];
    if (pgDb && monitorSql)
      pgPids = (await monitorSql`select pid from pg_stat_activity where datname = ${pgDb}`).map((r) => r.pid);
    return {
      at: process.hrtime.bigint(),
      machine: machineBusy(),
      server: groupSeconds(server.pid),
      pg: new Map(pgPids.map((pid) => [pid, procSeconds(pid)?.cpu ?? 0])),
      self: process.cpuUsage(),
    };
  }
  function cpuDelta(a, b) {
    if (!a || !b) return null;
    const wall = Number(b.at - a.at) / 1e9;
    const server = b.server - a.server;
    // Backends that appeared during the run count from zero.
    let pg = 0;
    for (const [pid, seconds] of b.pg) pg += seconds - (a.pg.get(pid) ?? 0);
    const self = (b.self.user - a.self.user + b.self.system - a.self.system) / 1e6;
    const machine = b.machine - a.machine;
    return { wall, server, pg, self, others: Math.max(0, machine - server - pg - self) / wall };
  }

  async function measure(label, options, server, pgDb) {
    if (interrupted) throw new Error("interrupted");
    const warm = opts.warmup > 0 ? await cannon({ ...options, duration: opts.warmup }) : null;
    // The warm-up's last requests are still being served when autocannon stops (it abandons
    // them, the server does not): the measured run starts once the machine is quiet again, or
    // its first requests would queue behind them (twice the connections it measures).
    if (warm) await settle();
    const load = os.loadavg()[0];
    await appDiagnosis(server);
    const stopSampling = sampleBackends(pgDb);
    const before = await cpuSnapshot(server, pgDb);
    const r = await cannon({ ...options, duration: opts.duration });
    const cpu = cpuDelta(before, await cpuSnapshot(server, pgDb));
    const backends = stopSampling();
    const diagnosis = await appDiagnosis(server);
    if (diagnosis?.profile) {
      const named = path.join(opts.profile, `${label.replace(/[^\w]+/g, "-").replace(/^-|-$/g, "")}.cpuprofile`);
      renameSync(diagnosis.profile, named);
      log(`profile of ${label}: ${named}`);
    }
    const total = r["2xx"] + r.non2xx;
    const statuses = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
    const result = {
      label,
      load,
      warmupOk: warm ? warm["2xx"] : 0,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      ok: r["2xx"],
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      total,
      statuses,
      serverMs: cpu && total ? (cpu.server * 1000) / total : null,
      pgMs: cpu && pgDb && total ? (cpu.pg * 1000) / total : null,
      others: cpu ? cpu.others : null,
      cannonCores: cpu ? cpu.self / cpu.wall : null,
      diagnosis,
      backends,
    };
    const bad = r.non2xx + r.errors;
    result.valid = total > 0 && bad <= total * INVALID_SHARE;
    log(
      `${label} (load ${load.toFixed(2)}): ${fmt(result.rps)} req/s, p50 ${result.p50} ms, ` +
        `p90 ${r.latency.p90} ms, p97.5 ${r.latency.p97_5} ms, p99 ${result.p99} ms, max ${r.latency.max} ms, ` +
        `${total} responses ${JSON.stringify(statuses)}, ${r.errors} errors, ${r.timeouts} timeouts` +
        (cpu
          ? `, CPU/req server ${fmtMs(result.serverMs)} ms, PostgreSQL ${fmtMs(result.pgMs)} ms, other processes ${cpu.others.toFixed(2)} cores`
          : "") +
        (result.valid ? "" : "  ← INVALID"),
    );
    return result;
  }

  // Unique phones across the whole run: 13 + 9 digits, from a random offset.
  let phoneCounter = Math.floor(Math.random() * 500_000_000);
  const nextPhone = () => `13${String(phoneCounter++ % 1_000_000_000).padStart(9, "0")}`;

  // A code for each of `count` new phones, asked for through the app, 50 at a time.
  async function phoneCodes(base, count) {
    const codes = [];
    const worker = async () => {
      while (codes.length < count && !interrupted) {
        const phone = nextPhone();
        const res = await fetch(`${base}/api/v1/phone-codes`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ phone }),
          signal: AbortSignal.timeout(15_000),
        });
        const body = await res.json();
        if (res.status !== 202 || !body.demoCode)
          throw new Error(`POST /api/v1/phone-codes: ${res.status} ${JSON.stringify(body)}`);
        codes.push({ phone, phoneCode: body.demoCode });
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    return codes;
  }

  // Each booking with a phone of its own and that phone's code; once the codes run out, without a
  // code (answered 422, so that the run shows it rather than books on). The bare INSERT gets none.
  const bookingBody = (service, slotIds, codes = []) => {
    let i = 0;
    return (req) => {
      const { phone, phoneCode } = codes[i] ?? { phone: nextPhone() };
      req.body = JSON.stringify({ service, slotId: slotIds[i++ % slotIds.length], name: "张三", phone, phoneCode });
      return req;
    };
  };

  // Big slots in the first window session two or more days ahead (Asia/Shanghai), 10 min apart.
  const bigSlotsSql = `
    insert into slots (hall_id, session_id, starts_at, ends_at, capacity, online_capacity)
    select s.hall_id, s.id,
           (s.date + time '19:00' + k * interval '10 minutes') at time zone 'Asia/Shanghai',
           (s.date + time '19:30' + k * interval '10 minutes') at time zone 'Asia/Shanghai',
           32000, 32000
    from (select hall_id, id, date from service_sessions
          where channel = 'window' and not is_cancelled
            and date >= (now() at time zone 'Asia/Shanghai')::date + 2
          order by date limit 1) s,
         generate_series(0, ${opts.slots - 1}) k
    returning id`;

  async function pickItem(base) {
    const { items } = await getJson(`${base}/api/v1/services`);
    const item = items.find((i) => i.bookable && i.channels?.includes("window"));
    if (!item) throw new Error("no bookable item with the window channel in /api/v1/services");
    return item.code;
  }

  async function checkSlots(base, service, slotIds, from, to) {
    const { slots } = await getJson(`${base}/api/v1/availability?service=${service}&from=${from}&to=${to}`);
    const missing = slotIds.filter((id) => !slots.some((s) => s.id === id && s.remaining >= 30_000));
    if (missing.length)
      throw new Error(`the big slots ${missing.join(", ")} are not offered by availability of ${service}`);
  }

  async function appRuns(dbLabel, app, service, slotIds, pgDb) {
    const today = shanghaiToday();
    const availabilityPath = `/api/v1/availability?service=${service}&from=${today}&to=${addDays(today, opts.days)}`;
    await checkSlots(app.base, service, slotIds, today, addDays(today, 14));
    const sample = await getJson(app.base + availabilityPath);
    log(`${dbLabel}: availability answers ${sample.slots.length} slots (${JSON.stringify(sample).length} bytes)`);
    // The yardstick: the cheapest route of the app (one `select 1`), the framework's own ceiling,
    // measured right before and right after each measured request's run, so that each share is of
    // the yardstick at the same time: on a shared machine the speed drifts by up to a third over
    // the minutes of a run (on 2026-11-28 one machine measured the same availability at 2.71 and,
    // half an hour later, 1.25 ms of CPU per request).
    const yardstick = async (when) => ({
      ...(await measure(`app health (${dbLabel}, ${when})`, { url: `${app.base}/api/health` }, app, pgDb)),
      when,
    });
    // The app has only just started: without this the first yardstick ran a quarter slower than
    // the later ones (cold routes and code), whatever the machine did.
    for (const url of [`${app.base}/api/health`, app.base + availabilityPath])
      await cannon({ url, duration: Math.max(5, opts.warmup) });
    await settle();
    const healthBefore = await yardstick("before availability");
    const availability = await measure(
      `app availability (${dbLabel})`,
      { url: app.base + availabilityPath },
      app,
      pgDb,
    );
    const healthBetween = await yardstick("after availability");
    const wanted = Math.ceil((opts.warmup + opts.duration) * CODES_PER_SECOND);
    const asked = Date.now();
    const codes = await phoneCodes(app.base, wanted);
    log(`${dbLabel}: ${codes.length} SMS codes asked for in ${((Date.now() - asked) / 1000).toFixed(1)} s`);
    // Their SMS are sent before the booking run starts; on PGlite the confirmations are then
    // counted from here (the log sender's line does not say which kind it sent).
    await watchOutbox(`${dbLabel} (the codes' SMS)`, app, pgDb, 0);
    const sentBefore = pgDb ? 0 : countSent(app.logFile);
    // Right before the booking run: after the codes and their SMS, which took a minute or so.
    const healthBeforeBooking = await yardstick("before booking");
    const booking = await measure(
      `app booking (${dbLabel})`,
      {
        url: app.base,
        requests: [
          {
            method: "POST",
            path: "/api/v1/bookings",
            headers: { "content-type": "application/json" },
            setupRequest: bookingBody(service, slotIds, codes),
          },
        ],
      },
      app,
      pgDb,
    );
    const outbox = await watchOutbox(dbLabel, app, pgDb, booking.warmupOk + booking.ok, sentBefore);
    // After the outbox is empty, so that its sends do not disturb it.
    const healthAfter = await yardstick("after booking");
    return {
      availability,
      booking,
      healths: [healthBefore, healthBetween, healthBeforeBooking, healthAfter],
      // Each run's yardstick: the mean rate of the two health runs on either side of it.
      yardstickOf: {
        availability: (healthBefore.rps + healthBetween.rps) / 2,
        booking: (healthBeforeBooking.rps + healthAfter.rps) / 2,
      },
      outbox,
      slotsInResponse: sample.slots.length,
    };
  }

  // How long after the booking run the outbox is empty. On PostgreSQL: no pending row left,
  // polled every 100 ms. On PGlite no second process may open the folder while the app runs: the
  // log sender's lines in the app's log are counted until they stop growing (at least one per
  // booking autocannon counted; it does not count the answers still in flight when a run ends),
  // and once the app has stopped the outbox itself says what is pending and when the last
  // confirmation was sent (pgliteOutbox).
  async function watchOutbox(dbLabel, app, pgDb, booked, sentBefore = 0) {
    const endedAt = Date.now();
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    if (!pgDb) {
      let sent = countSent(app.logFile) - sentBefore;
      let still = 0;
      while ((sent < booked || still < 10) && seconds() < OUTBOX_WATCH_S && !interrupted) {
        await sleep(100);
        const now = countSent(app.logFile) - sentBefore;
        still = now === sent ? still + 1 : 0;
        sent = now;
      }
      log(`${dbLabel}: ${sent} SMS in the log ${seconds().toFixed(1)} s after the run`);
      return { endedAt, booked };
    }
    const atEnd = await countPending(pgDb);
    let left = atEnd;
    while (left > 0 && seconds() < OUTBOX_WATCH_S && !interrupted) {
      await sleep(100);
      left = await countPending(pgDb);
    }
    const result = { atEnd, left, seconds: seconds(), booked };
    log(
      `${dbLabel}: outbox ${atEnd} pending at the end of the booking run, ` +
        (left > 0 ? `${left} still pending after ${OUTBOX_WATCH_S} s` : `empty ${result.seconds.toFixed(1)} s later`),
    );
    return result;
  }
  async function pgliteOutbox(dir, watched) {
    const { PGlite } = await import("@electric-sql/pglite");
    pglite = await PGlite.create(dir);
    const {
      rows: [row],
    } = await pglite.query(
      `select count(*) filter (where status = 'pending')::int as "left",
              count(*) filter (where status = 'pending' or sent_at > to_timestamp($1 / 1000.0))::int as "atEnd",
              extract(epoch from max(sent_at)) * 1000 as "lastSent"
       from sms_outbox where kind = 'confirmation'`,
      [watched.endedAt],
    );
    await pglite.close();
    pglite = null;
    const seconds = Math.max(0, (Number(row.lastSent) - watched.endedAt) / 1000);
    const result = { atEnd: row.atEnd, left: row.left, seconds, booked: watched.booked, stoppedApp: true };
    log(
      `PGlite: outbox ${row.atEnd} pending at the end of the booking run, ` +
        (row.left > 0 ? `${row.left} still pending when the app stopped` : `empty ${seconds.toFixed(1)} s later`),
    );
    return result;
  }
  async function countPending(db) {
    const sql = postgres(pgUrl(db), { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql`select count(*)::int as n from sms_outbox where status = 'pending'`;
      return row.n;
    } finally {
      await sql.end({ timeout: 2 });
    }
  }
  const logOffsets = new Map();
  function countSent(file) {
    const seen = logOffsets.get(file) ?? { offset: 0, count: 0, rest: "" };
    const fd = openSync(file, "r");
    try {
      const size = fstatSync(fd).size;
      if (size > seen.offset) {
        const buffer = Buffer.alloc(size - seen.offset);
        readSync(fd, buffer, 0, buffer.length, seen.offset);
        const lines = (seen.rest + buffer.toString("utf8")).split("\n");
        seen.rest = lines.pop();
        seen.count += lines.filter((l) => l.startsWith("[sms] to ")).length;
        seen.offset = size;
      }
    } finally {
      closeSync(fd);
    }
    logOffsets.set(file, seen);
    return seen.count;
  }

  const results = {};
  const meta = {};
  let failure = null;
  requireBuild(ROOT);
  try {
    meta.loadBefore = loadBefore(log);
    if (opts.roundTrips) meta.roundTrips = await countRoundTrips();
    if (onPostgres) await postgresRuns();
    if (onPglite) await pgliteRuns();
  } catch (error) {
    failure = error;
  }

  // Statements and round trips of one booking, as test/integration/booking-round-trips.test.ts
  // counts them in the frontend messages the app sends (on a throw-away database of its own; before
  // the load runs, so that it disturbs none of them).
  async function countRoundTrips() {
    const projects = [onPostgres && "postgres", onPglite && "pglite"].filter(Boolean);
    log(`counting a booking's statements and round trips (vitest, ${projects.join(" and ")})`);
    const vitest = startProcess({
      name: "round-trips",
      args: [
        path.join(ROOT, "node_modules/vitest/vitest.mjs"),
        "run",
        "test/integration/booking-round-trips.test.ts",
        ...projects.flatMap((p) => ["--project", p]),
      ],
      env: { ...process.env, TEST_DATABASE_URL: pgUrl("postgres") },
      cwd: ROOT,
      logDir: tmp,
      log,
    });
    const exit = await Promise.race([vitest.exited, new Promise((r) => setTimeout(() => r(null), 300_000))]);
    if (exit === null) await stopApp(vitest);
    const output = readFileSync(vitest.logFile, "utf8");
    const counts = {};
    for (const [, db, label, json] of output.matchAll(/\[round-trips\] (postgres|pglite), ([^:]+): (\{.*?\})/g))
      (counts[db] ??= {})[label] = JSON.parse(json);
    const passed = exit?.code === 0;
    log(`round trips: ${JSON.stringify(counts)}${passed ? "" : " (the test FAILED or timed out: see the report)"}`);
    return { counts, passed };
  }

  async function postgresRuns() {
    const admin = postgres(pgUrl("postgres"), { max: 1, onnotice: () => {}, connect_timeout: 5 });
    sqlClients.add(admin);
    meta.pgVersion = (await admin`show server_version`)[0].server_version;
    const bareDb = `${tag}_bare`;
    const appDb = `${tag}_app`;
    for (const db of [bareDb, appDb]) {
      databases.add(db);
      await admin.unsafe(`create database "${db}"`);
    }
    // Kept open (one connection, on the `postgres` database) to find the backends to account for.
    monitorSql = admin;

    // ── 1. bare node:http + postgres.js ──
    log("bare server: preparing tables");
    const bareSql = postgres(pgUrl(bareDb), { max: 1, onnotice: () => {} });
    sqlClients.add(bareSql);
    await bareSql`create table bench_bookings (
      id integer generated always as identity primary key, code text not null, service text not null, slot_id integer not null,
      name text not null, phone text not null, phone_masked text not null, status text not null default 'confirmed',
      created_at timestamptz not null default now())`;
    await bareSql`create table bench_items (id integer primary key, code text not null, name text not null, category text not null, channels text[] not null)`;
    await bareSql`insert into bench_items select i, 'ABC-' || lpad(i::text, 3, '0'), '事项 ' || i, 'social', array['window'] from generate_series(1, 200) i`;
    await bareSql`analyze`;
    await bareSql.end();
    sqlClients.delete(bareSql);

    const barePort = await freePort();
    const bare = startProcess({
      name: "bare",
      args: [fileURLToPath(import.meta.url), "--bare-server"],
      env: { ...process.env, PORT: String(barePort), BARE_DATABASE_URL: pgUrl(bareDb) },
      cwd: ROOT,
      logDir: tmp,
      log,
    });
    const bareBase = `http://127.0.0.1:${barePort}`;
    await waitReady(bare, `${bareBase}/health`, { timeoutMs: 30_000 });
    results.bareInsert = await measure(
      "bare INSERT",
      {
        url: bareBase,
        requests: [
          {
            method: "POST",
            path: "/insert",
            headers: { "content-type": "application/json" },
            setupRequest: bookingBody("ABC-001", [1, 2, 3]),
          },
        ],
      },
      bare,
      bareDb,
    );
    let selectId = 0;
    results.bareSelect = await measure(
      "bare SELECT",
      {
        url: bareBase,
        requests: [
          {
            method: "GET",
            path: "/select?id=1",
            setupRequest: (req) => ({ ...req, path: `/select?id=${(selectId++ % 200) + 1}` }),
          },
        ],
      },
      bare,
      bareDb,
    );
    await stopApp(bare);

    // ── 2. the app on PostgreSQL ──
    const pgApp = await start("app-postgres", {
      DATABASE_URL: pgUrl(appDb),
      DATA_DIR: path.join(tmp, "data-postgres"),
    });
    if (pgApp.health.db !== "postgres") throw new Error(`app-postgres reports db ${pgApp.health.db}`);
    meta.service = await pickItem(pgApp.base);
    const appSql = postgres(pgUrl(appDb), { max: 1, onnotice: () => {} });
    sqlClients.add(appSql);
    const pgSlotIds = (await appSql.unsafe(bigSlotsSql)).map((r) => Number(r.id));
    await appSql.end();
    sqlClients.delete(appSql);
    if (pgSlotIds.length !== opts.slots)
      throw new Error(`created ${pgSlotIds.length} big slots on PostgreSQL, wanted ${opts.slots}`);
    log(`PostgreSQL: item ${meta.service}, big slots ${pgSlotIds.join(", ")}`);
    results.pg = await appRuns("PostgreSQL", pgApp, meta.service, pgSlotIds, appDb);
    await stopApp(pgApp);
  }

  async function pgliteRuns() {
    // ── 3. the app on PGlite: start once (migrate, materialise), stop, add the big slots, start again ──
    const pgliteDir = path.join(tmp, "pglite");
    const pgliteEnv = { PGLITE_DIR: pgliteDir, DATA_DIR: path.join(tmp, "data-pglite") };
    const first = await start("app-pglite-init", pgliteEnv);
    if (first.health.db !== "pglite") throw new Error(`app-pglite reports db ${first.health.db}`);
    await stopApp(first, 30_000);
    const lock = `${pgliteDir}.pid`;
    if (existsSync(lock)) {
      log(`${lock} left behind by the stopped server: removing it`);
      rmSync(lock, { force: true });
    }
    const { PGlite } = await import("@electric-sql/pglite");
    pglite = await PGlite.create(pgliteDir);
    const pgliteSlotIds = (await pglite.query(bigSlotsSql)).rows.map((r) => Number(r.id));
    await pglite.close();
    pglite = null;
    if (pgliteSlotIds.length !== opts.slots)
      throw new Error(`created ${pgliteSlotIds.length} big slots on PGlite, wanted ${opts.slots}`);
    const liteApp = await start("app-pglite", pgliteEnv);
    const liteService = await pickItem(liteApp.base);
    log(`PGlite: item ${liteService}, big slots ${pgliteSlotIds.join(", ")}`);
    meta.service ??= liteService;
    results.lite = await appRuns("PGlite", liteApp, liteService, pgliteSlotIds, null);
    await stopApp(liteApp, 30_000);
    if (existsSync(lock)) rmSync(lock, { force: true });
    results.lite.outbox = await pgliteOutbox(pgliteDir, results.lite.outbox);
  }

  await cleanup();
  clearTimeout(watchdog);
  if (interrupted) return;
  if (failure) {
    log(`FAILED: ${failure.stack ?? failure}`);
    process.exitCode = 1;
    return;
  }

  // ── the report ──
  meta.loadAfter = os.loadavg()[0];
  const md = report(results, meta, opts);
  process.stdout.write(`\n${md}\n`);
  writeFileSync(path.join(HERE, "last-run.md"), md + "\n");
  log(`written to ${path.relative(ROOT, path.join(HERE, "last-run.md"))}`);
  const all = allRuns(results);
  if (all.some((r) => !r.valid)) {
    log(`some runs are INVALID (more than ${pct(INVALID_SHARE)} non-2xx or errors): see the table`);
    process.exitCode = 2;
  }
}

// ───────────────────────────────────────── the report ───────────────────────────────────────────

function allRuns(results) {
  return [
    results.bareInsert,
    results.bareSelect,
    results.pg?.availability,
    results.pg?.booking,
    ...(results.pg?.healths ?? []),
    results.lite?.availability,
    results.lite?.booking,
    ...(results.lite?.healths ?? []),
  ].filter(Boolean);
}

function report(results, meta, opts) {
  const { bareInsert, bareSelect, pg, lite } = results;
  const mark = (ok) => (ok ? "✅" : "❌");
  const ratioCell = (value, target, of) => `${pct(value)} of ${of} (≥ ${pct(target)}) ${mark(value >= target)}`;
  const p99Cell = (r, limit) => `${r.p99} ms (≤ ${fmt(limit)} ms) ${mark(r.p99 <= limit)}`;
  const row = (name, db, r, rate, p99) => {
    const errors = r.errors + r.timeouts;
    const others = r.others == null ? "—" : r.others.toFixed(2);
    return `| ${name} | ${db} | ${fmt(r.rps)} | ${r.p50} | ${p99 ?? `${r.p99} ms`} | ${r.non2xx}${r.valid ? "" : " ⚠ invalid"} | ${errors} | ${rate} | ${fmtMs(r.serverMs)} | ${fmtMs(r.pgMs)} | ${r.cannonCores == null ? "—" : r.cannonCores.toFixed(2)} | ${others} | ${r.load.toFixed(2)} |`;
  };
  const answers = [
    pg && `${pg.slotsInResponse} slots per answer on PostgreSQL`,
    lite && `${lite.slotsInResponse} on PGlite`,
  ]
    .filter(Boolean)
    .join(", ");
  const lines = [
    `# Booking load benchmark — ${new Date().toISOString()}`,
    "",
    `Machine: nproc ${os.availableParallelism()} (${os.cpus()[0]?.model?.trim() ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.version}, ${meta.pgVersion ? `PostgreSQL ${meta.pgVersion}, ` : ""}${os.platform()} ${os.release()}.`,
    `Settings: ${opts.connections} connections, ${opts.duration} s measured after ${opts.warmup} s warm-up, ` +
      `bookings spread over ${opts.slots} slot(s), availability over ${opts.days + 1} day(s) ` +
      `(${answers}), item ${meta.service}${opts.db === "all" ? "" : `, --db ${opts.db}`}.`,
    "",
    `Load average (1 min): ${meta.loadBefore?.toFixed(2) ?? "?"} before the run, ${meta.loadAfter?.toFixed(2) ?? "?"} after it; ` +
      `each run's at its start in the last column. ${(meta.loadBefore ?? 9) < 0.5 ? "A quiet machine." : "**Not a quiet machine (load ≥ 0.5): the figures are disturbed; compare CPU per request and the shares of `/api/health`, not req/s.**"}`,
    "",
    "| Run | Database | req/s | p50 ms | p99 (target) | non-2xx | errors | rate (target) | server CPU ms/req | PostgreSQL CPU ms/req | autocannon (cores) | other processes (cores) | load at start |",
    "|---|---|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|",
  ];
  if (pg) {
    lines.push(
      row(
        "`GET /api/v1/availability`",
        "PostgreSQL",
        pg.availability,
        ratioCell(pg.availability.rps / pg.yardstickOf.availability, TARGETS.availabilityOfHealth, "`/api/health`"),
        p99Cell(pg.availability, TARGETS.p99Ms),
      ),
      row(
        "`POST /api/v1/bookings`",
        "PostgreSQL",
        pg.booking,
        ratioCell(pg.booking.rps / pg.yardstickOf.booking, TARGETS.bookingOfHealth, "`/api/health`"),
        p99Cell(pg.booking, TARGETS.p99Ms),
      ),
    );
  }
  if (lite) {
    for (const [name, key] of [
      ["`GET /api/v1/availability`", "availability"],
      ["`POST /api/v1/bookings`", "booking"],
    ]) {
      const r = lite[key];
      const ofHealth = `${pct(r.rps / lite.yardstickOf[key])} of PGlite's \`/api/health\``;
      lines.push(
        row(
          name,
          "PGlite",
          r,
          pg
            ? `${ratioCell(r.rps / pg[key].rps, TARGETS.pgliteOfPostgres, "PostgreSQL's")}; ${ofHealth}`
            : `${ofHealth} (no PostgreSQL run to compare with)`,
          p99Cell(r, TARGETS.pgliteP99Ms),
        ),
      );
    }
  }
  for (const [db, runs] of [
    ["PostgreSQL", pg],
    ["PGlite", lite],
  ]) {
    if (!runs) continue;
    for (const h of runs.healths)
      lines.push(row(`yardstick: \`GET /api/health\` (one \`select 1\`), ${h.when}`, db, h, "100 %"));
  }
  if (bareInsert)
    lines.push(
      row("reference only: bare `POST /insert` (node:http + postgres.js, 1 INSERT)", "PostgreSQL", bareInsert, "—"),
    );
  if (bareSelect)
    lines.push(
      row(
        "reference only: bare `GET /select` (node:http + postgres.js, 1 point SELECT)",
        "PostgreSQL",
        bareSelect,
        "—",
      ),
    );

  lines.push("");
  const trips = meta.roundTrips;
  if (trips) {
    const pgCounts = trips.counts.postgres;
    const liteCounts = trips.counts.pglite;
    // The test's cases: a villager's booking with its SMS code, the same with an Idempotency-Key,
    // and one made in person (no code).
    const all = (c) => Object.values(c ?? {});
    const ok =
      trips.passed &&
      all(pgCounts).every((c) => c.statements <= TARGETS.statements && c.roundTrips <= TARGETS.roundTrips) &&
      all(liteCounts).every((c) => c.statements <= TARGETS.statements);
    const say = (counts, withTrips) =>
      Object.entries(counts)
        .map(([label, c]) => `${label} ${c.statements} statements${withTrips ? ` in ${c.roundTrips} round trips` : ""}`)
        .join(", ");
    lines.push(
      `Per booking (test/integration/booking-round-trips.test.ts, counted in the frontend messages the app sends): ` +
        [pgCounts && `PostgreSQL: ${say(pgCounts, true)}`, liteCounts && `PGlite: ${say(liteCounts, false)}`]
          .filter(Boolean)
          .join("; ") +
        ` (target at most ${TARGETS.statements} statements in ${TARGETS.roundTrips} round trips) ${mark(ok)}` +
        (trips.passed ? "." : " — the test failed or timed out."),
    );
  } else {
    lines.push("Per booking: statements and round trips not counted (--skip-round-trips).");
  }
  for (const [db, runs] of [
    ["PostgreSQL", pg],
    ["PGlite", lite],
  ]) {
    const o = runs?.outbox;
    if (!o) continue;
    const empty = o.left === 0;
    lines.push(
      `Outbox on ${db} after the booking run (${o.booked} bookings answered in its warm-up and run): ${o.atEnd} pending at its end, ` +
        (empty
          ? `empty ${o.seconds.toFixed(1)} s later`
          : o.stoppedApp
            ? `${o.left} still pending when the app stopped`
            : `${o.left} still pending after ${OUTBOX_WATCH_S} s`) +
        ` (target: empty within ${TARGETS.outboxEmptyS} s) ${mark(empty && o.seconds <= TARGETS.outboxEmptyS)}.`,
    );
  }
  const diagnosed = allRuns(results).filter((r) => r.diagnosis || r.backends);
  if (diagnosed.length) {
    const gcCell = (gc, wallMs) => {
      const all = Object.values(gc ?? {});
      const ms = all.reduce((a, g) => a + g.ms, 0);
      const kinds = Object.entries(gc ?? {})
        .map(([k, g]) => `${k} ${g.count} × ≤ ${g.maxMs.toFixed(0)} ms`)
        .join(", ");
      return `${ms.toFixed(0)} ms (${pct(ms / wallMs)} of the run): ${kinds || "none"}`;
    };
    const b = (x) => (x == null ? "—" : x.toFixed(1));
    lines.push(
      "",
      "Diagnosis (--diagnose; the probes cost a little CPU, so these runs' rates are not the benchmark's):",
      "",
      "| Run | event-loop delay p50 / p99 / max ms | app CPU (cores) | GC pauses | PostgreSQL backends: active / lock wait / WAL / idle in transaction / idle |",
      "|---|---|---:|---|---|",
    );
    for (const r of diagnosed) {
      const d = r.diagnosis;
      const loop = d
        ? `${d.loopDelayMs.p50.toFixed(1)} / ${d.loopDelayMs.p99.toFixed(1)} / ${d.loopDelayMs.max.toFixed(0)}`
        : "—";
      const k = r.backends;
      lines.push(
        `| ${r.label} | ${loop} | ${d ? (d.cpuMs / d.wallMs).toFixed(2) : "—"} | ${d ? gcCell(d.gc, d.wallMs) : "—"} | ${k ? [k.active, k.lock, k.wal, k.idleInTransaction, k.idle].map(b).join(" / ") : "—"} |`,
      );
    }
    lines.push(
      "",
      "Event-loop delay: how long a ready callback waited for the loop (a long synchronous task, a GC pause, or the process not scheduled). Backends: the mean number in each state over samples every 20 ms; idle in transaction means a transaction waiting for the app.",
    );
  }
  const odd = allRuns(results).filter((r) => r.non2xx > 0 || r.errors > 0);
  if (odd.length) {
    lines.push("", "Non-2xx / errors by run:");
    for (const r of odd)
      lines.push(`- ${r.label}: statuses ${JSON.stringify(r.statuses)}, ${r.errors} errors (${r.timeouts} timeouts)`);
  }
  lines.push(
    "",
    `A run is invalid when more than ${pct(INVALID_SHARE)} of its requests got a non-2xx answer or an error (socket error, or no answer within ${REQUEST_TIMEOUT_S} s).`,
    "req/s is autocannon's average over the measured run. On PostgreSQL each request's rate is a share of the app's own `GET /api/health` measured in the same run (the framework's ceiling for a route that reads the database): of the mean of the two health runs right before and right after it, since the machine's speed drifts over a run; on PGlite a share of the same request's rate on PostgreSQL. The bare node:http rows are a reference only: no Next.js route can reach them.",
    "CPU columns come from /proc: CPU time of the server's process group and of the PostgreSQL backends of its database, per response; " +
      '"autocannon" is the CPU of the load generator itself (it shares the 2 cores with the server and the database); "other processes" is what the rest of the machine used meanwhile (anything well above 0 means the numbers are disturbed). On PGlite the database runs inside the server process.',
  );
  return lines.join("\n");
}

// ───────────────────────────────────────── small things ─────────────────────────────────────────

function intArg(name, value, min, max) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be an integer in [${min}, ${max}]`);
    process.exit(64);
  }
  return n;
}

function shanghaiToday() {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
}

function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const HAS_PROC = existsSync("/proc/stat") && existsSync(`/proc/${process.pid}/stat`);
const CLK_TCK = (() => {
  try {
    return Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) and process group of one process, or null when it is gone. */
function procSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pgrp: Number(f[2]), cpu: (Number(f[11]) + Number(f[12])) / CLK_TCK };
  } catch {
    return null;
  }
}

/**
 * Waits until the machine is quiet: less than a tenth of a core busy over 100 ms (at most 5 s).
 * Answers how long it waited, in ms.
 */
async function settle() {
  if (!HAS_PROC) return 0;
  const started = Date.now();
  let before = machineBusy();
  while (Date.now() - started < 5_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = machineBusy();
    if (now - before < 0.02) break;
    before = now;
  }
  return Date.now() - started;
}

/** CPU seconds of every live process in the group (the server and anything it forked). */
function groupSeconds(pgid) {
  let sum = 0;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const p = procSeconds(Number(name));
    if (p && p.pgrp === pgid) sum += p.cpu;
  }
  return sum;
}

/** CPU seconds the processes of the whole machine used so far (all cores; not irq/softirq/steal). */
function machineBusy() {
  const [user, nice, system] = readFileSync("/proc/stat", "utf8")
    .split("\n")[0]
    .trim()
    .split(/\s+/)
    .slice(1, 4)
    .map(Number);
  return (user + nice + system) / CLK_TCK;
}

function fmtMs(x) {
  return x == null ? "—" : x >= 10 ? x.toFixed(0) : x.toFixed(2);
}

function fmt(n) {
  return n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1);
}

function pct(x) {
  return `${Math.round(x * 100)} %`;
}

// Last, so that every module-level constant above is initialised before it runs.
if (process.argv[2] === "--bare-server") {
  await bareServer();
} else {
  await main();
}
