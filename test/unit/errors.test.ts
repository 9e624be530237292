import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, ERROR_CODES } from "@/lib/errors";
import { errorResponse, readJson } from "@/lib/http";

describe("errors", () => {
  it("map every code to a 4xx or 5xx and a Chinese message", () => {
    for (const [code, { status, message }] of Object.entries(ERROR_CODES)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(message, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("answer with problem JSON and never leak an unexpected error", async () => {
    const known = errorResponse(new AppError("slot_full"));
    expect(known.status).toBe(409);
    expect(known.headers.get("content-type")).toContain("application/problem+json");
    expect(await known.json()).toEqual({ code: "slot_full", message: ERROR_CODES.slot_full.message });

    const original = console.error;
    console.error = () => {};
    const unknown = errorResponse(new Error('relation "secret_table" does not exist'));
    console.error = original;
    expect(unknown.status).toBe(500);
    expect(JSON.stringify(await unknown.json())).not.toContain("secret_table");
  });

  it("answer 503 with a Chinese message, not 500, when the database cannot be reached", async () => {
    // A real client and a port nobody listens on: the error as a request meets it when PostgreSQL
    // is down or restarting (ECONNREFUSED, wrapped by drizzle).
    const client = postgres("postgres://yichuang@127.0.0.1:1/yichuang", {
      max: 1,
      connect_timeout: 5,
      onnotice: () => {},
    });
    let down: unknown = null;
    try {
      await drizzle(client).execute(sql`select ${1}::int`);
    } catch (error) {
      down = error;
    } finally {
      await client.end({ timeout: 1 });
    }
    expect(down).not.toBeNull();
    const original = console.error;
    console.error = () => {};
    const response = errorResponse(down);
    console.error = original;
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ code: "unavailable", message: ERROR_CODES.unavailable.message });
  });

  it("turn zod errors into per-field messages", async () => {
    const result = z.object({ phone: z.string().min(11, "请填写11位手机号") }).safeParse({ phone: "1" });
    const response = errorResponse(result.error);
    expect(response.status).toBe(422);
    expect((await response.json()).fields).toEqual({ phone: "请填写11位手机号" });
  });

  it("read bad JSON as a 400 and a wrong content type as a 415", async () => {
    await expect(
      readJson(new Request("http://x", { method: "POST", body: "{", headers: { "content-type": "application/json" } })),
    ).rejects.toMatchObject({ code: "invalid_json" });
    await expect(
      readJson(
        new Request("http://x", {
          method: "POST",
          body: "a=b",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
      ),
    ).rejects.toMatchObject({ code: "unsupported_media_type" });
  });

  it("take only the application/json media type, parameters aside", async () => {
    const post = (type: string | undefined) =>
      readJson(new Request("http://x", { method: "POST", body: "{}", headers: type ? { "content-type": type } : {} }));
    // text/plain;charset=json is what a foreign page can send without a CORS preflight.
    for (const type of [
      "text/plain;charset=json",
      "text/plain",
      "application/jsonx",
      "application/json-seq",
      "text/json",
    ])
      await expect(post(type), type).rejects.toMatchObject({ code: "unsupported_media_type" });
    const none = new Request("http://x", { method: "POST", body: new Blob(["{}"]) });
    await expect(readJson(none)).rejects.toMatchObject({ code: "unsupported_media_type" });
    await expect(post("Application/JSON; charset=utf-8")).resolves.toEqual({});
    await expect(post("application/json")).resolves.toEqual({});
  });
});
