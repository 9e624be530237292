// What the benchmarks share: the PostgreSQL address; starting the built app (`next start`) or any
// other node process in a process group of its own (so that stopping it stops anything it forked),
// the app with the environment cleaned of the caller's yichuang settings, ready when /api/health
// answers ok; stopping them (all of them on exit, as a last resort); a staff sign-in.

import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";
import { NEXT_START_ARGS, NODE_FLAGS } from "../../scripts/node-flags.mjs";

export const DEMO_PASSWORD = "yichuang-demo";

/** Exits with a message when `root` holds no production build: the benchmarks measure a build, never make one. */
export function requireBuild(root) {
  if (existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  console.error("no production build in .next (run `npx next build` first; this script never builds)");
  process.exit(1);
}

/** The load average now, logged as a warning when something else is running. */
export function loadBefore(log) {
  const load = os.loadavg()[0];
  if (load > 1) log(`load average ${load.toFixed(2)}: something else is running, the numbers will be disturbed`);
  return load;
}

/** A name for this run's throw-away databases. */
export const benchTag = () => `yichuang_bench_${process.pid}_${Date.now().toString(36)}`;

/** PostgreSQL for the benchmarks: 127.0.0.1:5432, user postgres, trust (PGHOST, PGPORT, PGUSER, PGPASSWORD override). */
export const PG = {
  host: process.env.PGHOST || "127.0.0.1",
  port: Number(process.env.PGPORT || 5432),
  user: process.env.PGUSER || "postgres",
  password: process.env.PGPASSWORD || "",
};
export const pgUrl = (db) =>
  `postgres://${encodeURIComponent(PG.user)}${PG.password ? `:${encodeURIComponent(PG.password)}` : ""}@${PG.host}:${PG.port}/${db}`;

const SETTINGS =
  /^(DATABASE_URL|PGLITE_DIR|DATA_DIR|DEMO|TRUST_PROXY|HALL_CODE|BOOKING_|RATE_LIMIT_|KIOSK_|NO_SHOW_|QUEUE_|SESSION_IDLE|LOGIN_|NEXT_PHASE|NEXTAUTH_|AUTH_|ENCRYPTION_KEY|PHONE_)/;

/**
 * Drops a bench database from a process "exit" handler, where nothing asynchronous runs any more:
 * psql, synchronously, best effort (psql may be missing; the database may be gone).
 */
export function dropDatabaseSync(name) {
  try {
    spawnSync(
      "psql",
      [
        "-h",
        PG.host,
        "-p",
        String(PG.port),
        "-U",
        PG.user,
        "-d",
        "postgres",
        "-qc",
        `drop database if exists "${name}" with (force)`,
      ],
      { stdio: "ignore", timeout: 5000, env: { ...process.env, PGPASSWORD: PG.password } },
    );
  } catch {
    // best effort
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every process started here and not yet exited: stopped by stopAll(), killed on exit as a last resort.
const running = new Set();
let spawned = 0;
process.on("exit", () => {
  for (const proc of running) signalGroup(proc, "SIGKILL");
});

function signalGroup(proc, signal) {
  try {
    process.kill(-proc.pid, signal);
  } catch {
    try {
      proc.child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Starts `node <args>` in a process group of its own (so that stopping it stops anything it forked),
 * its output in `<logDir>/yichuang-bench-<name>-….log`; `env` is passed as it is.
 */
export function startProcess({ name, args, env, cwd, logDir = os.tmpdir(), log = () => {} }) {
  const logFile = path.join(logDir, `yichuang-bench-${name}-${process.pid}-${++spawned}.log`);
  const fd = openSync(logFile, "a");
  const child = spawn(process.execPath, args, { cwd, env, detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const proc = { name, child, pid: child.pid, logFile, log };
  proc.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  running.add(proc);
  void proc.exited.then(() => running.delete(proc));
  return proc;
}

function logTail(proc, lines = 30) {
  try {
    return readFileSync(proc.logFile, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** Polls `url` until it answers 200 with a body `accept` takes; resolves with that body (or throws with the log's tail). */
export async function waitReady(proc, url, { timeoutMs = 240_000, accept = () => true } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null)
      throw new Error(
        `${proc.name} exited (${proc.child.exitCode ?? proc.child.signalCode}) before it was ready:\n${logTail(proc)}`,
      );
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      const body = await res.json().catch(() => null);
      if (res.status === 200 && accept(body)) return body;
      last = `${res.status} ${JSON.stringify(body)}`;
    } catch (error) {
      last = error.message;
    }
    await sleep(300);
  }
  throw new Error(`${proc.name} not ready after ${timeoutMs / 1000} s (last: ${last}):\n${logTail(proc)}`);
}

/**
 * Starts `next start` of the build in `root` on a free port, with the caller's yichuang settings
 * removed from the environment and `env` added (and `nodeArgs` after the usual node flags, e.g. a
 * preload); resolves when /api/health says ok, with `base` and `health` (its body) beside what
 * startProcess gives.
 */
/**
 * One pair of keys for every app a run starts: on PostgreSQL the app refuses to start without both,
 * and two instances (or a restart) must share them to read each other's data.
 */
const RUN_SECRETS = {
  NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
  ENCRYPTION_KEY: randomBytes(32).toString("hex"),
};

export async function startApp({
  root,
  env,
  log = () => {},
  timeoutMs = 240_000,
  name = "app",
  logDir,
  nodeArgs = [],
}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !SETTINGS.test(key)));
  const port = await freePort();
  const nextBin = createRequire(path.join(root, "package.json")).resolve("next/dist/bin/next");
  const app = startProcess({
    name,
    // As `npm start` runs it (scripts/node-flags.mjs); BENCH_APP_NODE_ARGS adds node flags (e.g.
    // "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the app).
    args: [
      ...NODE_FLAGS,
      ...(process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
      ...nodeArgs,
      nextBin,
      "start",
      ...NEXT_START_ARGS,
      "-H",
      "127.0.0.1",
      "-p",
      String(port),
    ],
    env: { ...clean, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...RUN_SECRETS, ...env },
    cwd: root,
    logDir,
    log,
  });
  app.base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  try {
    app.health = await waitReady(app, `${app.base}/api/health`, { timeoutMs, accept: (b) => b?.status === "ok" });
  } catch (error) {
    await stopApp(app);
    throw error;
  }
  log(`${name} ready on :${port} (db ${app.health.db}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return app;
}

/** SIGTERM to the process group of what startProcess/startApp started, SIGKILL after `graceMs`. */
export async function stopApp(app, graceMs = 15_000) {
  if (app.child.exitCode === null && app.child.signalCode === null) {
    signalGroup(app, "SIGTERM");
    const stopped = await Promise.race([app.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!stopped) {
      app.log(`${app.name} did not stop in ${graceMs / 1000} s: SIGKILL`);
      signalGroup(app, "SIGKILL");
      await Promise.race([app.exited, sleep(5000)]);
    }
  }
  // The group may hold more than the leader; make sure none of it is left.
  signalGroup(app, "SIGKILL");
}

/** Stops everything started here that is still running. */
export async function stopAll(graceMs) {
  await Promise.all([...running].map((proc) => stopApp(proc, graceMs).catch(() => {})));
}

/**
 * A signed-in staff account's requests (cookie jar of one), as a browser would send them; each
 * answer carries `at` (performance.now()) and `atWall` (Date.now()) of when it had been read whole.
 * `timeoutMs` bounds every request (none by default).
 */
export async function signIn(base, username, { timeoutMs } = {}) {
  const signal = () => (timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined);
  const jar = new Map();
  const keep = (res) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`, { signal: signal() });
  keep(csrf);
  const { csrfToken } = await csrf.json();
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: base },
    body: new URLSearchParams({ csrfToken, username, password: DEMO_PASSWORD, json: "true" }).toString(),
    signal: signal(),
  });
  keep(res);
  await res.arrayBuffer();
  if (![...jar.keys()].some((k) => k.endsWith("next-auth.session-token")))
    throw new Error(`sign-in of ${username} failed: ${res.status}, no session cookie`);
  return {
    username,
    /** The session's Cookie header, for a client of the caller's own (a live stream). */
    cookie,
    /** A page as the browser gets it: status and HTML, read whole. */
    async page(urlPath) {
      const r = await fetch(base + urlPath, { headers: { cookie: cookie() }, redirect: "manual", signal: signal() });
      const text = await r.text();
      return { status: r.status, text, at: performance.now() };
    },
    async request(method, urlPath, body) {
      const r = await fetch(base + urlPath, {
        method,
        headers: {
          cookie: cookie(),
          origin: base,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal(),
      });
      const text = await r.text();
      // When the whole response has been read: where the caller's latencies may start.
      const at = performance.now();
      const atWall = Date.now();
      return { status: r.status, body: text ? JSON.parse(text) : null, at, atWall };
    },
  };
}
