#!/usr/bin/env node
// First-load JavaScript of every page of the production build, gzip, from the build's manifests:
// the framework's root chunks (.next/build-manifest.json, rootMainFiles) and every client chunk
// the route's tree names (.next/server/app/<route>/page_client-reference-manifest.js,
// entryJSFiles: the root layout, error and not-found boundaries, the page) — the scripts the
// page's HTML makes the browser load. Each file is gzipped at zlib's default level, as
// `next start` compresses it. The polyfills (loaded only by browsers without modules) are left out.
//
//   node bench/bundle/run.mjs [--budget 145] [--only kiosk,window] [--dir .next] [--chromium]
//
// --chromium also loads a few pages in Chromium (CHROMIUM_PATH, else /usr/bin/chromium) from
// `next start` of the build on a throw-away PGlite with the demo data (1–2 minutes to load),
// signed in where the page needs it, and sums the scripts' transferred bytes (gzip, as next start
// sends them): the check that the manifests name what a browser really loads.
//
// Needs a production build (it never builds). Progress goes to stderr; the Markdown table to
// stdout and to bench/bundle/last-run.md. Exit codes: 0 done, 1 failed. Pages over the budget do
// not change the exit code.

import { existsSync, mkdtempSync, readdirSync, rmSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { DEMO_PASSWORD, requireBuild, startApp, stopAll } from "../support/app.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");

const { values: args } = parseArgs({
  options: {
    budget: { type: "string", default: "145" },
    only: { type: "string" },
    dir: { type: "string" },
    out: { type: "string" },
    chromium: { type: "boolean", default: false },
  },
});
const BUDGET_KB = Number(args.budget) || 145;
const BUILD = path.resolve(args.dir ?? path.join(ROOT, ".next"));
const ONLY = args.only?.split(",").filter(Boolean);
const log = (line) => process.stderr.write(`[bundle] ${line}\n`);

requireBuild(path.dirname(BUILD));
const loadBefore = os.loadavg()[0];

const gzipSizes = new Map();
/** Bytes of one build file (path as the manifests give it, under .next) after gzip. */
function gzipSize(file) {
  if (!gzipSizes.has(file)) gzipSizes.set(file, gzipSync(readFileSync(path.join(BUILD, file))).length);
  return gzipSizes.get(file);
}

/** Every page_client-reference-manifest.js under .next/server/app, with the route it serves. */
function pageManifests(dir = path.join(BUILD, "server", "app")) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...pageManifests(full));
    else if (name === "page_client-reference-manifest.js") found.push(full);
  }
  return found;
}

/** `/(staff)/window/page` → `/window`: the URL path, route groups left out. */
function routeOf(manifestFile) {
  const segments = path
    .relative(path.join(BUILD, "server", "app"), path.dirname(manifestFile))
    .split(path.sep)
    .filter((s) => s && !/^\(.+\)$/.test(s));
  return `/${segments.join("/")}`;
}

