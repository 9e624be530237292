#!/usr/bin/env node
// Reports at scale: a million cases over several years and ten halls, then the yearly report JSON
// (one hall's year as its manager; every hall's year as the district) and the /reports page, each
// timed back to back (p50/p95) against the targets of issue 11.
//
//   node bench/reports/run.mjs [--cases 1000000] [--halls 10] [--years 5] [--requests 40]
//   node bench/reports/run.mjs --db pglite            # 100,000 cases in the embedded database
//   node bench/reports/run.mjs --keep                 # leave the filled data; prints a folder for --reuse
//   node bench/reports/run.mjs --reuse /tmp/yichuang-bench-reports-XXXX   # measure again, no fill
//
// Needs the production build in .next (it never builds). On PostgreSQL (127.0.0.1:5432, user
// postgres, trust; PGHOST/PGPORT/PGUSER/PGPASSWORD override) it creates a database
// yichuang_bench_* and drops it at the end; with --db pglite the data lives in a temp folder.
// Everything it starts or creates is removed on exit, error or Ctrl-C, unless --keep (then the
// data stays for --reuse: fill once, measure later on a quiet machine).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { benchTag, loadBefore, pgUrl, requireBuild, signIn, startApp, stopApp } from "../support/app.mjs";
import { addHalls, fillHall } from "./fill.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const TARGETS = { hallP95Ms: 200, districtP95Ms: 500 };

