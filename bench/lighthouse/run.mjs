#!/usr/bin/env node
// Lighthouse (mobile, its default simulated throttling) on the villager's pages: the home page,
// the catalogue, an item page and a booking page, against `next start` of the production build
// on an embedded PGlite with the demo data.
//
//   node bench/lighthouse/run.mjs [--runs 3] [--base http://127.0.0.1:3000]
//
// Needs the production build in .next (it never builds) and Chromium (CHROMIUM_PATH, else
// /usr/bin/chromium). With --base it measures an app already running there instead of starting
// one. Each page is loaded once to warm the server, then measured --runs times; the median run
// (by performance) is reported. Progress goes to stderr; the Markdown table to stdout and to
// bench/lighthouse/last-run.md, with every audit that kept a category below 100.
// Exit codes: 0 done, 1 failed, 130 interrupted. Targets not met do not change the exit code.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import lighthouse from "lighthouse";
import { freePort, loadBefore, requireBuild, startApp, stopAll } from "../support/app.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const CATEGORIES = ["accessibility", "best-practices", "performance", "seo"];
const TARGETS = { accessibility: 100, "best-practices": 100, performance: 95, seo: 100 };

const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "3" }, base: { type: "string" } },
});
const RUNS = Math.max(1, Number(args.runs) || 3);
const log = (line) => process.stderr.write(`[lighthouse] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const chromiumPath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((p) => p && existsSync(p));
if (!chromiumPath) {
  console.error("no Chromium: set CHROMIUM_PATH or install Debian's chromium");
  process.exit(1);
}

let chrome;
let profile;
async function cleanUp() {
  if (chrome && chrome.exitCode === null) {
    const exited = new Promise((resolve) => chrome.once("exit", resolve));
    chrome.kill("SIGKILL");
    await Promise.race([exited, sleep(5000)]);
  }
  // Chromium's helpers may still write to the profile for a moment.
  if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  await stopAll();
}
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

/** Headless Chromium with a debugging port for Lighthouse, in a throw-away profile. */
async function startChrome() {
  const port = await freePort();
  profile = mkdtempSync(path.join(os.tmpdir(), "yichuang-lighthouse-"));
  chrome = spawn(
    chromiumPath,
    [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--remote-debugging-port=${port}`,
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    { stdio: "ignore" },
  );
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/json/version`);
      if (res.ok) return port;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error("Chromium did not open its debugging port");
}

/** The pages: `/`, `/services`, the first bookable item's page and its booking page. */
async function pagesOf(base) {
  const { items } = await (await fetch(`${base}/api/v1/services?channel=window`)).json();
  const item = items.find((i) => i.bookable);
  if (!item) throw new Error("no bookable item in the catalogue");
  return [
    { name: "home", path: "/" },
    { name: "catalogue", path: "/services" },
    { name: "item", path: `/services/${item.code}` },
    { name: "booking", path: `/book/${item.code}?channel=window` },
  ];
}

function median(runs) {
  const sorted = [...runs].sort((a, b) => a.scores.performance - b.scores.performance);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(url, port) {
  const result = await lighthouse(url, {
    port,
    output: "json",
    logLevel: "error",
    onlyCategories: CATEGORIES,
  });
  const { categories, audits } = result.lhr;
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((categories[c].score ?? 0) * 100)]));
  // The audits that cost points: a weighted audit below 1 in a category below 100.
  const lost = [];
  for (const c of CATEGORIES) {
    if (scores[c] >= 100) continue;
    for (const ref of categories[c].auditRefs) {
      const audit = audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1)
        lost.push(`${c}: ${ref.id} (${audit.displayValue ?? Math.round(audit.score * 100)})`);
    }
  }
  const metrics = {
    fcp: audits["first-contentful-paint"]?.numericValue,
    lcp: audits["largest-contentful-paint"]?.numericValue,
    tbt: audits["total-blocking-time"]?.numericValue,
    cls: audits["cumulative-layout-shift"]?.numericValue,
  };
  return { scores, lost, metrics };
}

async function main() {
  let base = args.base;
  if (!base) {
    requireBuild(ROOT);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "yichuang-lighthouse-app-"));
    process.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));
    log("starting next start on PGlite with the demo data (1–2 minutes)…");
    const app = await startApp({
      root: ROOT,
      env: { DEMO: "1", DATA_DIR: dataDir, PGLITE_DIR: path.join(dataDir, "pglite") },
      log,
    });
    base = app.base;
  }
  const load = loadBefore(log);
  const port = await startChrome();
  const pages = await pagesOf(base);
  const rows = [];
  for (const page of pages) {
    const url = base + page.path;
    await fetch(url).then((r) => r.arrayBuffer());
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await measure(url, port));
      log(`${page.path} run ${i + 1}/${RUNS}: ${JSON.stringify(runs.at(-1).scores)}`);
    }
    rows.push({ ...page, ...median(runs), all: runs.map((r) => r.scores.performance) });
  }
  const loadAfter = os.loadavg()[0];

  const when = new Date().toISOString().slice(0, 16).replace("T", " ");
  const lines = [
    `Lighthouse ${createRequire(import.meta.url)("lighthouse/package.json").version} (mobile, simulated throttling), ${when} UTC, ${os.cpus().length} cores, Node ${process.version}, load average ${load.toFixed(2)} before and ${loadAfter.toFixed(2)} after; median of ${RUNS} runs by performance.`,
    "",
    "| Page | Path | Accessibility | Best practices | Performance (runs) | SEO | FCP / LCP / TBT / CLS |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.name} | \`${r.path}\` | ${r.scores.accessibility} | ${r.scores["best-practices"]} | ${r.scores.performance} (${r.all.join(", ")}) | ${r.scores.seo} | ${(r.metrics.fcp / 1000).toFixed(1)} s / ${(r.metrics.lcp / 1000).toFixed(1)} s / ${Math.round(r.metrics.tbt)} ms / ${r.metrics.cls.toFixed(3)} |`,
    ),
    "",
    `Targets: accessibility ${TARGETS.accessibility}, best practices ${TARGETS["best-practices"]}, performance ≥ ${TARGETS.performance}, SEO ${TARGETS.seo}.`,
  ];
  const missed = rows.filter((r) => CATEGORIES.some((c) => r.scores[c] < TARGETS[c]));
  lines.push(
    missed.length === 0 ? "All pages meet the targets." : `Below target: ${missed.map((r) => r.name).join(", ")}.`,
  );
  const lost = rows.filter((r) => r.lost.length > 0);
  if (lost.length > 0) {
    lines.push("", "Audits that cost points (median run):", "");
    for (const r of lost) lines.push(`- ${r.name}: ${r.lost.join("; ")}`);
  }
  const md = lines.join("\n");
  console.log(md);
  writeFileSync(path.join(HERE, "last-run.md"), md + "\n");
  log(`written to ${path.relative(ROOT, path.join(HERE, "last-run.md"))}`);
}

try {
  await main();
  await cleanUp();
  process.exit(0);
} catch (error) {
  console.error(error);
  await cleanUp();
  process.exit(1);
}