/** The manifest's object: the file assigns it to globalThis.__RSC_MANIFEST[entry]. */
function readManifest(file) {
  const sandbox = { globalThis: {} };
  sandbox.globalThis = sandbox;
  vm.runInNewContext(readFileSync(file, "utf8"), sandbox);
  const entries = Object.values(sandbox.__RSC_MANIFEST ?? {});
  if (entries.length !== 1) throw new Error(`${file}: expected one manifest entry, found ${entries.length}`);
  return entries[0];
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

const buildManifest = JSON.parse(readFileSync(path.join(BUILD, "build-manifest.json"), "utf8"));
const frameworkFiles = buildManifest.rootMainFiles;
const frameworkBytes = frameworkFiles.reduce((sum, f) => sum + gzipSize(f), 0);

const rows = [];
for (const file of pageManifests()) {
  const route = routeOf(file);
  if (route.startsWith("/_") || (ONLY && !ONLY.some((o) => route === `/${o.replace(/^\//, "")}`))) continue;
  const manifest = readManifest(file);
  const files = new Set(frameworkFiles);
  for (const chunks of Object.values(manifest.entryJSFiles ?? {})) for (const chunk of chunks) files.add(chunk);
  const missing = [...files].filter((f) => !existsSync(path.join(BUILD, f)));
  if (missing.length > 0) throw new Error(`${route}: chunks missing from the build: ${missing.join(", ")}`);
  const total = [...files].reduce((sum, f) => sum + gzipSize(f), 0);
  // The page's own: its entry's chunks that neither the framework nor the root layout loads.
  const entries = manifest.entryJSFiles ?? {};
  const shared = new Set([...frameworkFiles, ...(entries["[project]/app/layout"] ?? [])]);
  const pageEntry = Object.keys(entries).find((k) => /\/page$/.test(k));
  const pageOnly = (entries[pageEntry] ?? []).filter((f) => !shared.has(f)).reduce((sum, f) => sum + gzipSize(f), 0);
  rows.push({ route, total, files: files.size, pageOnly });
}
if (rows.length === 0) throw new Error("no page matched");
rows.sort((a, b) => b.total - a.total || a.route.localeCompare(b.route));

// Pages measured in Chromium, and the demo account each is opened as (none: anonymous).
const CHROMIUM_PAGES = [
  ["/kiosk", "kiosk"],
  ["/window", "clerk1"],
  // Also fetches the intake rules (zod) after its first paint, to keep them for the day offline.
  ["/village", "clerk1"],
  ["/login", null],
  ["/", null],
];

/** Script bytes as transferred (gzip) per page, loaded in Chromium from `next start` of the build. */
async function measureInChromium() {
  const chromiumPath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((p) => p && existsSync(p));
  if (!chromiumPath) throw new Error("no Chromium: set CHROMIUM_PATH or install Debian's chromium");
  const tmp = mkdtempSync(path.join(os.tmpdir(), "yichuang-bench-bundle-"));
  let browser;
  try {
    log("starting the app on PGlite with the demo data");
    const app = await startApp({
      root: path.dirname(BUILD),
      env: { DEMO: "1", PGLITE_DIR: path.join(tmp, "pglite"), DATA_DIR: path.join(tmp, "data") },
      log,
      logDir: tmp,
      timeoutMs: 600_000,
    });
    const { chromium } = await import("@playwright/test");
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
    const measured = new Map();
    for (const [route, account] of CHROMIUM_PAGES) {
      const context = await browser.newContext({ baseURL: app.base });
      const page = await context.newPage();
      if (account) {
        await page.goto(`/login?next=${encodeURIComponent(route)}`);
        await page.getByLabel("用户名").fill(account);
        await page.getByLabel("密码").fill(DEMO_PASSWORD);
        await page.getByRole("button", { name: "登录" }).click();
        // Signed in when the sign-in page is left (an account lands on its own page, which for a
        // clerk is the desk whatever `next` asked).
        await page.waitForURL((url) => url.pathname !== "/login", { timeout: 60_000 });
      }
      // A fresh context (empty cache) with the session: every script the page needs comes over the wire.
      const cookies = account ? await context.cookies() : [];
      await context.close();
      const fresh = await browser.newContext({ baseURL: app.base });
      if (account) await fresh.addCookies(cookies);
      const freshPage = await fresh.newPage();
      const scripts = [];
      freshPage.on("requestfinished", (request) => {
        if (request.resourceType() === "script") scripts.push(request);
      });
      await freshPage.goto(route, { waitUntil: "networkidle" });
      let bytes = 0;
      for (const request of scripts) bytes += (await request.sizes()).responseBodySize;
      measured.set(route, { bytes, files: scripts.length });
      log(`${route}: ${kb(bytes)} KB in ${scripts.length} scripts`);
      await fresh.close();
    }
    return measured;
  } finally {
    await browser?.close().catch(() => {});
    await stopAll();
    rmSync(tmp, { recursive: true, force: true });
  }
}

const inChromium = args.chromium ? await measureInChromium() : null;

const buildId = readFileSync(path.join(BUILD, "BUILD_ID"), "utf8").trim();
const loadAfter = os.loadavg()[0];
const over = rows.filter((r) => r.total / 1024 > BUDGET_KB);
const md = [
  `First-load JavaScript per page (gzip, zlib default level), build ${buildId.slice(0, 12)}, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, load average ${loadBefore.toFixed(2)} before and ${loadAfter.toFixed(2)} after (sizes do not depend on load).`,
  "",
  `Framework (rootMainFiles, on every page): ${kb(frameworkBytes)} KB in ${frameworkFiles.length} files.`,
  "",
  `| page | first load KB | files | the page's own chunks KB |${inChromium ? " in Chromium KB (scripts) |" : ""} budget |`,
  `|---|---:|---:|---:|${inChromium ? "---:|" : ""}---|`,
  ...rows.map((r) => {
    const seen = inChromium?.get(r.route);
    const chromiumCell = inChromium ? ` ${seen ? `${kb(seen.bytes)} (${seen.files})` : "—"} |` : "";
    return `| \`${r.route}\` | ${kb(r.total)} | ${r.files} | ${kb(r.pageOnly)} |${chromiumCell} ${r.total / 1024 <= BUDGET_KB ? "✅" : "❌"} ≤ ${BUDGET_KB} |`;
  }),
  "",
  over.length === 0
    ? `Every page is within ${BUDGET_KB} KB.`
    : `Over ${BUDGET_KB} KB: ${over.map((r) => `\`${r.route}\``).join(", ")}.`,
].join("\n");
process.stdout.write(md + "\n");
const out = args.out ? path.resolve(args.out) : path.join(HERE, "last-run.md");
writeFileSync(out, md + "\n");
log(`written to ${path.relative(ROOT, out)}`);
