// Starting and stopping the built app for a benchmark: `next start` in a process group of its own
// (so that stopping it stops anything it forked), with the environment cleaned of the caller's
// yichuang settings, ready when /api/health answers ok.

import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

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
