// `npm test`: every suite, then one closing line `N passed, N failed` summed over all of them.
//   typecheck and lint (one check each) → vitest (unit + integration on PGlite, and on PostgreSQL
//   when TEST_DATABASE_URL is set) → next build → Playwright e2e (PGlite, and PostgreSQL when
//   TEST_DATABASE_URL is set). Exits non-zero when anything failed. The browser e2e needs is found or
//   installed by scripts/ensure-browser.mjs, so a fresh clone needs no other step.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { ensureBrowser } from "./ensure-browser.mjs";

const results = [];
const reportDir = mkdtempSync(path.join(tmpdir(), "yichuang-test-report-"));

function run(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const child = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`=== ${name}: exit ${child.status} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return child.status === 0;
}

function check(name, command, args) {
  const ok = run(name, command, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

check("typecheck", "npx", ["tsc", "--noEmit"]);
check("format", "npx", ["prettier", "--check", "."]);
check("lint", "npx", ["eslint", "."]);

const vitestReport = path.join(reportDir, "vitest.json");
const vitestOk = run("vitest", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestReport}`,
]);
const vitest = readJson(vitestReport);
if (vitest) {
  const failed = vitest.numFailedTests + (vitestOk || vitest.numFailedTests > 0 ? 0 : 1);
  results.push({
    name: "vitest",
    passed: vitest.numPassedTests,
    failed,
    skipped: vitest.numPendingTests + vitest.numTodoTests,
  });
} else results.push({ name: "vitest", passed: 0, failed: 1, skipped: 0 });

const buildOk = run("build", "npx", ["next", "build"]);
let browser = null;
if (buildOk) {
  console.log("\n=== browser: scripts/ensure-browser.mjs");
  browser = await ensureBrowser();
}
if (!buildOk) results.push({ name: "build", passed: 0, failed: 1, skipped: 0 });
else if (!browser) results.push({ name: "browser", passed: 0, failed: 1, skipped: 0 });
else {
  // e2e on PostgreSQL gets an empty database of its own beside TEST_DATABASE_URL's.
  let e2eDatabase;
  if (process.env.TEST_DATABASE_URL) {
    const name = `yichuang_e2e_${Date.now()}_${randomBytes(3).toString("hex")}`;
    const admin = postgres(process.env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    e2eDatabase = { name, url: url.toString() };
  }
  const playwrightReport = path.join(reportDir, "playwright.json");
  const e2eOk = run("e2e", "npx", ["playwright", "test"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
    CHROMIUM_PATH: browser,
    ...(e2eDatabase ? { E2E_DATABASE_URL: e2eDatabase.url } : {}),
  });
  const report = readJson(playwrightReport);
  if (report?.stats) {
    const { expected, unexpected, flaky, skipped } = report.stats;
    const failed = unexpected + flaky + (e2eOk || unexpected + flaky > 0 ? 0 : 1);
    results.push({ name: "e2e", passed: expected, failed, skipped });
  } else results.push({ name: "e2e", passed: 0, failed: 1, skipped: 0 });
  if (e2eDatabase) {
    const admin = postgres(process.env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${e2eDatabase.name} with (force)`).catch(() => {});
    await admin.end();
  }
}

rmSync(reportDir, { recursive: true, force: true });
const total = results.reduce(
  (t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log("\nSuites:");
for (const r of results)
  console.log(
    `  ${r.name.padEnd(10)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`,
  );
console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(total.failed > 0 || total.skipped > 0 ? 1 : 0);