const log = (msg) => process.stderr.write(`[reports ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const percentile = (values, p) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : "—");
const thousands = (n) => n.toLocaleString("en-US");

/** `requests` timed calls of `call` after 3 untimed ones; each must answer 200. */
async function time(label, requests, call) {
  for (let i = 0; i < 3; i++) await call();
  const times = [];
  let last;
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    last = await call();
    if (last.status !== 200) throw new Error(`${label}: HTTP ${last.status} ${JSON.stringify(last.body ?? "")}`);
    times.push(last.at - t0);
  }
  log(`${label}: p50 ${ms(percentile(times, 50))} ms, p95 ${ms(percentile(times, 95))} ms`);
  return { p50: percentile(times, 50), p95: percentile(times, 95), last };
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      db: { type: "string", default: "postgres" },
      cases: { type: "string" },
      halls: { type: "string", default: "10" },
      years: { type: "string", default: "5" },
      requests: { type: "string", default: "40" },
      keep: { type: "boolean", default: false },
      reuse: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (args.help) {
    console.log(
      "usage: node bench/reports/run.mjs [--db postgres|pglite] [--cases N] [--halls 10] [--years 5] [--requests 40] [--keep] [--reuse DIR]",
    );
    return;
  }
  // --reuse: the folder a --keep run left, with what it filled (bench.json).
  const kept = args.reuse ? JSON.parse(readFileSync(path.join(args.reuse, "bench.json"), "utf8")) : null;
  const pglite = kept ? kept.pglite : args.db === "pglite";
  const opts = {
    cases: Number(args.cases ?? (pglite ? 100_000 : 1_000_000)),
    halls: Number(args.halls),
    years: Number(args.years),
    requests: Number(args.requests),
  };
  if (!["postgres", "pglite"].includes(args.db) || !(opts.cases >= 1000 && opts.cases <= 5_000_000)) {
    console.error("--db postgres|pglite, --cases 1000..5000000");
    process.exit(64);
  }
  if (!(opts.halls >= 1 && opts.halls <= 50) || !(opts.years >= 2 && opts.years <= 10) || !(opts.requests >= 5)) {
    console.error("--halls 1..50, --years 2..10, --requests ≥ 5");
    process.exit(64);
  }
  requireBuild(ROOT);
  const loadBeforeRun = loadBefore(log);

  const keep = args.keep || !!kept;
  const tag = kept ? kept.tag : benchTag();
  const tmp = kept ? args.reuse : mkdtempSync(path.join(os.tmpdir(), "yichuang-bench-reports-"));
  const pgliteDir = path.join(tmp, "pglite");
  const admin = pglite ? null : postgres(pgUrl("postgres"), { max: 1, onnotice: () => {} });
  let app = null;
  let local = null;
  const cleanup = async () => {
    if (app) await stopApp(app).catch(() => {});
    if (local) await local.close().catch(() => {});
    if (admin && !keep) await admin.unsafe(`drop database if exists "${tag}" with (force)`).catch(() => {});
    if (admin) await admin.end({ timeout: 2 }).catch(() => {});
    if (keep) log(`data kept: node bench/reports/run.mjs --reuse ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  };
  process.on("SIGINT", () => void cleanup().finally(() => process.exit(130)));

  const appEnv = {
    ...(pglite ? { PGLITE_DIR: pgliteDir } : { DATABASE_URL: pgUrl(tag) }),
    DATA_DIR: path.join(tmp, "data"),
    DEMO: "1",
    RATE_LIMIT_PER_MINUTE: "0",
  };
  /** Creates the database, lets the app migrate and seed it, then adds the halls and their years. */
  async function fill() {
    let version = "PGlite";
    if (admin) {
      version = `PostgreSQL ${(await admin`show server_version`)[0].server_version}`;
      await admin.unsafe(`create database "${tag}"`);
    }
    // The app migrates and seeds the demo hall; then the data goes in beside it.
    app = await startApp({ root: ROOT, log, logDir: tmp, env: appEnv, name: "app" });
    let exec;
    if (pglite) {
      // One process per PGlite folder: the app stops while the bench writes.
      await stopApp(app);
      app = null;
      const { PGlite } = await import("@electric-sql/pglite");
      local = await PGlite.create(pgliteDir);
      exec = (text) => local.exec(text);
    } else {
      await stopApp(app);
      app = null;
      local = postgres(pgUrl(tag), { max: 1, onnotice: () => {} });
      local.close = () => local.end({ timeout: 5 });
      exec = (text) => local.unsafe(text);
    }
    const rows = async (text) => (pglite ? (await local.query(text)).rows : await local.unsafe(text));

    const started = Date.now();
    await addHalls(exec, opts.halls);
    const halls = await rows(`select id, code from halls order by id`);
    const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    const from = `${thisYear - opts.years + 1}-01-01`;
    const until = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const [i, hall] of halls.entries()) {
      const count = Math.floor(opts.cases / halls.length) + (i < opts.cases % halls.length ? 1 : 0);
      await fillHall(exec, { hallId: hall.id, from, until, count });
      log(`hall ${hall.code}: ${thousands(count)} cases (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    await exec(`vacuum analyze`);
    const [counts] =
      await rows(`select (select count(*) from cases)::int as cases, (select count(*) from tickets)::int as tickets,
      (select count(*) from evaluations)::int as evaluations`);
    const fillSeconds = (Date.now() - started) / 1000;
    log(
      `filled in ${fillSeconds.toFixed(0)} s: ${thousands(counts.cases)} cases, ${thousands(counts.tickets)} tickets, ${thousands(counts.evaluations)} ratings`,
    );
    await local.close();
    local = null;
    return { version, counts, fillSeconds, halls, from, until, thisYear, years: opts.years };
  }

  try {
    const filled = kept ?? (await fill());
    if (keep) writeFileSync(path.join(tmp, "bench.json"), JSON.stringify({ ...filled, tag, pglite }));
    const { version, counts, fillSeconds, halls, from, until, thisYear, years } = filled;
    app = await startApp({ root: ROOT, log, logDir: tmp, env: appEnv, name: "app" });

    const year = thisYear - 1;
    const manager = await signIn(app.base, "manager");
    const districtUser = await signIn(app.base, "district");
    const loadAtStart = os.loadavg()[0];
    const hall = await time("one hall's year (JSON)", opts.requests, () =>
      manager.request("GET", `/api/v1/reports/yearly?year=${year}`),
    );
    const all = await time("district, all halls' year (JSON)", opts.requests, () =>
      districtUser.request("GET", `/api/v1/reports/yearly?year=${year}`),
    );
    const page = await time("/reports page (HTML)", Math.min(opts.requests, 20), () =>
      manager.page(`/reports?year=${year}`),
    );
    const loadAtEnd = os.loadavg()[0];
    const perHallYear = Math.round(
      counts.cases /
        halls.length /
        (years - 1 + (Date.parse(until) - Date.parse(`${thisYear}-01-01`)) / 31_557_600_000),
    );

    const checks = [
      ["one hall's year p95 ≤ 200 ms", hall.p95 <= TARGETS.hallP95Ms],
      ["district all halls' year p95 ≤ 500 ms", all.p95 <= TARGETS.districtP95Ms],
    ];
    const table = [
      `# bench/reports — last run`,
      ``,
      `${new Date().toISOString().slice(0, 16)}Z, ${version}, ${os.cpus().length} cores, Node ${process.version};`,
      `load average ${loadBeforeRun.toFixed(2)} before, ${loadAtStart.toFixed(2)} at the first request, ${loadAtEnd.toFixed(2)} at the end.`,
      ``,
      `Data: ${thousands(counts.cases)} cases, ${thousands(counts.tickets)} tickets, ${thousands(counts.evaluations)} ratings in ${halls.length} halls, ${from} … ${until} (about ${thousands(perHallYear)} cases per hall and year); filled in ${fillSeconds.toFixed(0)} s.`,
      `Year measured: ${year}. One hall: ${thousands(hall.last.body.total)} cases that year (${thousands(hall.last.body.previous.total)} the year before); all halls: ${thousands(all.last.body.total)}.`,
      ``,
      `| Request | p50 ms | p95 ms | target |`,
      `|---|---:|---:|---|`,
      `| \`GET /api/v1/reports/yearly?year=${year}\` as a hall's manager | ${ms(hall.p50)} | ${ms(hall.p95)} | p95 ≤ ${TARGETS.hallP95Ms} ms |`,
      `| the same as the district (every hall) | ${ms(all.p50)} | ${ms(all.p95)} | p95 ≤ ${TARGETS.districtP95Ms} ms |`,
      `| \`GET /reports?year=${year}\` (HTML) as a hall's manager | ${ms(page.p50)} | ${ms(page.p95)} | — |`,
      ``,
      ...checks.map(([name, ok]) => `- ${ok ? "met" : "NOT met"}: ${name}`),
      ``,
      `${opts.requests} timed requests each (20 for the page) after 3 untimed ones, one at a time, timed to the last byte.`,
      ``,
    ].join("\n");
    process.stdout.write(table);
    writeFileSync(path.join(HERE, pglite ? "last-run-pglite.md" : "last-run.md"), table);
    await cleanup();
    process.exit(checks.every(([, ok]) => ok) ? 0 : 2);
  } catch (error) {
    log(error.stack ?? String(error));
    await cleanup();
    process.exit(1);
  }
}

await main();
