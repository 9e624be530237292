// Finds (or installs) the Chromium that Playwright drives, so that `npm ci && npm test` passes on a
// machine where nobody installed a browser by hand. In this order:
//   1. CHROMIUM_PATH, when it names a file;
//   2. Debian's /usr/bin/chromium;
//   3. Playwright's own downloaded browser (`chromium.executablePath()` of @playwright/test), when on disk;
//   4. otherwise install one: `npx playwright install chromium` where downloads work, and when that
//      fails and we run as root, `apt-get update && apt-get install -y chromium`.
// Prints what it does. `node scripts/ensure-browser.mjs [--dry-run] [--debian-path=P] [--playwright-path=P]`
// prints the chosen path (the flags let the decision be tried without uninstalling anything).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/**
 * The decision alone, with the file system passed in: where the browser is, or that one must be
 * installed (`source: "install"`, `path: null`).
 * @param {{ env: Record<string, string | undefined>, exists: (path: string) => boolean, playwrightPath?: string | null, debianPath?: string }} input
 * @returns {{ source: "CHROMIUM_PATH" | "debian" | "playwright" | "install", path: string | null, notes: string[] }}
 */
export function chooseBrowser({ env, exists, playwrightPath, debianPath = DEBIAN_CHROMIUM }) {
  const notes = [];
  if (env.CHROMIUM_PATH) {
    if (exists(env.CHROMIUM_PATH)) return { source: "CHROMIUM_PATH", path: env.CHROMIUM_PATH, notes };
    notes.push(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist; looking further`);
  }
  if (exists(debianPath)) return { source: "debian", path: debianPath, notes };
  if (playwrightPath && exists(playwrightPath)) return { source: "playwright", path: playwrightPath, notes };
  return { source: "install", path: null, notes };
}

/**
 * The install steps to try, in order: Playwright's download first; Debian's package only as root.
 * @param {{ isRoot: boolean }} input
 * @returns {{ label: string, commands: [string, string[]][] }[]}
 */
export function installPlan({ isRoot }) {
  const plan = [{ label: "Playwright's Chromium", commands: [["npx", ["playwright", "install", "chromium"]]] }];
  if (isRoot)
    plan.push({
      label: "Debian's chromium",
      commands: [
        ["apt-get", ["update"]],
        ["apt-get", ["install", "-y", "chromium"]],
      ],
    });
  return plan;
}

async function playwrightExecutable() {
  try {
    const { chromium } = await import("@playwright/test");
    return chromium.executablePath();
  } catch {
    return null;
  }
}

/**
 * Find or install the browser; returns its path, or null when none could be had.
 * @param {{ dryRun?: boolean, debianPath?: string, playwrightPath?: string | null, log?: (line: string) => void }} [options]
 */
export async function ensureBrowser(options = {}) {
  const log = options.log ?? ((line) => console.log(`[browser] ${line}`));
  const debianPath = options.debianPath ?? DEBIAN_CHROMIUM;
  const find = async () =>
    chooseBrowser({
      env: process.env,
      exists: existsSync,
      debianPath,
      playwrightPath: options.playwrightPath !== undefined ? options.playwrightPath : await playwrightExecutable(),
    });
  let choice = await find();
  for (const note of choice.notes) log(note);
  if (choice.path) {
    log(`using ${choice.path} (${choice.source})`);
    return choice.path;
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  log(`no Chromium found (CHROMIUM_PATH, ${debianPath}, Playwright's own): installing one`);
  for (const step of installPlan({ isRoot })) {
    log(`trying ${step.label}: ${step.commands.map(([c, a]) => [c, ...a].join(" ")).join(" && ")}`);
    if (options.dryRun) {
      log("dry run: nothing installed");
      continue;
    }
    const ok = step.commands.every(
      ([command, args]) =>
        spawnSync(command, args, {
          stdio: "inherit",
          env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
        }).status === 0,
    );
    if (!ok) {
      log(`${step.label} could not be installed`);
      continue;
    }
    choice = await find();
    if (choice.path) {
      log(`using ${choice.path} (${choice.source}, just installed)`);
      return choice.path;
    }
  }
  if (!isRoot) log("not root: Debian's chromium can only be installed as root (apt-get install -y chromium)");
  log("no browser: set CHROMIUM_PATH to a Chromium");
  return null;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const flag = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const path = await ensureBrowser({
    dryRun: process.argv.includes("--dry-run"),
    debianPath: flag("debian-path"),
    playwrightPath: flag("playwright-path"),
  });
  if (path) console.log(path);
  process.exit(path || process.argv.includes("--dry-run") ? 0 : 1);
}
