import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, type PlaywrightTestConfig } from "@playwright/test";
import { SHARED_SECRETS } from "./e2e/shared-secrets";
import { NEXT_START_ARGS } from "./scripts/node-flags.mjs";

// e2e runs against `next start` (build first: `npm run build`, or `npm test` does it), once on a
// fresh embedded PGlite and, when E2E_DATABASE_URL names an empty PostgreSQL database, once there.
// The browser: CHROMIUM_PATH, else Debian's chromium, else Playwright's own downloaded one.
// `npm test` finds or installs one first (scripts/ensure-browser.mjs) and passes it as CHROMIUM_PATH.

const chromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((p): p is string => !!p && existsSync(p));
const postgresUrl = process.env.E2E_DATABASE_URL;
// Ports PORT_BASE (PGlite), +1 (PostgreSQL) and +2, +3, … (the second instance of the multi-instance spec, one per worker);
// E2E_PORT_BASE lets two checkouts run their suites side by side.
export const PORT_BASE = Number(process.env.E2E_PORT_BASE ?? 3100);
// Every server the suite starts (these two, and the instances the multi-instance, nginx and
// shutdown specs start with this environment) shares one PostgreSQL whose max_connections is 100
// in CI: a pool of 10 each instead of the default 20.
process.env.DATABASE_POOL_SIZE ??= "10";

const servers: { name: string; port: number; env: Record<string, string> }[] = [
  {
    name: "pglite",
    port: PORT_BASE,
    env: { DATABASE_URL: "", PGLITE_DIR: path.join(tmpdir(), `yichuang-e2e-${PORT_BASE}`, "pglite") },
  },
  // Two instances on one PostgreSQL must share their secrets; the spec starts the second itself.
  ...(postgresUrl
    ? [{ name: "postgres", port: PORT_BASE + 1, env: { DATABASE_URL: postgresUrl, ...SHARED_SECRETS } }]
    : []),
];

const CALENDAR_SPECS = /admin-calendars\.spec\.ts$/;

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    ...phone,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: servers.flatMap((s) => {
    const use = { browserName: "chromium" as const, baseURL: `http://127.0.0.1:${s.port}` };
    return [
      {
        name: s.name,
        use,
        metadata: { db: s.name },
        // *.pg.spec.ts need a PostgreSQL the test can reach and a second app instance on it; the
        // start-up spec starts servers of its own and needs to run once.
        testIgnore: [s.name === "postgres" ? /start-up\.spec\.ts$/ : /\.pg\.spec\.ts$/, CALENDAR_SPECS],
      },
      // Specs that change the shared hall's calendar rules (the village rotation and its themes)
      // run once every other spec on that server is done: what the booking pages promise about
      // the next visits depends on those rules.
      { name: `${s.name}-calendar`, use, metadata: { db: s.name }, testMatch: CALENDAR_SPECS, dependencies: [s.name] },
    ];
  }),
  webServer: servers.map((s): NonNullable<PlaywrightTestConfig["webServer"]> => ({
    // A fresh data folder every run: the demo data is loaded anew, so tests start from known state.
    command: `rm -rf "${path.join(tmpdir(), `yichuang-e2e-${s.port}`)}" && npx next start ${NEXT_START_ARGS.join(" ")} -H 127.0.0.1 -p ${s.port}`,
    url: `http://127.0.0.1:${s.port}/api/health`,
    // The demo load (two towns, 1 January last year to yesterday) takes 1–2 minutes on 2 cores,
    // and both servers load at once.
    timeout: 360_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      ...s.env,
      DEMO: "1",
      DATA_DIR: path.join(tmpdir(), `yichuang-e2e-${s.port}`),
      LOGIN_LOCK_MINUTES: "15",
      // Any 100 days hold a statutory holiday, so the holiday spec does not depend on the date.
      BOOKING_HORIZON_DAYS: "100",
      // All specs come from 127.0.0.1; the limiter itself is tested in the integration suite.
      RATE_LIMIT_PER_MINUTE: "2000",
      LOGIN_PER_MINUTE: "2000",
      PHONE_CODES_PER_MINUTE: "2000",
      // One phone books for a whole family in one spec (代办): its next code after 15 s, not 60.
      PHONE_CODE_RESEND_SECONDS: "15",
      PHONE_CODES_PER_PHONE_PER_HOUR: "20",
      // Specs share the demo kiosk account, so the per-kiosk limit is off (0); it is tested in the integration suite.
      KIOSK_TICKETS_PER_MINUTE: "0",
    },
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  })) as PlaywrightTestConfig["webServer"],
});
