#!/usr/bin/env node
// Crash safety: bookings and ticket calls under load, the server killed with SIGKILL at a random
// moment, restarted on the same data, again and again — on PostgreSQL and on the embedded PGlite.
// After every kill the database is checked from outside the app (see README.md).
//
//   node bench/crash/run.mjs [--db all|postgres|pglite] [--kills 10] [--villagers 20]
//                            [--slots 4] [--capacity 120] [--min-load 1.5] [--max-load 5]
//
// Needs the production build in .next (it never builds) and, for --db all|postgres, PostgreSQL on
// 127.0.0.1:5432 (user postgres, trust; PGHOST/PGPORT/PGUSER/PGPASSWORD override). Everything it
// creates — child processes, databases yichuang_bench_*, a temp folder — is removed on exit,
// error or Ctrl-C. See bench/crash/README.md.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  benchTag,
  loadBefore,
  pgUrl,
  requireBuild,
  signIn,
  startApp,
  stopAll,
  stopApp,
  dropDatabaseSync,
} from "../support/app.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
// The demo accounts (clerk1, kiosk) run the ticket loop; the limiters are off so that only the
// kill makes requests fail. Villagers book with the SMS code their phone got, as in a hall (DEMO
// answers the code request with it).
const APP_ENV = {
  DEMO: "1",
  RATE_LIMIT_PER_MINUTE: "0",
  KIOSK_TICKETS_PER_MINUTE: "0",
  BOOKING_MAX_ACTIVE_PER_PHONE: "1000",
  PHONE_VERIFICATION: "sms",
  PHONE_CODES_PER_MINUTE: "0",
};
const REQUEST_TIMEOUT_MS = 30_000;

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: "all" },
    kills: { type: "string", default: "10" },
    villagers: { type: "string", default: "20" },
    slots: { type: "string", default: "4" },
    capacity: { type: "string", default: "120" },
    "min-load": { type: "string", default: "1.5" },
    "max-load": { type: "string", default: "5" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  console.log(
    "usage: node bench/crash/run.mjs [--db all|postgres|pglite] [--kills 10] [--villagers 20] [--slots 4] [--capacity 120] [--min-load 1.5] [--max-load 5]",
  );
  process.exit(0);
}
function numberArg(name, min, max) {
  const value = Number(args[name]);
  if (!Number.isFinite(value) || value < min || value > max) {
    console.error(`--${name} must be a number from ${min} to ${max}`);
    process.exit(64);
  }
  return value;
}
const opts = {
  db: args.db,
  kills: numberArg("kills", 1, 100),
  villagers: numberArg("villagers", 1, 200),
  slots: numberArg("slots", 1, 20),
  capacity: numberArg("capacity", 1, 10_000),
  minLoad: numberArg("min-load", 0.2, 60),
  maxLoad: numberArg("max-load", 0.2, 60),
};
if (!["all", "postgres", "pglite"].includes(opts.db) || opts.maxLoad < opts.minLoad) {
  console.error("--db must be all, postgres or pglite; --max-load must not be below --min-load");
  process.exit(64);
}

const log = (msg) => process.stderr.write(`[crash ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ── resources, and their cleanup ──
const tag = benchTag();
const tmp = mkdtempSync(path.join(os.tmpdir(), "yichuang-crash-"));
const databases = new Set();
const closers = new Set();
let cleaning = null;
const { default: postgres } = await import("postgres");
const { PGlite } = await import("@electric-sql/pglite");

async function cleanup() {
  cleaning ??= (async () => {
    await stopAll(5_000);
    for (const close of closers) await close().catch(() => {});
    if (databases.size) {
      const admin = postgres(pgUrl("postgres"), { max: 1, onnotice: () => {}, connect_timeout: 5 });
      for (const db of databases) {
        await admin
          .unsafe(`drop database if exists "${db}" with (force)`)
          .catch((e) => log(`drop ${db}: ${e.message}`));
        databases.delete(db);
      }
      await admin.end({ timeout: 2 }).catch(() => {});
    }
    rmSync(tmp, { recursive: true, force: true });
  })();
  return cleaning;
}
process.on("exit", () => {
  for (const db of databases) dropDatabaseSync(db);
  rmSync(tmp, { recursive: true, force: true });
});
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"])
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${signal}: cleaning up (again to force)`);
    cleanup().finally(() => process.exit(130));
  });
