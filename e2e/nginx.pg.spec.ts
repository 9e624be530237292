import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { expect, signInApi, test } from "./fixtures";
import { desktop, SHARED_SECRETS, staffPage } from "./hall-support";
import { DisplayPage } from "./pages/display";
import { NEXT_START_ARGS } from "../scripts/node-flags.mjs";

// PostgreSQL only (*.pg.spec.ts): the shipped deploy/nginx.conf, run by Debian's nginx, in front of
// three app instances on one PostgreSQL (TRUST_PROXY=1, the same secrets). The file is used as
// shipped; only what ties it to a server is replaced (ports, certificate, log folder), and a
// response header naming the instance that answered is added so that the test knows which one
// to kill. Clients come from addresses of their own (127.x.y.z: Linux routes all of 127/8 to the
// loopback), so nginx sees them as different villagers, as it would on the internet.

test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use(desktop);

const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p));
const databaseUrl = process.env.E2E_DATABASE_URL!;
const RATE_LIMIT = 20;

interface Instance {
  port: number;
  dataDir: string;
  child?: ChildProcess;
}

let work: string;
let httpsPort: number;
let nginx: ChildProcess | undefined;
const instances: Instance[] = [];
/** A random 127.a.b.0/24 of this run, so that no other spec or run shares its rate-limit keys. */
const subnet = `127.${randomInt(10, 250)}.${randomInt(1, 250)}`;

function startInstance(instance: Instance) {
  instance.child = spawn("npx", ["next", "start", ...NEXT_START_ARGS, "-H", "127.0.0.1", "-p", String(instance.port)], {
    env: {
      ...process.env,
      ...SHARED_SECRETS,
      DATABASE_URL: databaseUrl,
      TRUST_PROXY: "1",
      // Demo mode answers a phone-code request with the code (no SMS gateway here).
      DEMO: "1",
      DATA_DIR: instance.dataDir,
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      LOGIN_PER_MINUTE: "2000",
      BOOKING_HORIZON_DAYS: "100",
    },
    stdio: "ignore",
    detached: true,
  });
}

