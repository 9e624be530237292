import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// The one place that reads configuration. Everything is validated once, on first use; a bad
// value stops the server with a message that names the variable.

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "1" || v === "true"));

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // Named (prepared) statements on PostgreSQL: off only behind a pooler that cannot keep them
  // (PgBouncer in transaction mode before 1.21, or without max_prepared_statements). See
  // docs/decisions/007-prepared-statements.md.
  DATABASE_PREPARE: flag.transform((v) => v ?? true),
  // Connections of this instance's pool on PostgreSQL. More than the database's cores can run
  // only wait for them: on 2 cores 20 made every request slower and a real day's tail 2–4× longer
  // (docs/decisions/014-a-pool-the-cores-can-serve.md). Several instances times this must stay
  // below the server's max_connections (100 by default).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PGLITE_DIR: z.string().min(1).default("./.data/pglite"),
  DATA_DIR: z.string().min(1).default("./.data"),
  DEMO: flag,
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits (32 bytes)")
    .optional(),
  // During a key rotation (`npm run rotate-key`): the key that was ENCRYPTION_KEY before, still
  // read until every row is re-encrypted under the new one; remove it when the command says so.
  ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits (32 bytes)")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(120),
  // Wrong passwords for one name before each further one makes the next attempt wait (1 minute,
  // doubling each time, at most LOGIN_LOCK_MINUTES); an admin can end the wait.
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  // Sign-in attempts per client address per minute, counted before any password is compared.
  LOGIN_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  HALL_CODE: z.string().min(1).default("qianchuan"),
  // The town's name, address, phone and case-number prefix, used once: when its hall is created at
  // its first start. Without HALL_NAME the demo town's (潜川镇便民服务中心) are used, which only the
  // first town of a database may take; a second town must name itself.
  HALL_NAME: z
    .string()
    .trim()
    .min(2)
    .max(60)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  HALL_ADDRESS: z
    .string()
    .trim()
    .min(2)
    .max(120)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  HALL_PHONE: z
    .string()
    .regex(/^[0-9+\-\s]{5,20}$/, "must be a phone number such as 0571-63790000")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  HALL_CASE_PREFIX: z
    .string()
    .regex(/^[A-Z]{1,6}$/, "must be 1 to 6 capital letters, such as QC")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // The public address villagers reach (https://…), for links in SMS messages; paths only without it.
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+[^/\s]$/, "must be an http(s) URL without a trailing slash")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  BOOKING_MIN_NOTICE_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  BOOKING_HORIZON_DAYS: z.coerce.number().int().min(1).max(120).default(14),
  // Active bookings per applicant (本人 or the person a 代办 booking is for), and per booker's phone:
  // a child booking for both parents and themself needs more than one person's share on one phone.
  BOOKING_MAX_ACTIVE_PER_APPLICANT: z.coerce.number().int().min(1).max(1000).default(3),
  BOOKING_MAX_ACTIVE_PER_PHONE: z.coerce.number().int().min(1).max(1000).default(5),
  NO_SHOW_LIMIT: z.coerce.number().int().min(1).max(100).default(3),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(20),
  // A public booking or waitlist entry needs a one-time SMS code to the phone it names (sms), or
  // none (off: only where SMS cannot be sent, since anyone could then fill seats with made-up numbers).
  PHONE_VERIFICATION: z.enum(["sms", "off"], { message: "must be sms or off" }).default("sms"),
  // SMS codes one client address may ask for per minute (each phone has its own caps as well); 0 is off.
  PHONE_CODES_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(5),
  // Per phone: the wait before the next code, and the codes in an hour.
  PHONE_CODE_RESEND_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  PHONE_CODES_PER_PHONE_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
  // SMS messages one instance hands to the sender at once (requests in flight to an SMS gateway);
  // the outbox is claimed in batches and drained while it has a backlog.
  SMS_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
  TRUST_PROXY: flag,
  // Walk-in tickets one kiosk device may take per minute (a stuck or abused kiosk must not use up
  // a queue's daily numbers in seconds); 0 is off.
  KIOSK_TICKETS_PER_MINUTE: z.coerce.number().int().min(0).max(1000).default(20),
  QUEUE_RECALL_LIMIT: z.coerce.number().int().min(0).max(10).default(2),
  // Open live-queue streams (SSE) per client address and in all, per app instance.
  QUEUE_STREAMS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(20),
  QUEUE_STREAMS_MAX: z.coerce.number().int().min(1).max(1_000_000).default(5_000),
  // How long a device's session (kiosk, TV, rating pad) lasts without an admin revoking it.
  DEVICE_SESSION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  QUEUE_NOTICE: z.string().max(200).default("请带齐材料，留意叫号。70 岁以上老人、残疾人可到综合受理窗口走绿色通道。"),
});