// Ceiling: a start of up to 6 minutes (the demo load on a busy machine), then per kill a restart,
// the load and the checks.
const budgetMs = (2 * 360 + 2 * opts.kills * (240 + opts.maxLoad + 60)) * 1000;
setTimeout(() => {
  log(`the run took longer than ${Math.round(budgetMs / 1000)} s: giving up`);
  cleanup().finally(() => process.exit(1));
}, budgetMs).unref();

// ── the database, seen from outside the app ──

/** A client of the app's database for the checks: `query(text, params)` → rows. */
async function openDirect(kind, target) {
  if (kind === "postgres") {
    const sql = postgres(target, { max: 1, onnotice: () => {} });
    const close = () => sql.end({ timeout: 2 });
    closers.add(close);
    return {
      query: (text, params = []) => sql.unsafe(text, params),
      close: async () => {
        closers.delete(close);
        await close();
      },
    };
  }
  // The folder the killed server left: opening it is the first check.
  const started = performance.now();
  const pg = await PGlite.create(target);
  const openMs = performance.now() - started;
  const close = () => pg.close();
  closers.add(close);
  return {
    openMs,
    query: async (text, params = []) => (await pg.query(text, params)).rows,
    close: async () => {
      closers.delete(close);
      await close();
    },
  };
}

/**
 * Slots for the next round: `--slots` of `--capacity` online seats in the first window session two
 * or more days ahead, one minute each from midnight (no hall's own slot starts there).
 */
async function addSlots(db, round) {
  const rows = await db.query(
    `insert into slots (hall_id, session_id, starts_at, ends_at, capacity, online_capacity)
     select s.hall_id, s.id,
            (s.date + time '00:00' + k * interval '1 minute') at time zone 'Asia/Shanghai',
            (s.date + time '00:01' + k * interval '1 minute') at time zone 'Asia/Shanghai',
            $1, $1
     from (select hall_id, id, date from service_sessions
           where channel = 'window' and not is_cancelled
             and date >= (now() at time zone 'Asia/Shanghai')::date + 2
             and hall_id = (select id from halls order by id limit 1)
           order by date limit 1) s,
          generate_series($2::int, $3::int) k
     returning id`,
    [opts.capacity, round * opts.slots, round * opts.slots + opts.slots - 1],
  );
  if (rows.length !== opts.slots) throw new Error(`created ${rows.length} slots, wanted ${opts.slots}`);
  // Ten rounds of tickets on one day: the demo's caps (150–300 a queue) would run out.
  await db.query(`update queues set daily_cap = 999`);
  return rows.map((r) => Number(r.id));
}

/**
 * What must hold after a kill (a list of violations, empty when all is well):
 * - every booking answered 201 is there exactly once, with the code it was given;
 * - none answered with an error is there at all (its Idempotency-Key is nowhere);
 * - a booking cut by the kill (no answer) is there whole or not at all (counted);
 * - every slot: booked = its active bookings, never above its online capacity;
 * - every ticket answered 201 is there; no ticket was answered as called twice, and none was
 *   called twice in the queue's events; every ticket answered as called is no longer waiting.
 */
