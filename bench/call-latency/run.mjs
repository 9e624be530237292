#!/usr/bin/env node
// Call latency benchmark: the time from a call-next response to the call reaching a display —
// the server push alone (an SSE client in this process) and end to end (the /display page in
// headless Chromium), on PGlite and on PostgreSQL.
//
//   node bench/call-latency/run.mjs [--calls 200] [--db pglite|postgres|both] [--warmup 5] [--pause 50]
//
// Needs the production build in .next (it never builds), PostgreSQL on 127.0.0.1:5432 for
// --db postgres|both (user postgres, trust auth; PGHOST/PGPORT/PGUSER/PGPASSWORD override) and
// Chromium at /usr/bin/chromium (CHROMIUM overrides). Everything it creates — child processes,
// the browser, databases yichuang_bench_*, a temp folder — is removed on exit, error or Ctrl-C.
// See bench/call-latency/README.md.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  benchTag,
  DEMO_PASSWORD,
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
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TARGETS = { pushP95Ms: 20, endToEndP95Ms: 250 };
// The window and queue every call goes through: window 1 calls queue A only.
const WINDOW_NUMBER = 1;
const QUEUE = "A";
// A call that has not reached the client after this long counts as missed (and is not in the stats).
const EVENT_TIMEOUT_MS = 10_000;
// More missed calls than this share makes the run fail.
const MISSED_SHARE = 0.05;
const HTTP_TIMEOUT_MS = 15_000;
// The app's settings for this bench, beside those startApp sets.
const APP_ENV = {
  DEMO: "1",
  RATE_LIMIT_PER_MINUTE: "0",
  // The bench's kiosk issues tickets back to back; the per-kiosk limit is tested elsewhere.
  KIOSK_TICKETS_PER_MINUTE: "0",
};