export type Env = z.infer<typeof schema> & { isEmbedded: boolean; isDemo: boolean };

// With DATABASE_URL several instances share one database: each must have the same keys, so they
// are never generated per machine there.
const SECRET_HINTS = {
  NEXTAUTH_SECRET: "required with DATABASE_URL, the same on every instance; make one with `openssl rand -hex 32`",
  ENCRYPTION_KEY:
    "required with DATABASE_URL, the same on every instance (back it up); make one with `openssl rand -hex 32`",
} as const;

let cached: Env | undefined;

/** The configuration, validated; throws one message naming every bad variable and what it accepts. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  if (parsed.success && parsed.data.DATABASE_URL) {
    for (const name of ["NEXTAUTH_SECRET", "ENCRYPTION_KEY"] as const)
      if (!parsed.data[name]) problems.push(`  ${name}: ${SECRET_HINTS[name]}`);
  }
  if (
    parsed.success &&
    parsed.data.ENCRYPTION_KEY_PREVIOUS &&
    parsed.data.ENCRYPTION_KEY_PREVIOUS.toLowerCase() === parsed.data.ENCRYPTION_KEY?.toLowerCase()
  )
    problems.push("  ENCRYPTION_KEY_PREVIOUS: must be the old key, not the same as ENCRYPTION_KEY");
  if (!parsed.success || problems.length > 0) throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  const isEmbedded = !parsed.data.DATABASE_URL;
  cached = { ...parsed.data, isEmbedded, isDemo: parsed.data.DEMO ?? false };
  return cached;
}

interface LocalSecrets {
  nextauthSecret: string;
  encryptionKey: string;
}

let localSecrets: LocalSecrets | undefined;

// Only in the embedded single-machine mode (env() refuses DATABASE_URL without both secrets): with
// no secrets configured, generate them once and keep them in DATA_DIR, so that sessions and
// encrypted data survive a restart.
function readOrCreateLocalSecrets(): LocalSecrets {
  if (localSecrets) return localSecrets;
  if (!env().isEmbedded) throw new Error("Local secrets are generated only for the embedded database.");
  const dir = env().DATA_DIR;
  const file = path.join(dir, "secrets.json");
  try {
    localSecrets = JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
    return localSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dir, { recursive: true });
  const fresh: LocalSecrets = {
    nextauthSecret: randomBytes(32).toString("base64url"),
    encryptionKey: randomBytes(32).toString("hex"),
  };
  try {
    writeFileSync(file, JSON.stringify(fresh, null, 2), { flag: "wx", mode: 0o600 });
    console.warn(`[yichuang] no NEXTAUTH_SECRET / ENCRYPTION_KEY given: generated local ones in ${file}`);
    localSecrets = fresh;
  } catch (error) {
    // Another process wrote it first; use theirs.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    localSecrets = JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  }
  return localSecrets;
}

export function authSecret(): string {
  return env().NEXTAUTH_SECRET ?? readOrCreateLocalSecrets().nextauthSecret;
}

export function encryptionKey(): Buffer {
  return Buffer.from(env().ENCRYPTION_KEY ?? readOrCreateLocalSecrets().encryptionKey, "hex");
}

/** The key ENCRYPTION_KEY replaced, while a rotation is under way; undefined otherwise. */
export function previousEncryptionKey(): Buffer | undefined {
  const previous = env().ENCRYPTION_KEY_PREVIOUS;
  return previous ? Buffer.from(previous, "hex") : undefined;
}