async function check(db, ledger) {
  const violations = [];
  const byKey = new Map(
    (
      await db.query(
        `select idempotency_key as key, code, count(*) over (partition by idempotency_key) as n from bookings where idempotency_key like $1`,
        [`${tag}-%`],
      )
    ).map((r) => [r.key, r]),
  );
  let landedCut = 0;
  for (const b of ledger.bookings) {
    const row = byKey.get(b.key);
    if (b.status === 201) {
      if (!row) violations.push(`booking ${b.code} answered 201 is missing`);
      else if (Number(row.n) !== 1 || row.code !== b.code)
        violations.push(`booking ${b.code} answered 201 is there ${row.n} times / as ${row.code}`);
    } else if (b.status !== null) {
      if (row) violations.push(`booking answered ${b.status} is in the database as ${row.code}`);
    } else if (row) {
      if (b.refused) violations.push(`booking refused at the door is in the database as ${row.code}`);
      else landedCut += 1;
    }
  }
  const slotRows = await db.query(
    `select s.id, s.booked, s.online_capacity,
            (select count(*) from bookings b where b.slot_id = s.id and b.status <> 'cancelled') as active
     from slots s where s.booked <> (select count(*) from bookings b where b.slot_id = s.id and b.status <> 'cancelled')
        or s.booked > s.online_capacity`,
  );
  for (const s of slotRows)
    violations.push(
      `slot ${s.id}: booked ${s.booked}, active bookings ${s.active}, online capacity ${s.online_capacity}`,
    );
  const fullSlots = Number(
    (
      await db.query(`select count(*) as n from slots where id = any($1::int[]) and booked = online_capacity`, [
        ledger.slotIds,
      ])
    )[0].n,
  );

  const issued = ledger.tickets.filter((t) => t.status === 201).map((t) => t.id);
  const present = new Set(
    (await db.query(`select id from tickets where id = any($1::int[])`, [issued])).map((r) => Number(r.id)),
  );
  for (const id of issued) if (!present.has(id)) violations.push(`ticket ${id} answered 201 is missing`);
  const calledIds = ledger.calls.filter((c) => c.status === 200).map((c) => c.id);
  const seen = new Set();
  for (const id of calledIds) {
    if (seen.has(id)) violations.push(`ticket ${id} was answered as called twice`);
    seen.add(id);
  }
  const stillWaiting = await db.query(`select id from tickets where id = any($1::int[]) and status = 'waiting'`, [
    calledIds,
  ]);
  for (const r of stillWaiting) violations.push(`ticket ${r.id} answered as called is still waiting`);
  const twice = await db.query(
    `select ticket_id, count(*) as n from queue_events where kind = 'called' and ticket_id is not null group by ticket_id having count(*) > 1`,
  );
  for (const r of twice) violations.push(`ticket ${r.ticket_id} has ${r.n} 'called' events`);
  return { violations, landedCut, fullSlots };
}

// ── the load ──

let phoneCounter = Math.floor(Math.random() * 400_000_000);
let keyCounter = 0;

/** The server was gone before the request reached it: nothing was sent, nothing can have happened. */
function refusedAtTheDoor(error) {
  return error?.cause?.code === "ECONNREFUSED";
}

