import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sourceHash } from "../scripts/source-hash.mjs";
import { expect, signIn, test } from "./fixtures";

// `npm start` as a hall's IT office runs it (scripts/start.mjs on the build in .next): a setting out
// of range stops it, PostgreSQL without both secrets stops it, a start without code changes does
// not build, and a real install (no demo) starts with one admin whose one-time password is in a
// 0600 file, never in the log, and must be changed at the first sign-in.
// Runs in the pglite project only (playwright.config.ts); ports PORT_BASE + 6 …

test.describe.configure({ mode: "serial", timeout: 180_000 });

const ROOT = process.cwd();
const PORT = Number(process.env.E2E_PORT_BASE ?? 3100) + 6;
const UNBUILT = /Creating an optimized production build|building first/;
const started: ChildProcess[] = [];

interface Server {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** `npm start` with a clean configuration plus `vars`; its stdout and stderr collected. */
function npmStart(vars: Record<string, string>): Server {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !/^(DATABASE_URL|PGLITE_DIR|DATA_DIR|DEMO|NEXTAUTH_|ENCRYPTION_KEY|PORT$)/.test(name))
      env[name] = value;
  const child = spawn(process.execPath, ["scripts/start.mjs", "-H", "127.0.0.1", "-p", String(PORT)], {
    cwd: ROOT,
    env: { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...vars } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  started.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exit };
}

function stop(child: ChildProcess) {
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

async function exitWithin(server: Server, ms: number) {
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms));
  return Promise.race([server.exit, timeout]);
}

let dataDir: string;

test.beforeAll(() => {
  // These tests are about starting the build that is there: it must be the build of this code.
  expect(readFileSync(path.join(ROOT, ".next", "BUILD_ID"), "utf8").trim(), "build first: npx next build").toBe(
    sourceHash(ROOT),
  );
  dataDir = mkdtempSync(path.join(tmpdir(), "yichuang-e2e-start-"));
});

test.afterAll(async () => {
  for (const child of started) stop(child);
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dataDir, { recursive: true, force: true });
});

test("a setting out of range stops the server with the variable and what it accepts", async () => {
  const server = npmStart({ SESSION_IDLE_MINUTES: "1", DATA_DIR: dataDir, PGLITE_DIR: "memory://" });
  expect(await exitWithin(server, 60_000), server.output()).not.toBe("timeout");
  expect(await server.exit).not.toBe(0);
  expect(server.output()).toMatch(/SESSION_IDLE_MINUTES: .*>=\s*5/);
  expect(server.output()).toContain("starting without building");
  expect(server.output()).not.toMatch(UNBUILT);
});

test("on PostgreSQL it refuses to start without both secrets, and says how to make them", async () => {
  const server = npmStart({ DATABASE_URL: "postgres://yichuang@127.0.0.1:9/none", DATA_DIR: dataDir });
  expect(await exitWithin(server, 60_000), server.output()).not.toBe("timeout");
  expect(await server.exit).not.toBe(0);
  expect(server.output()).toMatch(/NEXTAUTH_SECRET: .*openssl rand -hex 32/);
  expect(server.output()).toMatch(/ENCRYPTION_KEY: .*openssl rand -hex 32/);
  expect(existsSync(path.join(dataDir, "secrets.json"))).toBe(false);
});

test("a real install starts without building, with one admin whose one-time password must be changed", async ({
  browser,
}) => {
  const server = npmStart({ DATA_DIR: dataDir, PGLITE_DIR: path.join(dataDir, "pglite") });
  const baseURL = `http://127.0.0.1:${PORT}`;
  await expect
    .poll(
      async () => {
        if (server.child.exitCode !== null) return `exited: ${server.output()}`;
        return (await fetch(`${baseURL}/api/health`).catch(() => null))?.status ?? 0;
      },
      { timeout: 150_000, intervals: [500] },
    )
    .toBe(200);
  expect(server.output()).toContain("starting without building");
  expect(server.output()).not.toMatch(UNBUILT);

  // The password is in a file only the server's user can read; the log says where, never what.
  const file = path.join(dataDir, "initial-admin-password.txt");
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const password = /^password: (\S+)$/m.exec(readFileSync(file, "utf8"))![1];
  expect(server.output()).toContain(file);
  expect(server.output()).not.toContain(password);
  expect(server.output()).not.toContain("yichuang-demo");

  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, "admin", password);
  await expect(page).toHaveURL(/\/account\/password/);
  await expect(page.getByTestId("must-change-password")).toBeVisible();
  // Until it is changed, every other page sends the account back here and the API refuses it.
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/account\/password\?next=%2Fadmin/);
  const api = await page.request.get("/api/v1/windows");
  expect(api.status()).toBe(403);
  expect(((await api.json()) as { code: string }).code).toBe("password_change_required");

  await page.getByLabel("当前密码", { exact: true }).fill(password);
  await page.getByLabel("新密码", { exact: true }).fill("lantern-river-hall-7");
  await page.getByLabel("再次输入新密码", { exact: true }).fill("lantern-river-hall-7");
  await page.getByRole("button", { name: "保存新密码" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  // A real install: no demo banner.
  await expect(page.getByTestId("staff-identity")).toBeVisible();
  await expect(page.getByTestId("demo-banner")).toHaveCount(0);
  expect((await page.request.get("/api/v1/windows")).status()).toBe(200);
  // Shown once: the file is gone with the one-time password.
  expect(existsSync(file)).toBe(false);
  await context.close();
  stop(server.child);
  await exitWithin(server, 10_000);
});

test("every staff page of the demo says that it runs on demo data", async ({ page }) => {
  await signIn(page, "manager");
  await expect(page).toHaveURL(/\/reports/);
  await expect(page.getByTestId("demo-banner")).toContainText("演示");
});
