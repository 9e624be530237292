// Starting and stopping the built app for a benchmark: `next start` in a process group of its own
// (so that stopping it stops anything it forked), with the environment cleaned of the caller's
// yichuang settings, ready when /api/health answers ok.

import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

export const DEMO_PASSWORD = "yichuang-demo";

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

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `next start` on a free port; resolves when /api/health says ok (or throws with the log's tail). */
export async function startApp({ root, env, log = () => {}, timeoutMs = 240_000 }) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !SETTINGS.test(key)));
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `yichuang-bench-app-${process.pid}-${port}.log`);
  const fd = openSync(logFile, "a");
  const nextBin = createRequire(path.join(root, "package.json")).resolve("next/dist/bin/next");
  const child = spawn(process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    env: { ...clean, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    detached: true,
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const app = { child, pid: child.pid, base: `http://127.0.0.1:${port}`, exited, logFile };
  const started = Date.now();
  const tail = () => readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app exited:\n${tail()}`);
    try {
      const res = await fetch(`${app.base}/api/health`, { signal: AbortSignal.timeout(3000) });
      const body = await res.json().catch(() => null);
      if (res.status === 200 && body?.status === "ok") {
        log(`app ready on :${port} (db ${body.db}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return app;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stopApp(app);
  throw new Error(`the app was not ready after ${timeoutMs / 1000} s:\n${tail()}`);
}

/** SIGTERM to the app's process group, SIGKILL after `graceMs`. */
export async function stopApp(app, graceMs = 15_000) {
  const kill = (signal) => {
    try {
      process.kill(-app.pid, signal);
    } catch {
      // already gone
    }
  };
  if (app.child.exitCode === null && app.child.signalCode === null) {
    kill("SIGTERM");
    await Promise.race([app.exited, new Promise((r) => setTimeout(r, graceMs))]);
  }
  kill("SIGKILL");
}

/** A signed-in staff account's requests (cookie jar of one), as a browser would send them. */
export async function signIn(base, username) {
  const jar = new Map();
  const keep = (res) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = await csrf.json();
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: base },
    body: new URLSearchParams({ csrfToken, username, password: DEMO_PASSWORD, json: "true" }).toString(),
  });
  keep(res);
  await res.arrayBuffer();
  if (![...jar.keys()].some((k) => k.endsWith("next-auth.session-token")))
    throw new Error(`sign-in of ${username} failed`);
  return {
    async request(method, urlPath, body) {
      const r = await fetch(base + urlPath, {
        method,
        headers: {
          cookie: cookie(),
          origin: base,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    },
  };
}