/** Villagers booking the round's slots, a kiosk issuing tickets, a clerk calling them — until `stop()`. */
function runLoad(app, service, slotIds, clerk, kiosk, windowId, queueCodes) {
  const ledger = { bookings: [], tickets: [], calls: [], slotIds, fiveHundreds: 0 };
  let stopping = false;
  const timeout = () => AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const villager = async () => {
    while (!stopping) {
      const phone = `13${String(phoneCounter++ % 1_000_000_000).padStart(9, "0")}`;
      // The SMS code first; a request the kill cuts books nothing (the next villager tries).
      let phoneCode;
      try {
        const res = await fetch(`${app.base}/api/v1/phone-codes`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ phone }),
          signal: timeout(),
        });
        // A 5xx counts whatever its body (read next, and cut when the kill comes meanwhile).
        if (res.status >= 500) ledger.fiveHundreds += 1;
        phoneCode = (await res.json()).demoCode;
      } catch {
        await sleep(20);
        continue;
      }
      if (!phoneCode) await sleep(20);
      if (!phoneCode || stopping) continue;
      const key = `${tag}-${++keyCounter}`;
      const entry = { key, status: null, code: null };
      ledger.bookings.push(entry);
      try {
        const res = await fetch(`${app.base}/api/v1/bookings`, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": key },
          body: JSON.stringify({
            service,
            slotId: slotIds[keyCounter % slotIds.length],
            name: "张三",
            phone,
            phoneCode,
          }),
          signal: timeout(),
        });
        if (res.status >= 500) ledger.fiveHundreds += 1;
        // Answered once the whole body is in: a body the kill cut leaves the booking "cut".
        const body = await res.json();
        entry.status = res.status;
        entry.code = body.code ?? null;
      } catch (error) {
        // Cut by the kill (no answer, or not all of it) — or refused at the door once it was dead.
        entry.refused = refusedAtTheDoor(error);
      }
    }
  };
  const kioskLoop = async () => {
    while (!stopping) {
      const entry = { status: null, id: null };
      ledger.tickets.push(entry);
      try {
        const queue = queueCodes[ledger.tickets.length % queueCodes.length];
        const r = await kiosk.request("POST", "/api/v1/tickets", { queue });
        entry.status = r.status;
        entry.id = r.body?.id ?? null;
        if (r.status >= 500) ledger.fiveHundreds += 1;
        // A hall's pace, not a flood: each queue has a daily cap (999 here) across all ten rounds.
        await sleep(100);
      } catch (error) {
        entry.refused = refusedAtTheDoor(error);
      }
    }
  };
  // The clerk: call the next ticket, start serving it (a called ticket must come to the window
  // before the next call, which finishes it), and again. A ticket left called by the kill is
  // started first (the desk shows it).
  const clerkLoop = async () => {
    const start = async (id) => {
      const r = await clerk.request("POST", `/api/v1/tickets/${id}/start`);
      if (r.status >= 500) ledger.fiveHundreds += 1;
    };
    while (!stopping) {
      const entry = { status: null, id: null };
      ledger.calls.push(entry);
      try {
        const r = await clerk.request("POST", `/api/v1/windows/${windowId}/call-next`);
        entry.status = r.status;
        entry.id = r.body?.ticket?.id ?? null;
        if (r.status >= 500) ledger.fiveHundreds += 1;
        if (r.status === 200) await start(entry.id);
        else if (r.status === 204) await sleep(20);
        else if (r.status === 409) {
          const current = (await clerk.request("GET", "/api/v1/desk")).body?.current;
          if (current?.status === "called") await start(current.id);
        }
      } catch (error) {
        entry.refused = refusedAtTheDoor(error);
      }
    }
  };
  const loops = [...Array.from({ length: opts.villagers }, villager), kioskLoop(), kioskLoop(), clerkLoop()];
  return {
    ledger,
    /** No new requests from now on (those in flight go on). */
    halt: () => {
      stopping = true;
    },
    stop: async () => {
      stopping = true;
      await Promise.all(loops);
    },
  };
}

// ── one database: start, then kill and restart `kills` times ──

