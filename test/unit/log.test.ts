import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { describeError } from "@/lib/log";

describe("describeError", () => {
  it("names the kinds, code and constraint of an error and never its message", () => {
    // The shapes of drizzle over postgres.js: the query with its parameters in the message, the
    // PostgreSQL error with the rejected value in its detail as the cause.
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "bookings_code_uq"'), {
      name: "PostgresError",
      code: "23505",
      constraint_name: "bookings_code_uq",
      table_name: "bookings",
      detail: "Key (code)=(K7Q2M9) already exists.",
    });
    const error = new Error('Failed query: insert into "bookings" …\nparams: 张三,13800138000,K7Q2M9', { cause });
    error.name = "DrizzleQueryError";
    const line = describeError(error);
    expect(line).toMatch(
      /^DrizzleQueryError ← PostgresError sqlstate=23505 constraint=bookings_code_uq table=bookings/,
    );
    expect(line).toContain("    at ");
    for (const secret of ["张三", "13800138000", "K7Q2M9", "insert into"]) expect(line).not.toContain(secret);
    expect(
      describeError(new TypeError('The "x" argument must be of type number. Received "13800138000"')),
    ).not.toContain("13800138000");
    expect(describeError(new AppError("slot_full"))).toMatch(/^AppError code=slot_full/);
    expect(describeError("13800138000")).toBe("a thrown string");
  });

  it("is the one way errors reach the log: no console.error anywhere else in app/, lib/ or db/", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const offenders: string[] = [];
    const scanned: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.(ts|tsx)$/.test(entry.name)) {
          scanned.push(file);
          const relative = path.relative(root, file);
          if (relative !== path.join("lib", "log.ts") && readFileSync(file, "utf8").includes("console.error"))
            offenders.push(relative);
        }
      }
    };
    for (const dir of ["app", "lib", "db"]) walk(path.join(root, dir));
    expect(scanned.length).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });
});