async function waitUntil(check: () => Promise<boolean>, what: string, tries = 240) {
  for (let i = 0; i < tries; i++) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} did not come up`);
}

function killInstance(instance: Instance) {
  if (instance.child?.pid) {
    try {
      process.kill(-instance.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  instance.child = undefined;
}

/** Replace `from` in the shipped file, failing loudly when the file no longer has it. */
function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const replaced = text.replace(from, to);
  if (replaced === text) throw new Error(`deploy/nginx.conf no longer contains ${String(from)}: update this spec`);
  return replaced;
}

/** deploy/nginx.conf for this run: the test's ports, a self-signed certificate, logs in `work`. */
function siteConfig(ports: number[], httpPort: number): string {
  let site = readFileSync(path.join(process.cwd(), "deploy", "nginx.conf"), "utf8");
  site = replaceOnce(
    site,
    /^(\s*)server 127\.0\.0\.1:3000( [^;]*);$/m,
    ports.map((port) => `$1server 127.0.0.1:${port}$2;`).join("\n"),
  );
  site = replaceOnce(site, /^\s*listen \[::\]:80;$/m, "");
  site = replaceOnce(site, /^\s*listen \[::\]:443 ssl http2;$/m, "");
  site = replaceOnce(site, /listen 80;/, `listen 127.0.0.1:${httpPort};`);
  site = replaceOnce(site, /listen 443 ssl http2;/, `listen 127.0.0.1:${httpsPort} ssl http2;`);
  site = replaceOnce(site, "/etc/ssl/yichuang/fullchain.pem", path.join(work, "cert.pem"));
  site = replaceOnce(site, "/etc/ssl/yichuang/privkey.pem", path.join(work, "key.pem"));
  site = site.replaceAll("/var/log/nginx/", `${work}/`);
  // Which instance answered (for the test only: a public server does not show its addresses).
  site = site.replaceAll(
    "proxy_pass http://yichuang;",
    "proxy_pass http://yichuang;\n        add_header X-Yichuang-Upstream $upstream_addr always;",
  );
  return site;
}

interface Answer {
  status: number;
  body: unknown;
  upstream: string | undefined;
}

/** One HTTPS request through nginx from the client address `from` (127.x.y.z). */
function viaNginx(
  from: string,
  method: string,
  urlPath: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: "127.0.0.1",
        port: httpsPort,
        localAddress: from,
        method,
        path: urlPath,
        rejectUnauthorized: false,
        agent: false,
        headers: { ...(payload ? { "content-type": "application/json" } : {}), ...headers },
        timeout: 60_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON (nginx's own error page): kept as text for the assertion message
          }
          const upstream = response.headers["x-yichuang-upstream"];
          resolve({ status: response.statusCode ?? 0, body: parsed, upstream: upstream as string | undefined });
        });
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`${method} ${urlPath} timed out`)));
    request.on("error", reject);
    request.end(payload);
  });
}

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

test.beforeAll(async () => {
  if (!NGINX)
    throw new Error(
      "nginx is not installed: this spec runs Debian's nginx in front of three app instances. Install it with `apt-get install -y nginx` (.ci/run does)",
    );
  const base = Number(process.env.E2E_PORT_BASE ?? 3100) + 10 + 5 * test.info().parallelIndex;
  const ports = [base, base + 1, base + 2];
  httpsPort = base + 3;
  work = mkdtempSync(path.join(tmpdir(), "yichuang-e2e-nginx-"));
  for (const port of ports)
    instances.push({ port, dataDir: mkdtempSync(path.join(tmpdir(), "yichuang-e2e-nginx-app-")) });

  const cert = spawnSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"].concat([
      "-keyout",
      path.join(work, "key.pem"),
      "-out",
      path.join(work, "cert.pem"),
    ]),
    { encoding: "utf8" },
  );
  if (cert.status !== 0) throw new Error(`openssl could not make a test certificate: ${cert.stderr || cert.error}`);
  for (const dir of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(work, dir));
  writeFileSync(path.join(work, "yichuang.conf"), siteConfig(ports, base + 4));
  writeFileSync(
    path.join(work, "nginx.conf"),
    [
      // As root (CI), workers would drop to `nobody`, which cannot use this run's private folders.
      ...(process.getuid?.() === 0 ? ["user root;"] : []),
      "worker_processes 2;",
      `pid ${work}/nginx.pid;`,
      `error_log ${work}/error.log warn;`,
      "events { worker_connections 1024; }",
      "http {",
      `  client_body_temp_path ${work}/client_body;`,
      `  proxy_temp_path ${work}/proxy;`,
      `  fastcgi_temp_path ${work}/fastcgi;`,
      `  uwsgi_temp_path ${work}/uwsgi;`,
      `  scgi_temp_path ${work}/scgi;`,
      `  include ${work}/yichuang.conf;`,
      "}",
    ].join("\n"),
  );
  const check = spawnSync(
    NGINX,
    ["-t", "-p", work, "-c", path.join(work, "nginx.conf"), "-e", path.join(work, "error.log")],
    {
      encoding: "utf8",
    },
  );
  expect(check.status, `nginx -t: ${check.stderr}`).toBe(0);
  nginx = spawn(
    NGINX,
    ["-p", work, "-c", path.join(work, "nginx.conf"), "-e", path.join(work, "error.log"), "-g", "daemon off;"],
    {
      stdio: "ignore",
      detached: true,
    },
  );

  for (const instance of instances) startInstance(instance);
  for (const instance of instances)
    await waitUntil(
      async () => (await fetch(`http://127.0.0.1:${instance.port}/api/health`)).ok,
      `app instance on :${instance.port}`,
    );
  await waitUntil(async () => (await viaNginx(`${subnet}.250`, "GET", "/api/health")).status === 200, "nginx");
});