async function crashRuns(kind) {
  const env = { DATA_DIR: path.join(tmp, `data-${kind}`) };
  let target;
  if (kind === "postgres") {
    const admin = postgres(pgUrl("postgres"), { max: 1, onnotice: () => {}, connect_timeout: 5 });
    const db = `${tag}_crash`;
    databases.add(db);
    await admin.unsafe(`create database "${db}"`);
    await admin.end();
    target = pgUrl(db);
    Object.assign(env, { DATABASE_URL: target });
  } else {
    target = path.join(tmp, "pglite");
    Object.assign(env, { PGLITE_DIR: target });
  }
  const start = (name) =>
    startApp({ root: ROOT, name, log, logDir: tmp, env: { ...APP_ENV, ...env }, timeoutMs: 360_000 });

  // First start: migrate and load the demo data; then a graceful stop (SIGTERM), as a deploy would.
  const first = await start(`${kind}-first`);
  if (first.health.db !== kind) throw new Error(`the app reports db ${first.health.db}, wanted ${kind}`);
  const { items } = await (await fetch(`${first.base}/api/v1/services`)).json();
  const service = items.find((i) => i.bookable && i.channels?.includes("window"))?.code;
  if (!service) throw new Error("no bookable item with the window channel");
  const stopStarted = performance.now();
  await stopApp(first, 30_000);
  const firstExit = await first.exited;
  log(
    `${kind}: graceful stop in ${((performance.now() - stopStarted) / 1000).toFixed(1)} s (${JSON.stringify(firstExit)})`,
  );

  const rounds = [];
  let ledger = null;
  for (let round = 0; round <= opts.kills; round++) {
    if (interrupted) throw new Error("interrupted");
    const db = await openDirect(kind, target);
    const result = { round, openMs: db.openMs ?? null };
    if (ledger) {
      Object.assign(result, await check(db, ledger));
      Object.assign(result, summary(ledger));
      rounds.push(result);
      log(
        `${kind} kill ${round}: ${result.ok} bookings 201, ${result.refused} refused, ${result.cut} cut (${result.landedCut} of them landed), ` +
          `${result.issued} tickets issued, ${result.called} called, ${result.fiveHundreds} 5xx` +
          (result.openMs === null ? "" : `, folder opened in ${Math.round(result.openMs)} ms`) +
          (result.violations.length ? `\n  VIOLATIONS:\n  ${result.violations.join("\n  ")}` : ", all checks hold"),
      );
    }
    if (round === opts.kills) {
      await db.close();
      break;
    }
    const slotIds = await addSlots(db, round);
    await db.close();

    const restartStarted = performance.now();
    const app = await start(`${kind}-${round}`);
    const restartMs = performance.now() - restartStarted;
    if (rounds.length) rounds[rounds.length - 1].restartMs = restartMs;
    const clerk = await signIn(app.base, "clerk1", { timeoutMs: REQUEST_TIMEOUT_MS });
    const kiosk = await signIn(app.base, "kiosk", { timeoutMs: REQUEST_TIMEOUT_MS });
    const { windows } = (await clerk.request("GET", "/api/v1/windows")).body;
    const desk = windows.find((w) => w.number === 1);
    if (!desk?.queues.length) throw new Error("no window 1 with queues in /api/v1/windows");

    const load = runLoad(app, service, slotIds, clerk, kiosk, desk.id, desk.queues);
    // The kill comes once all three kinds of request are flowing (a restarted server is slow at
    // first): a random moment after the first booking, ticket and call have been answered.
    const flowing = () =>
      load.ledger.bookings.some((b) => b.status === 201) &&
      load.ledger.tickets.some((t) => t.status === 201) &&
      load.ledger.calls.some((c) => c.status === 200);
    for (let waited = 0; !flowing() && waited < 120_000; waited += 100) await sleep(100);
    if (!flowing()) {
      const statuses = (list) => JSON.stringify(list.map((e) => e.status ?? (e.refused ? "refused" : "cut")));
      throw new Error(
        `${kind}: bookings, tickets and calls not all answered within 120 s: bookings ${statuses(load.ledger.bookings.slice(0, 20))}, tickets ${statuses(load.ledger.tickets.slice(0, 20))}, calls ${statuses(load.ledger.calls.slice(0, 20))}`,
      );
    }
    const killAfter = (opts.minLoad + Math.random() * (opts.maxLoad - opts.minLoad)) * 1000;
    await sleep(killAfter);
    load.halt();
    process.kill(-app.pid, "SIGKILL");
    await app.exited;
    await load.stop();
    ledger = load.ledger;
    ledger.killAfterMs = killAfter;
    if (kind === "postgres") await backendsGone(target);
  }
  return rounds;
}

/** After the kill, PostgreSQL finishes (or rolls back) what the dead connections had sent. */
async function backendsGone(url) {
  const sql = postgres(pgUrl("postgres"), { max: 1, onnotice: () => {} });
  const db = new URL(url).pathname.slice(1);
  try {
    for (let i = 0; i < 100; i++) {
      const [{ n }] =
        await sql`select count(*)::int as n from pg_stat_activity where datname = ${db} and pid <> pg_backend_pid()`;
      if (n === 0) return;
      await sleep(100);
    }
    log(`backends of ${db} still there 10 s after the kill`);
  } finally {
    await sql.end({ timeout: 2 });
  }
}

