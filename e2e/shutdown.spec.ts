import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { expect, test } from "./fixtures";
import { SHARED_SECRETS } from "./shared-secrets";

// A graceful shutdown (lib/jobs/graceful-shutdown.ts): `npm start` (scripts/start.mjs, which passes
// the signal on to `next start`) gets SIGTERM while villagers book and read availability over
// kept-alive connections and a TV holds the live-queue stream. No request is answered 5xx or cut
// off mid-answer; a request the server refused at the door (the connection closed before it was
// read) left nothing in the database; every booking answered 201 is there; the TV's stream ends
// cleanly; the process exits within SHUTDOWN_BOUND_MS, having closed its database (PGlite's
// folder released). On each database, on a server of its own: its own PGlite folder, or its own
// PostgreSQL database beside E2E_DATABASE_URL's. Ports PORT_BASE + 8 (PGlite) and + 9 (PostgreSQL).

test.describe.configure({ timeout: 240_000 });

const ROOT = process.cwd();
const SHUTDOWN_BOUND_MS = 15_000;
const VILLAGERS = 16;

interface Outcome {
  kind: "booking" | "availability";
  key?: string;
  sentAt: number;
  answeredAt?: number;
  status?: number;
  code?: string;
  /** The answer began but did not arrive whole. */
  cut?: boolean;
  /** No answer at all: the connection was refused or closed before the request was read. */
  refused?: string;
}

function request(
  agent: http.Agent,
  port: number,
  method: string,
  urlPath: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return new Promise<{ status: number; text: string } | { cut: true } | { refused: string }>((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path: urlPath,
        agent,
        headers: { ...headers, ...(payload ? { "content-type": "application/json" } : {}) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          const length = Number(res.headers["content-length"] ?? NaN);
          if (res.complete && (Number.isNaN(length) || Buffer.byteLength(text) === length))
            resolve({ status: res.statusCode!, text });
          else resolve({ cut: true });
        });
        res.on("aborted", () => resolve({ cut: true }));
        res.on("error", () => resolve({ cut: true }));
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ refused: error.code ?? error.message }));
    req.end(payload);
  });
}

