import "server-only";
import http from "node:http";
import { closeDatabase } from "@/db/client";
import { stopBackgroundJobs } from "@/lib/jobs";
import { closeQueueStreams, queueFeedsSettled } from "@/lib/queue/stream";
import { logError } from "@/lib/log";

// SIGTERM (systemd's stop, a rolling deploy) or SIGINT: stop taking requests, finish those in
// flight, close the live-queue streams and the database, then exit.
//
// `next start` (Next 16, server/lib/start-server.js) already does the first half: on SIGTERM/SIGINT
// it calls `server.close()` — no new connections; the requests in flight go on — waits until every
// connection has ended, then calls `process.exit(143)` (130 for SIGINT). What it leaves out:
// - connections kept alive (65 s, scripts/node-flags.mjs) that become idle after SIGTERM are never
//   closed: Node's `close()` closes only those idle at that moment, so the exit waited up to 65 s
//   for a browser's or nginx's idle connection. Below, every answer given after SIGTERM says
//   `Connection: close`, and idle connections are closed until the server has stopped;
// - the live-queue streams never end by themselves, so `close()` waited for ever: they are closed
//   at once (the screens reconnect to another instance, or to this one once it is back);
// - the database: `process.exit` does not wait for PGlite to close (its files consistent, its
//   pid file removed) nor for postgres.js to end its connections. Next's `process.exit` is
//   therefore held until the background jobs have stopped and the database is closed.
// A shutdown that takes longer than SHUTDOWN_TIMEOUT_MS (a request hung) exits anyway.

const SHUTDOWN_TIMEOUT_MS = 25_000;
const IDLE_SWEEP_MS = 100;

const holder = globalThis as typeof globalThis & { __yichuangShutdown?: { stopping: boolean } };

export function installGracefulShutdown() {
  if (holder.__yichuangShutdown) return;
  const state = { stopping: false };
  holder.__yichuangShutdown = state;

  // Every answer written after the signal asks the client not to reuse the connection (all of
  // them pass through writeHead, also those with implicit headers), so that the server's close is
  // not held up by connections kept alive, and a client does not send a next request on a
  // connection that is about to close.
  const writeHead = http.ServerResponse.prototype.writeHead;
  http.ServerResponse.prototype.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
    if (state.stopping && !this.headersSent) this.shouldKeepAlive = false;
    return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args);
  } as typeof writeHead;
  // Once `next start` has closed its server: close the connections that become idle (an answer
  // begun before the signal, with keep-alive) until the server has stopped.
  const close = http.Server.prototype.close;
  http.Server.prototype.close = function (this: http.Server, ...args: unknown[]) {
    if (state.stopping) {
      const sweep = setInterval(() => this.closeIdleConnections(), IDLE_SWEEP_MS);
      this.once("close", () => clearInterval(sweep));
    }
    return (close as (...a: unknown[]) => http.Server).apply(this, args);
  } as typeof close;

  let finishing: Promise<void> | null = null;
  const finish = () =>
    (finishing ??= (async () => {
      await stopBackgroundJobs();
      // PGlite's close never returns under a snapshot being built (lib/queue/stream.ts).
      await queueFeedsSettled();
      await closeDatabase();
      console.log("[yichuang] database closed");
    })().catch((error: unknown) => logError("closing the database at shutdown failed", error)));

  const onSignal = (signal: NodeJS.Signals) => {
    if (state.stopping) return;
    state.stopping = true;
    console.log(`[yichuang] ${signal}: finishing the requests in flight, then closing the database`);
    closeQueueStreams();
    void stopBackgroundJobs();
    const exit = process.exit.bind(process);
    // Next calls process.exit once its server has stopped: close the database first.
    process.exit = ((code?: number) => {
      void finish().finally(() => exit(code));
    }) as typeof process.exit;
    setTimeout(() => {
      console.warn(`[yichuang] the shutdown took longer than ${SHUTDOWN_TIMEOUT_MS / 1000} s: exiting now`);
      exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
  };
  // Before next start's own handler, which closes its server at once: the streams must be closed
  // and the idle sweep armed by then.
  process.prependOnceListener("SIGTERM", onSignal);
  process.prependOnceListener("SIGINT", onSignal);
}
