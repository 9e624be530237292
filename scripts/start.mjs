// `npm start` (and `npm run demo`, which passes --demo): build only when .next holds no build of
// the current sources, then `next start`. The build's id is the hash of its sources
// (next.config.mjs → scripts/source-hash.mjs), so comparing it with .next/BUILD_ID tells whether
// the build is current. Other arguments go to `next start` (e.g. `-p 8080`, `-H 0.0.0.0`).
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NEXT_START_ARGS, NODE_FLAGS } from "./node-flags.mjs";
import { sourceHash } from "./source-hash.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const args = process.argv.slice(2).filter((a) => a !== "--demo");
// The quick start's demo: the embedded database with the demo accounts and data.
const env = process.argv.includes("--demo") ? { ...process.env, DEMO: "1" } : process.env;

function builtId() {
  try {
    return readFileSync(path.join(root, ".next", "BUILD_ID"), "utf8").trim();
  } catch {
    return null;
  }
}

const wanted = sourceHash(root);
if (builtId() === wanted) {
  console.log("[yichuang] the build in .next is current: starting without building");
} else {
  console.log("[yichuang] no build of the current sources in .next: building first (next build)");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, [...NODE_FLAGS, nextBin, "start", ...NEXT_START_ARGS, ...args], {
  cwd: root,
  stdio: "inherit",
  env,
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
