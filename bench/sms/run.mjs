#!/usr/bin/env node
// How fast one app instance drains the SMS outbox with the log sender: fill N pending messages,
// start `next start` (its background job drains the outbox from start-up), and time the sends.
// On PostgreSQL and on PGlite.
//
//   node bench/sms/run.mjs [--count 20000] [--db both|postgres|pglite] [--max-seconds 120]
//                          [--root DIR] [--out FILE]
//
// Needs the production build in `<root>/.next` (it never builds; --root measures another
// checkout's build, e.g. the code before a change) and, for PostgreSQL, a server on
// 127.0.0.1:5432 (bench/support/app.mjs, PG*). Progress goes to stderr; the Markdown table to
// stdout and to bench/sms/last-run.md (or --out). Exit codes: 0 done, 1 failed, 130 interrupted.

import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchTag, loadBefore, pgUrl, requireBuild, startApp, stopAll, stopApp } from "../support/app.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "20000" },
    db: { type: "string", default: "both" },
    "max-seconds": { type: "string", default: "120" },
    root: { type: "string" },
    out: { type: "string" },
  },
});
const ROOT = path.resolve(args.root ?? path.resolve(HERE, "../.."));
const COUNT = Math.max(1, Number(args.count) || 20000);
const MAX_MS = Math.max(5, Number(args["max-seconds"]) || 120) * 1000;
const DATABASES = args.db === "both" ? ["postgres", "pglite"] : [args.db];
if (!DATABASES.every((d) => d === "postgres" || d === "pglite")) {
  console.error("--db is postgres, pglite or both");
  process.exit(1);
}
const log = (line) => process.stderr.write(`[sms] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// The packages of the checkout under test (postgres.js, PGlite), as its app uses them.
const requireFromRoot = createRequire(path.join(ROOT, "package.json"));
const postgres = (await import(requireFromRoot.resolve("postgres"))).default;

requireBuild(ROOT);
const tmp = mkdtempSync(path.join(os.tmpdir(), "yichuang-bench-sms-"));
const tag = benchTag();
const databases = new Set();

async function cleanUp() {
  await stopAll();
  if (databases.size > 0) {
    const admin = postgres(pgUrl("postgres"), { max: 1, onnotice: () => {} });
    for (const db of databases) await admin.unsafe(`drop database if exists "${db}" with (force)`).catch(() => {});
    await admin.end({ timeout: 2 });
  }
  rmSync(tmp, { recursive: true, force: true });
}
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

// One message written by the app itself (an SMS code: its phone encrypted with the run's key),
// copied N times: every copy is a message the app can send.
const FILL_SQL = (n) => `
  insert into sms_outbox (hall_id, kind, phone_enc, phone_masked, body)
  select t.hall_id, t.kind, t.phone_enc, t.phone_masked, t.body
  from (select * from sms_outbox order by id limit 1) t, generate_series(1, ${n});
  select min(id)::int as first from sms_outbox where status = 'pending'`;
const RESULT_SQL = (first) => `
  select count(*) filter (where status = 'sent')::int as sent,
         count(*) filter (where status = 'pending')::int as pending,
         extract(epoch from min(sent_at)) * 1000 as first_mark,
         extract(epoch from max(sent_at)) * 1000 as last_mark,
         count(*) filter (where sent_at = (select min(sent_at) from sms_outbox where id >= ${first}))::int as in_first_mark
  from sms_outbox where id >= ${first}`;

/** Lines the log sender wrote to the app's log since `from` (byte offset), and the new offset. */
function countSends(file, from) {
  const size = statSync(file).size;
  if (size <= from) return { sends: 0, offset: from };
  const buffer = Buffer.alloc(size - from);
  const fd = openSync(file, "r");
  readSync(fd, buffer, 0, buffer.length, from);
  closeSync(fd);
  const text = buffer.toString("utf8");
  const end = text.lastIndexOf("\n") + 1;
  return {
    sends: text.slice(0, end).split("[sms] to ").length - 1,
    offset: from + Buffer.byteLength(text.slice(0, end)),
  };
}

async function runOn(kind) {
  const env =
    kind === "postgres"
      ? { DATABASE_URL: pgUrl(`${tag}_sms`), DATA_DIR: path.join(tmp, "data-pg") }
      : { PGLITE_DIR: path.join(tmp, "pglite"), DATA_DIR: path.join(tmp, "data-pglite") };
  if (kind === "postgres") {
    const admin = postgres(pgUrl("postgres"), { max: 1, onnotice: () => {} });
    databases.add(`${tag}_sms`);
    await admin.unsafe(`create database "${tag}_sms"`);
    await admin.end({ timeout: 2 });
  }
  // 1. First start: migrate, load the catalogue, and let the app write one SMS (a phone code).
  const first = await startApp({ root: ROOT, env: { ...env, DEMO: "0" }, log, name: `sms-${kind}-init` });
  const res = await fetch(`${first.base}/api/v1/phone-codes`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: first.base },
    body: JSON.stringify({ phone: "13800138000" }),
  });
  if (res.status !== 202) throw new Error(`POST /api/v1/phone-codes answered ${res.status}: ${await res.text()}`);
  await stopApp(first, 30_000);
  rmSync(`${env.PGLITE_DIR}.pid`, { force: true });

  // 2. Fill the outbox while no app runs.
  let firstId;
  if (kind === "postgres") {
    const sql = postgres(env.DATABASE_URL, { max: 1, onnotice: () => {} });
    const results = await sql.unsafe(FILL_SQL(COUNT)).simple();
    firstId = results.at(-1)[0].first;
    await sql.end({ timeout: 2 });
  } else {
    const { PGlite } = await import(requireFromRoot.resolve("@electric-sql/pglite"));
    const lite = await PGlite.create(env.PGLITE_DIR);
    const results = await lite.exec(FILL_SQL(COUNT));
    firstId = results.at(-1).rows[0].first;
    await lite.close();
  }
  log(`${kind}: ${COUNT} pending messages from id ${firstId}`);

  // 3. Start again: the background job drains from start-up. Watch the log sender's lines.
  const loadStart = os.loadavg()[0];
  const startedAt = Date.now();
  const app = await startApp({ root: ROOT, env: { ...env, DEMO: "0" }, log, name: `sms-${kind}` });
  const readyAt = Date.now();
  let sends = 0;
  let offset = 0;
  while (sends < COUNT && Date.now() - readyAt < MAX_MS) {
    await sleep(200);
    const seen = countSends(app.logFile, offset);
    sends += seen.sends;
    offset = seen.offset;
  }
  const watchedMs = Date.now() - readyAt;
  await stopApp(app, 30_000);
  rmSync(`${env.PGLITE_DIR}.pid`, { force: true });

  // 4. What the database says: how many were marked sent, and when.
  let row;
  if (kind === "postgres") {
    const sql = postgres(env.DATABASE_URL, { max: 1, onnotice: () => {} });
    [row] = await sql.unsafe(RESULT_SQL(firstId));
    await sql.end({ timeout: 2 });
  } else {
    const { PGlite } = await import(requireFromRoot.resolve("@electric-sql/pglite"));
    const lite = await PGlite.create(env.PGLITE_DIR);
    row = (await lite.query(RESULT_SQL(firstId))).rows[0];
    await lite.close();
  }
  const firstMark = Number(row.first_mark);
  const lastMark = Number(row.last_mark);
  // Between the first and the last mark: every message after the first mark's (one batch) was
  // claimed, sent and marked in that time.
  const spanS = (lastMark - firstMark) / 1000;
  const rate = spanS > 0 ? (row.sent - row.in_first_mark) / spanS : NaN;
  return {
    kind,
    sent: row.sent,
    pending: row.pending,
    spanS,
    rate,
    emptyAfterS: row.pending === 0 ? (lastMark - startedAt) / 1000 : null,
    watchedS: watchedMs / 1000,
    load: [loadStart, os.loadavg()[0]],
  };
}

let failed = false;
const results = [];
try {
  loadBefore(log);
  for (const kind of DATABASES) results.push(await runOn(kind));
} catch (error) {
  failed = true;
  log(`failed: ${error.stack ?? error}`);
} finally {
  await cleanUp();
}

if (results.length > 0) {
  const fmt = (n, digits = 0) =>
    Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits }) : "—";
  const md = [
    `SMS outbox drain, one instance, log sender: ${COUNT.toLocaleString("en-US")} messages, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${os.cpus().length} cores, Node ${process.version}, build ${readFileSync(
      path.join(ROOT, ".next", "BUILD_ID"),
      "utf8",
    )
      .trim()
      .slice(0, 12)} (${ROOT}).`,
    "",
    "| database | sent | still pending | messages/s | first → last mark | empty after (from app start) | load average (start → end) |",
    "|---|---:|---:|---:|---:|---:|---|",
    ...results.map(
      (r) =>
        `| ${r.kind === "postgres" ? "PostgreSQL" : "PGlite"} | ${fmt(r.sent)} | ${fmt(r.pending)} | ${fmt(r.rate)} | ${fmt(r.spanS, 1)} s | ${r.emptyAfterS === null ? `not empty after ${fmt(r.watchedS, 0)} s` : `${fmt(r.emptyAfterS, 1)} s`} | ${r.load.map((l) => l.toFixed(2)).join(" → ")} |`,
    ),
    "",
    "messages/s: the messages marked sent after the first mark, over the time from the first mark to the last (sent_at).",
  ].join("\n");
  process.stdout.write(md + "\n");
  const out = args.out ? path.resolve(args.out) : path.join(HERE, "last-run.md");
  writeFileSync(out, md + "\n");
  log(`written to ${out}`);
}
process.exit(failed ? 1 : 0);