test.afterAll(async () => {
  for (const instance of instances) killInstance(instance);
  if (nginx?.pid) {
    try {
      process.kill(-nginx.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await new Promise((r) => setTimeout(r, 500));
  for (const instance of instances) rmSync(instance.dataDir, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

test("plain HTTP is sent to HTTPS, and the app sees the request as HTTPS", async () => {
  const health = await viaNginx(`${subnet}.251`, "GET", "/api/health");
  expect(health.body).toEqual({ status: "ok", db: "postgres" });
  // X-Forwarded-Proto https reaches the app (TRUST_PROXY=1): it answers with HSTS.
  const page = await new Promise<Record<string, unknown>>((resolve, reject) => {
    https
      .get({ host: "127.0.0.1", port: httpsPort, path: "/", rejectUnauthorized: false, agent: false }, (response) => {
        response.resume();
        resolve(response.headers);
      })
      .on("error", reject);
  });
  expect(page["strict-transport-security"]).toContain("max-age=");
  const redirect = await fetch(`http://127.0.0.1:${httpsPort + 1}/services?q=1`, { redirect: "manual" });
  expect(redirect.status).toBe(301);
  expect(redirect.headers.get("location")).toBe("https://127.0.0.1/services?q=1");
});

test("200 villagers racing for one slot through nginx: no overbooking, every 201 booked once", async () => {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 8 * 3_600_000 + 30 * 86_400_000).toISOString().slice(0, 10);
  const from = `${subnet}.249`;
  const services = (await viaNginx(from, "GET", "/api/v1/services?channel=window")).body as {
    items: { code: string; bookable: boolean }[];
  };
  // The last open slot of a bookable item: the one the other specs are least likely to touch.
  let target: { service: string; slotId: number; remaining: number } | undefined;
  for (const item of services.items.filter((i) => i.bookable)) {
    const { slots } = (
      await viaNginx(from, "GET", `/api/v1/availability?service=${item.code}&from=${today}&to=${to}&channel=window`)
    ).body as { slots: { id: number; remaining: number }[] };
    const slot = slots.filter((s) => s.remaining >= 1).at(-1);
    if (slot) {
      target = { service: item.code, slotId: slot.id, remaining: slot.remaining };
      break;
    }
  }
  expect(target, "a bookable slot").toBeDefined();
  const { service, slotId, remaining } = target!;

  // 200 villagers, each from an address of their own (one booking each: no rate limit in play).
  const villagers = Array.from({ length: 200 }, (_, i) => ({
    address: `${subnet}.${i + 1}`,
    phone: `137${String(randomInt(0, 1e8)).padStart(8, "0")}`,
    // Names are letters and Chinese characters only.
    name: `抢号村民${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`,
  }));
  const codes = await pool(villagers, 20, async (v) => {
    const answer = await viaNginx(v.address, "POST", "/api/v1/phone-codes", { phone: v.phone });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    return (answer.body as { demoCode: string }).demoCode;
  });

  const answers = await Promise.all(
    villagers.map((v, i) =>
      viaNginx(v.address, "POST", "/api/v1/bookings", {
        service,
        slotId,
        name: v.name,
        phone: v.phone,
        phoneCode: codes[i],
      }),
    ),
  );
  const statuses = answers.map((a) => a.status);
  const unexpected = answers.filter((a) => a.status !== 201 && a.status !== 409);
  expect(unexpected.map((a) => `${a.status} ${JSON.stringify(a.body)}`)).toEqual([]);
  for (const a of answers.filter((x) => x.status === 409)) expect((a.body as { code: string }).code).toBe("slot_full");
  const booked = answers.filter((a) => a.status === 201).map((a) => (a.body as { code: string }).code);
  expect(booked.length).toBeGreaterThanOrEqual(1);
  expect(booked.length, `201s ${statuses.filter((s) => s === 201).length} for ${remaining} seats`).toBeLessThanOrEqual(
    remaining,
  );
  // All three instances took part.
  expect(new Set(answers.flatMap((a) => a.upstream?.split(", ") ?? [])).size).toBe(3);

  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [slot] = await sql<{ booked: number; online_capacity: number; held: number }[]>`
      select s.booked, s.online_capacity,
        (select count(*)::int from bookings b where b.slot_id = s.id and b.status <> 'cancelled') as held
      from slots s where s.id = ${slotId}`;
    expect(slot.booked).toBeLessThanOrEqual(slot.online_capacity);
    expect(slot.held).toBe(slot.booked);
    const rows = await sql<{ code: string; n: number }[]>`
      select code, count(*)::int as n from bookings where slot_id = ${slotId} and code = any(${booked}) group by code`;
    expect(rows.length).toBe(booked.length);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  } finally {
    await sql.end();
  }
});

test("a TV through nginx hears every call made on any instance, and misses none when its instance is killed", async ({
  browser,
  playwright,
  hall,
}) => {
  const nginxUrl = `https://127.0.0.1:${httpsPort}`;
  const tvContext = await browser.newContext({ baseURL: nginxUrl, ignoreHTTPSErrors: true, ...desktop });
  await DisplayPage.recordSpeech(tvContext);
  // The instance each of the TV's streams was served by, newest last.
  const streamUpstreams: string[] = [];
  tvContext.on("response", (response) => {
    if (response.url().includes("/api/v1/queue/stream"))
      void response.allHeaders().then((h) => streamUpstreams.push(h["x-yichuang-upstream"] ?? "?"));
  });
  const tv = new DisplayPage(await staffPage(tvContext, hall.display, /\/display$/));
  await tv.expectLive();

  // The window's clerk, signed in on each instance directly (the desks may sit on any of them).
  const clerks = await Promise.all(
    instances.map(async (instance) => {
      const base = `http://127.0.0.1:${instance.port}`;
      const context = await playwright.request.newContext({ baseURL: base, extraHTTPHeaders: { origin: base } });
      await signInApi(context, hall.clerk.username, hall.clerk.password);
      return { instance, context };
    }),
  );
  /** Take a ticket and call it on `clerk`'s instance; start serving it so that the next call may follow. */
  async function callOn(clerk: (typeof clerks)[number]): Promise<string> {
    const taken = await clerk.context.post("/api/v1/tickets", { data: { queue: hall.queue.prefix } });
    expect(taken.status(), await taken.text()).toBe(201);
    const called = await clerk.context.post(`/api/v1/windows/${hall.window.id}/call-next`);
    expect(called.status(), await called.text()).toBe(200);
    const { ticket } = (await called.json()) as { ticket: { id: number; number: string } };
    const started = await clerk.context.post(`/api/v1/tickets/${ticket.id}/start`);
    expect(started.status(), await started.text()).toBe(200);
    return ticket.number;
  }

  const said: string[] = [];
  for (const clerk of clerks) {
    const number = await callOn(clerk);
    said.push(number);
    await expect(tv.windowRow(hall.window.number)).toContainText(number);
    await tv.expectSaid(DisplayPage.sentence(number, hall.window.number), 1);
  }

  // Kill the instance the TV's stream runs through; call on the other two meanwhile.
  await expect.poll(() => streamUpstreams.length).toBeGreaterThan(0);
  const streamedBy = streamUpstreams.at(-1)!;
  const victim = instances.find((i) => streamedBy.endsWith(`:${i.port}`));
  expect(victim, `the TV's stream came through ${streamedBy}`).toBeDefined();
  const streamsBefore = streamUpstreams.length;
  killInstance(victim!);
  const survivors = clerks.filter((c) => c.instance !== victim);
  for (const clerk of survivors) said.push(await callOn(clerk));

  // The TV reconnects through nginx to a live instance and says each call once, in order.
  await expect.poll(() => streamUpstreams.length, { timeout: 30_000 }).toBeGreaterThan(streamsBefore);
  expect(streamUpstreams.at(-1)).not.toBe(streamedBy);
  await tv.expectLive(30_000);
  for (const number of said) await tv.expectSaid(DisplayPage.sentence(number, hall.window.number), 1, 30_000);
  const spoken = (await tv.spoken()).filter((s) =>
    said.some((n) => s.includes(DisplayPage.sentence(n, hall.window.number))),
  );
  expect(spoken.map((s) => said.findIndex((n) => s.includes(DisplayPage.sentence(n, hall.window.number))))).toEqual([
    0, 1, 2, 3, 4,
  ]);

  // The killed instance comes back and takes requests again.
  startInstance(victim!);
  await waitUntil(
    async () => (await fetch(`http://127.0.0.1:${victim!.port}/api/health`)).ok,
    "the restarted instance",
  );
  for (const clerk of clerks) await clerk.context.dispose();
  await tvContext.close();
});

test("rate limits count per real client address, across the instances, whatever X-Forwarded-For a client sends", async () => {
  const lookup = (from: string, headers?: Record<string, string>) =>
    viaNginx(from, "GET", `/api/v1/bookings/ABCDEF?phone=13900000000`, undefined, headers);
  const minute = () => Math.floor(Date.now() / 60_000);
  // The limit counts in fixed one-minute windows (lib/rate-limit): a round that straddles two
  // minutes proves nothing and is run again from fresh addresses.
  for (let attempt = 0; attempt < 3; attempt++) {
    const second = new Date().getUTCSeconds();
    if (second > 30) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const started = minute();
    const villager = `${subnet}.${230 + 2 * attempt}`;
    const neighbour = `${subnet}.${231 + 2 * attempt}`;
    const first: Answer[] = [];
    for (let i = 0; i < RATE_LIMIT; i++) first.push(await lookup(villager));
    const over = await lookup(villager);
    // A header of the villager's own naming another address changes nothing: nginx replaces it.
    const forged = await lookup(villager, { "x-forwarded-for": "10.20.30.40" });
    // Another villager (another address) is not held up by the first, even naming the first.
    const other = await lookup(neighbour);
    const otherNamingFirst = await lookup(neighbour, { "x-forwarded-for": villager });
    if (minute() !== started) continue;

    expect(first.map((a) => a.status)).toEqual(Array.from({ length: RATE_LIMIT }, () => 404));
    // Round robin: the count is one for the address, not one per instance.
    expect(new Set(first.flatMap((a) => a.upstream?.split(", ") ?? [])).size).toBe(3);
    expect(over.status).toBe(429);
    expect((over.body as { code: string }).code).toBe("rate_limited");
    expect(forged.status).toBe(429);
    expect(other.status).toBe(404);
    expect(otherNamingFirst.status).toBe(404);
    return;
  }
  throw new Error("three rounds of look-ups each straddled a minute: the machine is far too slow for this test");
});
