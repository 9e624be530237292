import { format } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { bookings } from "@/db/schema";
import { confirmationText } from "@/lib/booking/seats";
import { newBookingCode } from "@/lib/booking/code";
import { sealPhone } from "@/lib/crypto";
import { route } from "@/lib/http";
import { logSender } from "@/lib/notify";
import { testHallId, unique, uniquePhone } from "../support/fixtures";

// Issue #10: drizzle errors were logged with their parameters (names, addresses), and the default
// SMS sender logged every body, booking code and all, beside a masked phone (code plus 10^4
// guesses takes over a booking). Logs carry error codes and constraint names, nothing typed in.

const none = undefined as never;

function captureConsole(method: "error" | "log" | "warn") {
  const lines: string[] = [];
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(format(...args)));
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("logs", () => {
  it("log a failed query by its code and constraint, never its parameters", async () => {
    const name = unique("王秘密");
    const phone = uniquePhone();
    const address = unique("潜川镇秘密村");
    const failing = route(async () => {
      const db = await getDb();
      // No service item -1: a foreign-key violation, with a name, an address and a phone in the query.
      await db.insert(bookings).values({
        hallId: await testHallId(),
        code: newBookingCode(),
        serviceItemId: -1,
        slotId: -1,
        applicantName: `${name} ${address}`,
        ...sealPhone(phone),
        idempotencyKey: phone,
      });
      return new Response(null, { status: 204 });
    });
    const lines = captureConsole("error");
    const response = await failing(new Request("http://hall/api/v1/x", { method: "POST" }), none);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ code: "internal" });
    const logged = lines.join("\n");
    expect(logged).toContain("sqlstate=23503");
    expect(logged).toMatch(/constraint=bookings_\w+_fk/);
    expect(logged).toContain("table=bookings");
    for (const secret of [name, address, phone, "insert into"]) expect(logged.includes(secret), secret).toBe(false);
  });

  it("let the default SMS sender log neither the text nor the booking code", async () => {
    const code = newBookingCode();
    const phone = uniquePhone();
    const body = confirmationText({
      code,
      serviceName: "城乡居民基本养老保险参保登记",
      date: "2026-12-01",
      start: "09:30",
      channel: "window",
      location: "潜川镇便民服务中心",
    });
    const lines = captureConsole("log");
    await logSender.send({ to: phone, body });
    const logged = lines.join("\n");
    expect(logged).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(logged).not.toContain(code);
    expect(logged).not.toContain("养老保险");
    expect(logged).not.toContain(phone);
  });
});
