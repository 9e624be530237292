// A hash of the sources a production build is made from. next.config.mjs makes it the build's id
// (.next/BUILD_ID), and `npm start` (scripts/start.mjs) builds only when the two differ — so a
// hall's restart after a power cut does not wait for a build of code that has not changed.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// What does not go into the build: tests, tools' own settings, docs, generated and local files.
const SKIP = new Set([
  "node_modules",
  "test",
  "e2e",
  "bench",
  "docs",
  "scripts",
  "test-results",
  "playwright-report",
  "coverage",
  "tmp",
  "next-env.d.ts",
  "vitest.config.ts",
  "playwright.config.ts",
  "eslint.config.mjs",
  "drizzle.config.ts",
]);

function skipped(name, depth) {
  return (
    name.startsWith(".") || name.endsWith(".md") || name.endsWith(".tsbuildinfo") || (depth === 0 && SKIP.has(name))
  );
}

function files(root, dir = "", depth = 0) {
  const entries = readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  return entries.flatMap((entry) => {
    if (skipped(entry.name, depth)) return [];
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return files(root, relative, depth + 1);
    return entry.isFile() ? [relative] : [];
  });
}

/** The hash of the project's build inputs under `root` (its file names and contents). */
export function sourceHash(root) {
  const hash = createHash("sha256");
  for (const file of files(root)) {
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(root, file)))
      .update("\0");
  }
  return `src-${hash.digest("hex").slice(0, 40)}`;
}
