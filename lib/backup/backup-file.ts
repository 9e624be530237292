import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, openSync, readSync, closeSync, renameSync, rmSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import path from "node:path";
import { env } from "@/lib/env";

// A backup file (`npm run backup`): one line naming the format, one line of JSON (what it holds,
// under which encryption key, the payload's size and SHA-256), then the payload: pg_dump's custom
// format for PostgreSQL, or PGlite's data directory as a gzipped tar for the embedded database.
// The key itself is never in it: only its fingerprint (lib/crypto keyFingerprint), for restore to
// check that the key it runs with can read the backup's phone and ID numbers.

const MAGIC = "YICHUANG-BACKUP 1";

export type BackupTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dir: string };

export interface BackupHeader {
  kind: BackupTarget["kind"];
  format: "pg_dump-custom" | "pglite-datadir-tgz";
  createdAt: string;
  /** The fingerprints of ENCRYPTION_KEY (first) and, during a key rotation, ENCRYPTION_KEY_PREVIOUS. */
  keyIds: string[];
  payloadBytes: number;
  payloadSha256: string;
}

/** A refusal or failure the commands print as it is, without a stack. */
export class BackupError extends Error {}

/** The database the environment names: DATABASE_URL's PostgreSQL, or the embedded one in PGLITE_DIR. */
export function backupTarget(): BackupTarget {
  const config = env();
  if (config.DATABASE_URL) return { kind: "postgres", url: config.DATABASE_URL };
  if (config.PGLITE_DIR.startsWith("memory://"))
    throw new BackupError("PGLITE_DIR is memory://: an in-memory database has nothing to back up or restore into.");
  return { kind: "pglite", dir: path.resolve(config.PGLITE_DIR) };
}

/** Where a backup goes when no --out is given: DATA_DIR/backups/yichuang-<kind>-<UTC time>.backup. */
export function defaultBackupPath(kind: BackupTarget["kind"], at = new Date()): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/[-:]/g, "");
  return path.resolve(env().DATA_DIR, "backups", `yichuang-${kind}-${stamp}.backup`);
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

/** Write header and payload to `out` (through `out.partial`, so that a half-written backup never has the name). */
export async function writeBackupFile(out: string, header: BackupHeader, payloadFile: string) {
  const partial = `${out}.partial`;
  const stream = createWriteStream(partial, { mode: 0o600 });
  try {
    stream.write(`${MAGIC}\n${JSON.stringify(header)}\n`);
    await pipeline(createReadStream(payloadFile), stream);
    renameSync(partial, out);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/** The header of a backup file and where its payload starts; refuses a file that is not one, or is cut short or changed. */
export async function readBackupHeader(file: string): Promise<{ header: BackupHeader; payloadOffset: number }> {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    throw new BackupError(`Cannot open ${file}: ${(error as Error).message}`);
  }
  const head = Buffer.alloc(4096);
  const read = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const text = head.subarray(0, read).toString("latin1");
  const first = text.indexOf("\n");
  const second = first < 0 ? -1 : text.indexOf("\n", first + 1);
  if (text.slice(0, first) !== MAGIC || second < 0)
    throw new BackupError(`${file} is not a yichuang backup (made by \`npm run backup\`).`);
  let header: BackupHeader;
  try {
    header = JSON.parse(head.subarray(first + 1, second).toString("utf8")) as BackupHeader;
  } catch {
    throw new BackupError(`${file}: the backup's header is damaged.`);
  }
  const payloadOffset = second + 1;
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file, { start: payloadOffset }) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    hash.update(chunk);
  }
  if (bytes !== header.payloadBytes || hash.digest("hex") !== header.payloadSha256)
    throw new BackupError(
      `${file} is damaged or incomplete: its contents do not match the size and checksum recorded when it was made.`,
    );
  return { header, payloadOffset };
}

/** Run a PostgreSQL client tool; its error output becomes the refusal's message. */
export function runClientTool(command: string, args: string[], input?: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [input ? "pipe" : "ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    if (input && child.stdin) {
      child.stdin.on("error", () => {}); // the tool's exit status tells what went wrong
      input.pipe(child.stdin);
    }
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        new BackupError(
          error.code === "ENOENT"
            ? `${command} was not found: install PostgreSQL's client tools (Debian: apt-get install postgresql-client).`
            : `${command}: ${error.message}`,
        ),
      ),
    );
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new BackupError(`${command} failed (exit ${code}):\n${stderr.trim()}`)),
    );
  });
}