function summary(ledger) {
  const b = ledger.bookings;
  return {
    killAfterMs: ledger.killAfterMs,
    ok: b.filter((x) => x.status === 201).length,
    refused: b.filter((x) => x.status !== null && x.status !== 201).length,
    refusedStatuses: [...new Set(b.filter((x) => x.status !== null && x.status !== 201).map((x) => x.status))],
    cut: b.filter((x) => x.status === null && !x.refused).length,
    issued: ledger.tickets.filter((t) => t.status === 201).length,
    called: ledger.calls.filter((c) => c.status === 200).length,
    cutTickets:
      ledger.tickets.filter((t) => t.status === null).length + ledger.calls.filter((c) => c.status === null).length,
    fiveHundreds: ledger.fiveHundreds,
  };
}

// ── report ──

function table(kind, rounds) {
  const lines = [
    `### ${kind === "postgres" ? "PostgreSQL" : "PGlite (PGLITE_DIR, NodeFS)"}`,
    "",
    "| kill | after (s) | bookings 201 | refused | cut (landed) | full slots | tickets issued / called | cut ticket requests | 5xx | folder opens (ms) | restart (s) | checks |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const r of rounds)
    lines.push(
      `| ${r.round} | ${(r.killAfterMs / 1000).toFixed(1)} | ${r.ok} | ${r.refused}${r.refusedStatuses.length ? ` (${r.refusedStatuses.join(", ")})` : ""} | ${r.cut} (${r.landedCut}) | ${r.fullSlots}/${opts.slots} | ${r.issued} / ${r.called} | ${r.cutTickets} | ${r.fiveHundreds} | ${r.openMs === null ? "–" : Math.round(r.openMs)} | ${r.restartMs === undefined ? "–" : (r.restartMs / 1000).toFixed(1)} | ${r.violations.length ? r.violations.join("; ") : "all hold"} |`,
    );
  const total = (key) => rounds.reduce((n, r) => n + r[key], 0);
  const bad = rounds.reduce((n, r) => n + r.violations.length, 0);
  lines.push(
    "",
    `${rounds.length} kills: ${total("ok")} bookings answered 201, ${total("cut")} cut by a kill (${total("landedCut")} of them landed whole), ` +
      `${total("issued")} tickets issued and ${total("called")} called; ${bad} violations, ${total("fiveHundreds")} answers 5xx.`,
    "",
  );
  return { text: lines.join("\n"), bad: bad + total("fiveHundreds") };
}

requireBuild(ROOT);
let exitCode = 0;
try {
  const load = loadBefore(log);
  const sections = [];
  let pgVersion = null;
  if (opts.db !== "pglite") {
    const admin = postgres(pgUrl("postgres"), { max: 1, onnotice: () => {} });
    pgVersion = (await admin`show server_version`)[0].server_version;
    await admin.end();
  }
  for (const kind of opts.db === "all" ? ["postgres", "pglite"] : [opts.db]) {
    const { text, bad } = table(kind, await crashRuns(kind));
    sections.push(text);
    if (bad) exitCode = 2;
  }
  const report = [
    `# bench/crash — last run`,
    "",
    `${new Date().toISOString()} · ${os.cpus().length} CPUs · Node ${process.version}` +
      (pgVersion ? ` · PostgreSQL ${pgVersion}` : "") +
      ` · load average before ${load.toFixed(2)}, after ${os.loadavg()[0].toFixed(2)}`,
    "",
    `\`node bench/crash/run.mjs --db ${opts.db} --kills ${opts.kills} --villagers ${opts.villagers} --slots ${opts.slots} --capacity ${opts.capacity} --min-load ${opts.minLoad} --max-load ${opts.maxLoad}\``,
    "",
    ...sections,
  ].join("\n");
  console.log(report);
  writeFileSync(path.join(HERE, "last-run.md"), report);
} catch (error) {
  log(`failed: ${error.stack ?? error.message}`);
  exitCode = 1;
}
await cleanup();
process.exit(exitCode);
