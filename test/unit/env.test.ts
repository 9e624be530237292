import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// lib/env.ts reads process.env once per module instance: each test stubs the variables and
// imports a fresh copy.
let dataDir: string;

async function freshEnv(vars: Record<string, string | undefined>) {
  vi.stubEnv("DATA_DIR", dataDir);
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  vi.resetModules();
  return import("@/lib/env");
}

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "yichuang-env-"));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("secrets", () => {
  it("on PostgreSQL refuses to start without NEXTAUTH_SECRET and ENCRYPTION_KEY, and says how to make them", async () => {
    const { env, authSecret } = await freshEnv({
      DATABASE_URL: "postgres://u@127.0.0.1:5432/x",
      NEXTAUTH_SECRET: undefined,
      ENCRYPTION_KEY: undefined,
    });
    expect(() => env()).toThrow(/NEXTAUTH_SECRET[\s\S]*openssl rand/);
    expect(() => env()).toThrow(/ENCRYPTION_KEY[\s\S]*openssl rand -hex 32/);
    expect(() => authSecret()).toThrow();
    expect(existsSync(path.join(dataDir, "secrets.json"))).toBe(false);
  });

  it("on PostgreSQL refuses to start with only one of the two", async () => {
    const { env } = await freshEnv({
      DATABASE_URL: "postgres://u@127.0.0.1:5432/x",
      NEXTAUTH_SECRET: "x".repeat(40),
      ENCRYPTION_KEY: undefined,
    });
    expect(() => env()).toThrow(/ENCRYPTION_KEY/);
  });

  it("on PostgreSQL with both secrets uses them and writes nothing", async () => {
    const key = "ab".repeat(32);
    const { authSecret, encryptionKey } = await freshEnv({
      DATABASE_URL: "postgres://u@127.0.0.1:5432/x",
      NEXTAUTH_SECRET: "s".repeat(40),
      ENCRYPTION_KEY: key,
    });
    expect(authSecret()).toBe("s".repeat(40));
    expect(encryptionKey().toString("hex")).toBe(key);
    expect(existsSync(path.join(dataDir, "secrets.json"))).toBe(false);
  });

  it("takes ENCRYPTION_KEY_PREVIOUS during a key rotation, but not the same key twice nor a malformed one", async () => {
    const key = "ab".repeat(32);
    const previous = "cd".repeat(32);
    const rotating = await freshEnv({ ENCRYPTION_KEY: key, ENCRYPTION_KEY_PREVIOUS: previous });
    expect(rotating.previousEncryptionKey()?.toString("hex")).toBe(previous);
    const done = await freshEnv({ ENCRYPTION_KEY: key, ENCRYPTION_KEY_PREVIOUS: "" });
    expect(done.previousEncryptionKey()).toBeUndefined();
    const same = await freshEnv({ ENCRYPTION_KEY: key, ENCRYPTION_KEY_PREVIOUS: key.toUpperCase() });
    expect(() => same.env()).toThrow(/ENCRYPTION_KEY_PREVIOUS: must be the old key/);
    const short = await freshEnv({ ENCRYPTION_KEY: key, ENCRYPTION_KEY_PREVIOUS: "abc" });
    expect(() => short.env()).toThrow(/ENCRYPTION_KEY_PREVIOUS: must be 64 hex digits/);
  });

  it("embedded without secrets generates them once into DATA_DIR, readable by the owner only", async () => {
    const { authSecret, encryptionKey } = await freshEnv({
      DATABASE_URL: "",
      NEXTAUTH_SECRET: undefined,
      ENCRYPTION_KEY: undefined,
    });
    const secret = authSecret();
    expect(encryptionKey()).toHaveLength(32);
    const file = path.join(dataDir, "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await freshEnv({ DATABASE_URL: "", NEXTAUTH_SECRET: undefined, ENCRYPTION_KEY: undefined });
    expect(again.authSecret()).toBe(secret);
  });
});

describe("demo data", () => {
  it("is off unless DEMO=1, also on the embedded database", async () => {
    const embedded = await freshEnv({ DATABASE_URL: "", DEMO: undefined });
    expect(embedded.env().isDemo).toBe(false);
    const asked = await freshEnv({ DATABASE_URL: "", DEMO: "1" });
    expect(asked.env().isDemo).toBe(true);
  });
});

describe("settings", () => {
  it("one out of range names the variable and what it accepts", async () => {
    const { env } = await freshEnv({ SESSION_IDLE_MINUTES: "1" });
    expect(() => env()).toThrow(/SESSION_IDLE_MINUTES.*5/);
  });
});