async function main() {
  const { values: args } = parseArgs({
    options: {
      calls: { type: "string", default: "200" },
      db: { type: "string", default: "both" },
      warmup: { type: "string", default: "5" },
      pause: { type: "string", default: "50" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (args.help) {
    console.log(
      "usage: node bench/call-latency/run.mjs [--calls 200] [--db pglite|postgres|both] [--warmup 5] [--pause 50]",
    );
    return;
  }
  if (!["pglite", "postgres", "both"].includes(args.db)) {
    console.error("--db must be pglite, postgres or both");
    process.exit(64);
  }
  const opts = {
    calls: intArg("calls", args.calls, 1, 450),
    warmup: intArg("warmup", args.warmup, 0, 20),
    pause: intArg("pause", args.pause, 0, 5000),
    dbs: args.db === "both" ? ["pglite", "postgres"] : [args.db],
  };

  const { default: postgres } = await import("postgres");

  // ── resources, and their cleanup ──
  const tag = benchTag();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "yichuang-bench-calls-"));
  const databases = new Set();
  const sqlClients = new Set();
  const sseClients = new Set();
  let browser = null;
  let pglite = null;
  let monitorSql = null;
  let cleaning = null;

  const log = (msg) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

  async function cleanup() {
    cleaning ??= (async () => {
      for (const s of sseClients) s.close();
      if (browser) await Promise.race([browser.close().catch(() => {}), sleep(10_000)]);
      browser = null;
      await stopAll();
      if (pglite) await pglite.close().catch(() => {});
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

  // Last resort when the process exits without the async cleanup having finished (the app's
  // process group is killed by bench/support/app.mjs).
  process.on("exit", () => {
    const browserPid = browser ? chromiumChildPid() : null;
    if (browserPid) {
      try {
        process.kill(-browserPid, "SIGKILL");
      } catch {
        // best effort: Playwright also kills it on exit
      }
    }
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

  // Bounded in time: every wait has its own timeout, and this is the ceiling for the whole run.
  // Per database: up to three starts of the app, the browser, and two phases of calls.
  const perCallMs = opts.pause + 2_000;
  const perDbMs = 3 * 240_000 + 60_000 + 2 * (opts.calls + opts.warmup) * (perCallMs + 300);
  const budgetMs = opts.dbs.length * perDbMs + 120_000;
  const watchdog = setTimeout(() => {
    log(`the run took longer than ${Math.round(budgetMs / 1000)} s: giving up`);
    cleanup().finally(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();

  const start = (name, env) => startApp({ root: ROOT, name, log, logDir: tmp, env: { ...APP_ENV, ...env } });

  async function expectOk(what, promise, statuses = [200, 201]) {
    const res = await promise;
    if (!statuses.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }

  // ── the SSE client (parses the stream of a plain fetch) ──
  function openSse(base) {
    const controller = new AbortController();
    const listeners = new Set();
    const client = {
      firstStateId: null,
      closed: false,
      close() {
        if (client.closed) return;
        client.closed = true;
        controller.abort();
        sseClients.delete(client);
      },
      on(fn) {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
    };
    sseClients.add(client);
    const ready = new Promise((resolve, reject) => {
      (async () => {
        const res = await fetch(`${base}/api/v1/queue/stream`, {
          signal: controller.signal,
          headers: { accept: "text/event-stream" },
        });
        if (res.status !== 200) throw new Error(`queue stream: ${res.status}`);
        const decoder = new TextDecoder();
        let buffer = "";
        for await (const chunk of res.body) {
          const at = performance.now();
          // The server ends lines with \n; \r\n is folded in case a proxy changed them.
          buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n/g, "\n");
          let cut;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event = { id: null, event: "message", data: [], at };
            for (const line of block.split("\n")) {
              if (!line || line.startsWith(":")) continue;
              const colon = line.indexOf(":");
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
              if (field === "id") event.id = Number(value);
              else if (field === "event") event.event = value;
              else if (field === "data") event.data.push(value);
            }
            if (!event.data.length) continue;
            event.data = JSON.parse(event.data.join("\n"));
            if (event.event === "state" && client.firstStateId === null) {
              client.firstStateId = event.id;
              resolve(client);
            }
            for (const fn of listeners) fn(event);
          }
        }
        if (!client.closed) throw new Error("queue stream ended");
      })().catch((error) => {
        if (!client.closed) {
          client.error = error;
          log(`SSE client: ${error.message}`);
        }
        reject(error);
      });
    });
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error("no first state on the queue stream")), HTTP_TIMEOUT_MS);
    });
    return Promise.race([ready, timeout]).finally(() => clearTimeout(timer));
  }

  /** Resolves with the first event that `match` accepts (also one already seen in `seen`), or null on timeout. */
  function waitEvent(sse, match, timeoutMs) {
    return new Promise((resolve) => {
      const off = sse.on((event) => {
        if (match(event)) {
          off();
          clearTimeout(timer);
          resolve(event);
        }
      });
      const timer = setTimeout(() => {
        off();
        resolve(null);
      }, timeoutMs);
    });
  }

  // ── CPU accounting from /proc (Linux): the app's process group, the PostgreSQL backends of its
  // database, the browser's process group, this process, and whatever else the machine did meanwhile.
  async function cpuSnapshot(serverPid, pgDb, browserPid = null) {
    if (!HAS_PROC) return null;
    let pgPids = [];
    if (pgDb && monitorSql)
      pgPids = (await monitorSql`select pid from pg_stat_activity where datname = ${pgDb}`).map((r) => r.pid);
    return {
      at: process.hrtime.bigint(),
      machine: machineBusy(),
      server: groupSeconds(serverPid),
      browser: browserPid ? groupSeconds(browserPid) : 0,
      pg: new Map(pgPids.map((pid) => [pid, procSeconds(pid)?.cpu ?? 0])),
      self: process.cpuUsage(),
    };
  }

  // ── one app: tickets, then the push phase, then the end-to-end phase ──
  async function runDb(db) {
    const result = {
      db,
      push: [],
      pushState: [],
      pushFromRequest: [],
      pushCallMs: [],
      pushMissed: 0,
      pushEarly: 0,
      e2e: [],
      e2eCallMs: [],
      e2eMissed: 0,
      e2eEarly: 0,
      cpu: {},
    };
    let pgDb = null;
    const need = 2 * (opts.calls + opts.warmup);
    let app;
    if (db === "postgres") {
      const appDb = `${tag}_calls`;
      const admin = postgres(pgUrl("postgres"), { max: 1, onnotice: () => {}, connect_timeout: 5 });
      sqlClients.add(admin);
      result.version = `PostgreSQL ${(await admin`show server_version`)[0].server_version}`;
      databases.add(appDb);
      await admin.unsafe(`create database "${appDb}"`);
      // Kept open (one connection, on the `postgres` database) to find the backends to account for.
      monitorSql = admin;
      pgDb = appDb;
      app = await start("app-postgres", { DATABASE_URL: pgUrl(appDb), DATA_DIR: path.join(tmp, "data-postgres") });
      if (app.health.db !== "postgres") throw new Error(`app-postgres reports db ${app.health.db}`);
      // The daily cap of queue A (300) is below what a run needs: raise it (read on every issue).
      const appSql = postgres(pgUrl(appDb), { max: 1, onnotice: () => {} });
      sqlClients.add(appSql);
      await appSql`update queues set daily_cap = 999 where prefix = ${QUEUE}`;
      await appSql.end({ timeout: 2 });
      sqlClients.delete(appSql);
    } else {
      // PGlite allows one process per folder: start once (migrate, load the demo), stop, raise the
      // daily cap of queue A with @electric-sql/pglite, start again.
      const pgliteDir = path.join(tmp, "pglite");
      const env = { DATABASE_URL: "", PGLITE_DIR: pgliteDir, DATA_DIR: path.join(tmp, "data-pglite") };
      const first = await start("app-pglite-init", env);
      if (first.health.db !== "pglite") throw new Error(`app-pglite reports db ${first.health.db}`);
      await stopApp(first, 30_000);
      const lock = `${pgliteDir}.pid`;
      if (existsSync(lock)) rmSync(lock, { force: true });
      const { PGlite } = await import("@electric-sql/pglite");
      pglite = await PGlite.create(pgliteDir);
      await pglite.query(`update queues set daily_cap = 999 where prefix = $1`, [QUEUE]);
      result.version = `PGlite ${(await pglite.query("show server_version")).rows[0].server_version}`;
      await pglite.close();
      pglite = null;
      app = await start("app-pglite", env);
    }
    const { base } = app;

    const kiosk = await signIn(base, "kiosk", { timeoutMs: HTTP_TIMEOUT_MS });
    const clerk = await signIn(base, "clerk1", { timeoutMs: HTTP_TIMEOUT_MS });
    const { body: windowsBody } = await expectOk("GET /api/v1/windows", clerk.request("GET", "/api/v1/windows"));
    const win = windowsBody.windows.find((w) => w.number === WINDOW_NUMBER);
    if (!win) throw new Error(`no window ${WINDOW_NUMBER} in ${JSON.stringify(windowsBody)}`);
    if (JSON.stringify(win.queues) !== JSON.stringify([QUEUE]))
      log(`window ${WINDOW_NUMBER} calls queues ${win.queues.join(", ")} (expected ${QUEUE} only)`);

    // Empty the window's queues, so that every call below is one of our tickets, in order.
    let drained = 0;
    for (;;) {
      const res = await expectOk(
        "call-next (drain)",
        clerk.request("POST", `/api/v1/windows/${win.id}/call-next`),
        [200, 204],
      );
      if (res.status === 204) break;
      await expectOk("finish (drain)", clerk.request("POST", `/api/v1/tickets/${res.body.ticket.id}/finish`));
      if (++drained > 2000) throw new Error("window never empties");
    }
    if (drained) log(`${db}: drained ${drained} waiting ticket(s) first`);

    const issued = [];
    const issueStart = performance.now();
    for (let i = 0; i < need; i++) {
      const res = await expectOk("POST /api/v1/tickets", kiosk.request("POST", "/api/v1/tickets", { queue: QUEUE }));
      issued.push(res.body.number);
    }
    log(
      `${db}: issued ${need} tickets ${issued[0]}…${issued.at(-1)} in ${((performance.now() - issueStart) / 1000).toFixed(1)} s`,
    );

    async function callNext() {
      const started = performance.now();
      const res = await expectOk("call-next", clerk.request("POST", `/api/v1/windows/${win.id}/call-next`));
      return { ticket: res.body.ticket, started, t0: res.at, t0Wall: res.atWall, callMs: res.at - started };
    }
    const finish = (ticket) => expectOk("finish", clerk.request("POST", `/api/v1/tickets/${ticket.id}/finish`));

    // ── push: one SSE client in this process ──
    const snapshot = () => cpuSnapshot(app.pid, pgDb);
    const sse = await openSse(base);
    log(
      `${db}: SSE client connected (first state id ${sse.firstStateId}); push phase, ${opts.warmup} warm-up + ${opts.calls} calls`,
    );
    const callsSeen = new Map();
    const statesSeen = new Map();
    sse.on((event) => {
      if (event.event === "call" && event.data.kind === "called" && !callsSeen.has(event.data.ticket))
        callsSeen.set(event.data.ticket, event.at);
      if (event.event === "state") {
        for (const c of event.data.calling)
          if (c.window === WINDOW_NUMBER && !statesSeen.has(c.ticket)) statesSeen.set(c.ticket, event.at);
      }
    });
    let before = null;
    for (let i = 0; i < opts.warmup + opts.calls; i++) {
      if (interrupted) throw new Error("interrupted");
      const measured = i >= opts.warmup;
      if (i === opts.warmup) before = await snapshot();
      const stateAfter = (number) => (e) =>
        e.event === "state" && e.data.calling.some((c) => c.window === WINDOW_NUMBER && c.ticket === number);
      const { ticket, started, t0, callMs } = await callNext();
      const number = ticket.number;
      const [callAt, stateAt] = await Promise.all([
        callsSeen.has(number)
          ? callsSeen.get(number)
          : waitEvent(sse, (e) => e.event === "call" && e.data.ticket === number, EVENT_TIMEOUT_MS).then(
              (e) => e?.at ?? null,
            ),
        statesSeen.has(number)
          ? statesSeen.get(number)
          : waitEvent(sse, stateAfter(number), EVENT_TIMEOUT_MS).then((e) => e?.at ?? null),
      ]);
      if (measured) {
        result.pushCallMs.push(callMs);
        if (callAt === null) result.pushMissed++;
        else {
          const latency = callAt - t0;
          if (latency <= 0) result.pushEarly++;
          result.push.push(latency);
          result.pushFromRequest.push(callAt - started);
        }
        if (stateAt !== null) result.pushState.push(stateAt - t0);
      }
      // Finish it, and let the state that follows the finish arrive before the next call.
      const gone = waitEvent(
        sse,
        (e) => e.event === "state" && !e.data.calling.some((c) => c.ticket === number),
        EVENT_TIMEOUT_MS,
      );
      await finish(ticket);
      await gone;
      await sleep(opts.pause);
    }
    result.cpu.push = cpuDelta(before, await snapshot());
    sse.close();
    if (sse.error) throw sse.error;
    log(
      `${db}: push p50 ${fmtMs(percentile(result.push, 50))} ms, p95 ${fmtMs(percentile(result.push, 95))} ms, ${result.pushMissed} missed`,
    );

    // ── end to end: the /display page in Chromium ──
    const { chromium } = await import("@playwright/test");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      timeout: 60_000,
    });
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.addInitScript(() => {
      // Headless Chromium has no voices: a fake speechSynthesis that "says" each sentence at once.
      class FakeUtterance {
        constructor(text) {
          this.text = text;
          this.lang = "";
          this.rate = 1;
          this.pitch = 1;
          this.volume = 1;
          this.voice = null;
          this.onend = null;
          this.onerror = null;
          this.onstart = null;
        }
      }
      const fake = {
        speaking: false,
        pending: false,
        paused: false,
        speak(utterance) {
          setTimeout(() => utterance.onend?.({ utterance }), 5);
        },
        cancel() {},
        pause() {},
        resume() {},
        getVoices: () => [],
        addEventListener() {},
        removeEventListener() {},
      };
      Object.defineProperty(window, "speechSynthesis", { configurable: true, get: () => fake });
      window.SpeechSynthesisUtterance = FakeUtterance;
    });
    const seenInDom = new Map();
    const domWaiters = new Map();
    await page.exposeFunction("__benchSeen", (number, at) => {
      if (!seenInDom.has(number)) seenInDom.set(number, at);
      domWaiters.get(number)?.(at);
    });
    await page.goto("/login?next=/display");
    await page.getByLabel("用户名").fill("display");
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(/\/display$/, { timeout: 60_000 });
    await page.getByTestId("display-connection").filter({ hasText: "实时" }).waitFor();
    await page.getByTestId("display-latest").waitFor();
    await page.evaluate(() => {
      const el = document.querySelector("[data-testid=display-latest]");
      const read = () => (el.textContent.match(/[A-Z]\d{3,}/) ?? [null])[0];
      let last = read();
      window.__benchSeenList = [];
      new MutationObserver(() => {
        const now = Date.now();
        const number = read();
        if (number && number !== last) {
          last = number;
          window.__benchSeenList.push({ number, at: now });
          window.__benchSeen(number, now);
        }
      }).observe(el, { childList: true, subtree: true, characterData: true });
    });
    log(`${db}: Chromium shows /display; end-to-end phase, ${opts.warmup} warm-up + ${opts.calls} calls`);
    const browserPid = chromiumChildPid();
    before = null;
    for (let i = 0; i < opts.warmup + opts.calls; i++) {
      if (interrupted) throw new Error("interrupted");
      const measured = i >= opts.warmup;
      if (i === opts.warmup) before = await cpuSnapshot(app.pid, pgDb, browserPid);
      const { ticket, t0Wall, callMs } = await callNext();
      const number = ticket.number;
      const domAt = seenInDom.has(number)
        ? seenInDom.get(number)
        : await new Promise((resolve) => {
            const timer = setTimeout(() => {
              domWaiters.delete(number);
              resolve(null);
            }, EVENT_TIMEOUT_MS);
            domWaiters.set(number, (at) => {
              clearTimeout(timer);
              domWaiters.delete(number);
              resolve(at);
            });
          });
      if (measured) {
        result.e2eCallMs.push(callMs);
        if (domAt === null) result.e2eMissed++;
        else {
          const latency = domAt - t0Wall;
          if (latency <= 0) result.e2eEarly++;
          result.e2e.push(latency);
        }
      }
      await finish(ticket);
      // The state that follows the finish takes the ticket off the screen's list of windows.
      await page
        .waitForFunction(
          (n) => !document.querySelector("[data-testid=display-calls]")?.textContent.includes(n),
          number,
          { polling: "raf", timeout: EVENT_TIMEOUT_MS },
        )
        .catch((error) =>
          log(`${db}: ${number} still on the screen's list after its finish: ${error.message.split("\n")[0]}`),
        );
      await sleep(opts.pause);
    }
    result.cpu.e2e = cpuDelta(before, await cpuSnapshot(app.pid, pgDb, browserPid));
    const domList = await page.evaluate(() => window.__benchSeenList.length);
    await browser.close();
    browser = null;
    log(
      `${db}: end to end p50 ${fmtMs(percentile(result.e2e, 50))} ms, p95 ${fmtMs(percentile(result.e2e, 95))} ms, ${result.e2eMissed} missed (${domList} changes seen on the screen)`,
    );

    await stopApp(app, 30_000);
    if (monitorSql) {
      await monitorSql.end({ timeout: 2 }).catch(() => {});
      sqlClients.delete(monitorSql);
      monitorSql = null;
    }
    return result;
  }

  const results = [];
  let failure = null;
  requireBuild(ROOT);
  const loadAtStart = loadBefore(log);
  try {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM)`);
    for (const db of opts.dbs) {
      const r = await runDb(db);
      results.push(r);
      const missed = r.pushMissed + r.e2eMissed;
      if (missed > 2 * opts.calls * MISSED_SHARE)
        throw new Error(`${db}: ${missed} of ${2 * opts.calls} calls never reached the client`);
    }
  } catch (error) {
    failure = error;
  }

  await cleanup();
  clearTimeout(watchdog);
  if (interrupted) return;
  if (failure) {
    log(`FAILED: ${failure.stack ?? failure}`);
    process.exitCode = 1;
    return;
  }

  const md = report(results, opts, loadAtStart);
  process.stdout.write(`\n${md}\n`);
  writeFileSync(path.join(HERE, "last-run.md"), md + "\n");
  log(`written to ${path.relative(ROOT, path.join(HERE, "last-run.md"))}`);
}

// ───────────────────────────────────────── the report ───────────────────────────────────────────

function report(results, opts, loadBefore) {
  const mark = (ok) => (ok ? "✅ met" : "❌ not met");
  const label = { pglite: "PGlite", postgres: "PostgreSQL" };
  const row = (db, what, values, { missed = 0, early = null, target = null } = {}) => {
    const clamped = values.map((v) => Math.max(0, v));
    const p95 = percentile(clamped, 95);
    const goal = target === null ? "—" : `≤ ${target} ms ${mark(p95 !== null && p95 <= target && missed === 0)}`;
    const signed = early === null ? "—" : `${early} (min ${fmtMs(values.length ? Math.min(...values) : null)})`;
    return `| ${db} | ${what} | ${values.length}${missed ? ` (+${missed} missed)` : ""} | ${fmtMs(percentile(clamped, 50))} | ${fmtMs(p95)} | ${fmtMs(percentile(clamped, 99))} | ${fmtMs(clamped.length ? Math.max(...clamped) : null)} | ${signed} | ${goal} |`;
  };
  const lines = [
    `# Call latency benchmark — ${new Date().toISOString()}`,
    "",
    `Machine: nproc ${os.availableParallelism()} (${os.cpus()[0]?.model?.trim() ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.version}, ${results.map((r) => r.version).join(", ")}, ${os.platform()} ${os.release()}. Load average before the run: ${loadBefore.toFixed(2)}.`,
    `Settings: ${opts.calls} measured calls per phase (after ${opts.warmup} warm-up calls), one at a time at window ${WINDOW_NUMBER} (queue ${QUEUE}), ${opts.pause} ms pause between calls.`,
    "",
    "| Database | Measure | n | p50 ms | p95 ms | p99 ms | max ms | arrived ≤ 0 ms (signed min) | p95 target |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const r of results) {
    const db = label[r.db];
    lines.push(
      row(db, "push: call-next response → `event: call` on an SSE client", r.push, {
        missed: r.pushMissed,
        early: r.pushEarly,
        target: TARGETS.pushP95Ms,
      }),
    );
    lines.push(
      row(db, "push: call-next response → `event: state` after it (what the screen renders)", r.pushState, {
        early: r.pushState.filter((v) => v <= 0).length,
      }),
    );
    lines.push(row(db, "push, for reference: call-next request sent → `event: call`", r.pushFromRequest));
    lines.push(
      row(db, "end to end: call-next response → ticket in `display-latest` (Chromium)", r.e2e, {
        missed: r.e2eMissed,
        early: r.e2eEarly,
        target: TARGETS.endToEndP95Ms,
      }),
    );
    lines.push(row(db, "call-next response time (push phase)", r.pushCallMs));
    lines.push(row(db, "call-next response time (end-to-end phase)", r.e2eCallMs));
  }
  const cores = (x) => (x == null ? "—" : x.toFixed(2));
  const cpuLine = (name, c) =>
    c
      ? `${name}: machine ${cores(c.machine)} of ${os.availableParallelism()} cores busy — app ${cores(c.server)}, PostgreSQL ${c.pg ? cores(c.pg) : "—"}, Chromium ${c.browser ? cores(c.browser) : "—"}, this script ${cores(c.self)}, **other processes ${cores(c.others)}**`
      : `${name}: —`;
  lines.push(
    "",
    'CPU during the measured calls (from /proc; "other processes" well above 0 means the numbers are disturbed):',
    "",
  );
  for (const r of results) {
    lines.push(`- ${label[r.db]}, ${cpuLine("push phase", r.cpu.push)}`);
    lines.push(`- ${label[r.db]}, ${cpuLine("end-to-end phase", r.cpu.e2e)}`);
  }
  lines.push(
    "",
    "Latencies start when this process has read the whole call-next response. Push: arrival of the event's bytes on an SSE client (a `fetch` in the same " +
      "process, `performance.now()`). End to end: `Date.now()` in a MutationObserver on `[data-testid=display-latest]` of /display (signed in as `display`, speech stubbed), " +
      'minus `Date.now()` here. "≤ 0 ms" counts events that arrived before the response was read (counted as 0 in the percentiles). ' +
      "A target is met when p95 is within it and no call was missed (no event within 10 s). Percentiles are nearest-rank.",
  );
  return lines.join("\n");
}

// ───────────────────────────────────────── small things ─────────────────────────────────────────

function cpuDelta(a, b) {
  if (!a || !b) return null;
  const wall = Number(b.at - a.at) / 1e9;
  const server = b.server - a.server;
  const browser = b.browser - a.browser;
  // Backends that appeared during the phase count from zero.
  let pg = 0;
  for (const [pid, seconds] of b.pg) pg += seconds - (a.pg.get(pid) ?? 0);
  const self = (b.self.user - a.self.user + b.self.system - a.self.system) / 1e6;
  const machine = b.machine - a.machine;
  return {
    wall,
    machine: machine / wall,
    server: server / wall,
    pg: pg / wall,
    browser: browser / wall,
    self: self / wall,
    others: Math.max(0, machine - server - pg - browser - self) / wall,
  };
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

/** The browser Playwright started from this process (its own process group), or null. */
function chromiumChildPid() {
  if (!HAS_PROC) return null;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && /chrom/i.test(comm)) return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/** CPU seconds of every live process in the group (the server, or the browser, and what it forked). */
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

function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function intArg(name, value, min, max) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be an integer in [${min}, ${max}]`);
    process.exit(64);
  }
  return n;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function fmtMs(x) {
  return x == null ? "—" : x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

await main();