test("SIGTERM mid-load: requests in flight are answered whole, nothing 5xx, streams and database closed, exit in bounds", async () => {
  const testInfo = test.info();
  const db = testInfo.project.metadata.db as "pglite" | "postgres";
  const port = Number(process.env.E2E_PORT_BASE ?? 3100) + (db === "pglite" ? 8 : 9);
  const dataDir = mkdtempSync(path.join(tmpdir(), "yichuang-e2e-shutdown-"));
  const pgliteDir = path.join(dataDir, "pglite");
  let databaseUrl = "";
  let admin: postgres.Sql | undefined;
  let dbName = "";
  if (db === "postgres") {
    const base = new URL(process.env.E2E_DATABASE_URL!);
    dbName = `${base.pathname.slice(1)}_shutdown`;
    const adminUrl = new URL(base);
    adminUrl.pathname = "/postgres";
    admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.unsafe(`create database "${dbName}"`);
    const url = new URL(base);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }

  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !/^(DATABASE_URL|PGLITE_DIR|DATA_DIR|DEMO|NEXTAUTH_|ENCRYPTION_KEY|PORT$)/.test(name))
      env[name] = value;
  const server: ChildProcess = spawn(process.execPath, ["scripts/start.mjs", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    env: {
      ...env,
      ...SHARED_SECRETS,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DEMO: "0",
      DATA_DIR: dataDir,
      ...(db === "postgres" ? { DATABASE_URL: databaseUrl } : { PGLITE_DIR: pgliteDir }),
      RATE_LIMIT_PER_MINUTE: "0",
      PHONE_VERIFICATION: "off",
      // Whatever the weekday: sessions far enough ahead for slots to book.
      BOOKING_HORIZON_DAYS: "60",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    server.on("exit", (code) => resolve({ code, at: Date.now() })),
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: VILLAGERS + 4 });

  try {
    const base = `http://127.0.0.1:${port}`;
    await expect
      .poll(
        async () => {
          if (server.exitCode !== null) return `exited: ${output}`;
          return (await fetch(`${base}/api/health`).catch(() => null))?.status ?? 0;
        },
        { timeout: 150_000, intervals: [500] },
      )
      .toBe(200);

    // Bookable slots, whatever today is: the next 60 days' window sessions.
    const { items } = (await (await fetch(`${base}/api/v1/services`)).json()) as {
      items: { code: string; bookable: boolean; channels?: string[] }[];
    };
    const service = items.find((i) => i.bookable && i.channels?.includes("window"))!.code;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const until = new Date(Date.now() + (8 + 24 * 45) * 3600_000).toISOString().slice(0, 10);
    const { slots } = (await (
      await fetch(`${base}/api/v1/availability?service=${service}&from=${today}&to=${until}`)
    ).json()) as { slots: { id: number; remaining: number }[] };
    const open = slots.filter((s) => s.remaining > 0).map((s) => s.id);
    expect(open.length, "bookable slots in the next 45 days").toBeGreaterThan(5);

    // A TV on the live queue.
    const tv = await new Promise<{ ended: Promise<"ended" | "cut">; firstEvent: Promise<void> }>((resolve, reject) => {
      const req = http.get(`${base}/api/v1/queue/stream`, (res) => {
        let text = "";
        const firstEvent = new Promise<void>((seen) =>
          res.on("data", (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes("event: state")) seen();
          }),
        );
        const ended = new Promise<"ended" | "cut">((done) => {
          res.on("end", () => done(res.complete ? "ended" : "cut"));
          res.on("aborted", () => done("cut"));
          res.on("error", () => done("cut"));
        });
        resolve({ ended, firstEvent });
      });
      req.on("error", reject);
    });
    await tv.firstEvent;

    const outcomes: Outcome[] = [];
    let stopping = false;
    let phone = 100_000_000 + Math.floor(Math.random() * 800_000_000);
    let n = 0;
    const villager = async (index: number) => {
      while (!stopping) {
        const booking = index % 4 !== 0;
        const key = `shutdown-${process.pid}-${++n}`;
        const outcome: Outcome = { kind: booking ? "booking" : "availability", key, sentAt: Date.now() };
        outcomes.push(outcome);
        const answer = booking
          ? await request(
              agent,
              port,
              "POST",
              "/api/v1/bookings",
              { service, slotId: open[n % open.length], name: "张三", phone: `13${String(++phone).slice(-9)}` },
              { "idempotency-key": key },
            )
          : await request(
              agent,
              port,
              "GET",
              `/api/v1/availability?service=${service}&from=${today}&to=${until}`,
              undefined,
            );
        if ("refused" in answer) {
          outcome.refused = answer.refused;
          // The server has stopped listening: this villager's next request goes elsewhere.
          if (answer.refused === "ECONNREFUSED") return;
        } else if ("cut" in answer) outcome.cut = true;
        else {
          outcome.answeredAt = Date.now();
          outcome.status = answer.status;
          if (answer.status === 201) outcome.code = (JSON.parse(answer.text) as { code: string }).code;
        }
      }
    };
    const loops = Array.from({ length: VILLAGERS }, (_, i) => villager(i));
    await expect.poll(() => outcomes.filter((o) => o.status === 201).length, { timeout: 60_000 }).toBeGreaterThan(20);

    const sigtermAt = Date.now();
    process.kill(server.pid!, "SIGTERM");
    const exit = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), SHUTDOWN_BOUND_MS))]);
    stopping = true;
    expect(exit, `exited within ${SHUTDOWN_BOUND_MS / 1000} s of SIGTERM:\n${output}`).not.toBeNull();
    await Promise.all(loops);
    expect(await tv.ended, "the TV's stream ended cleanly").toBe("ended");
    expect(exit!.code, output).toBe(143);
    expect(output).toContain("SIGTERM: finishing the requests in flight");
    expect(output).toContain("database closed");
    expect(output).not.toMatch(/closing the database at shutdown failed|took longer than/);

    // Answered after the signal: the requests in flight were finished, not dropped.
    const answeredAfter = outcomes.filter((o) => o.sentAt <= sigtermAt && o.answeredAt! >= sigtermAt);
    expect(answeredAfter.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.status !== undefined && o.status >= 500)).toEqual([]);
    expect(outcomes.filter((o) => o.cut)).toEqual([]);

    // What the database says (PGlite: the folder the server closed, opened here).
    const query = async (text: string, params: unknown[]) => {
      if (admin) {
        const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
        try {
          return (await sql.unsafe(text, params as never[])) as unknown as Record<string, unknown>[];
        } finally {
          await sql.end();
        }
      }
      expect(existsSync(`${pgliteDir}.pid`), "PGlite's folder released").toBe(false);
      const pg = await PGlite.create(pgliteDir);
      try {
        return (await pg.query<Record<string, unknown>>(text, params)).rows;
      } finally {
        await pg.close();
      }
    };
    const bookings = outcomes.filter((o) => o.kind === "booking");
    const rows = await query("select idempotency_key as key, code from bookings where idempotency_key = any($1)", [
      bookings.map((o) => o.key),
    ]);
    const byKey = new Map(rows.map((r) => [r.key as string, r.code as string]));
    for (const o of bookings) {
      if (o.status === 201) expect(byKey.get(o.key!), `booking ${o.code} answered 201`).toBe(o.code);
      // Refused at the door or refused with a 4xx: nothing of it in the database.
      else expect(byKey.has(o.key!), `booking ${o.key} answered ${o.status ?? o.refused}`).toBe(false);
    }
    testInfo.annotations.push({
      type: "shutdown",
      description: `${outcomes.length} requests, ${answeredAfter.length} answered after SIGTERM, ${outcomes.filter((o) => o.refused).length} refused at the door, exit in ${exit!.at - sigtermAt} ms`,
    });
  } finally {
    agent.destroy();
    if (server.exitCode === null && server.pid) {
      try {
        process.kill(-server.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    if (admin) {
      await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});
