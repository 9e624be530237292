import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as availabilityRoute } from "@/app/api/v1/availability/route";
import { POST as cancelRoute } from "@/app/api/v1/bookings/[code]/cancel/route";
import { POST as rescheduleRoute } from "@/app/api/v1/bookings/[code]/reschedule/route";
import { GET as getBookingRoute } from "@/app/api/v1/bookings/[code]/route";
import { POST as bookRoute } from "@/app/api/v1/bookings/route";
import { POST as waitlistRoute } from "@/app/api/v1/waitlist/route";
import { addDays, shanghaiDate } from "@/lib/time";
import { bookableItemCodes, createTestSlot } from "../support/fixtures";

// Generated input against the public booking endpoints: never a 5xx, and every 4xx is problem
// JSON with a code. The generators mix plausible values with garbage so that requests reach
// every layer: JSON parsing, validation, the database checks, and the seat itself.

const none = undefined as never;
let services: string[];
let slotIds: number[];

beforeAll(async () => {
  services = (await bookableItemCodes()).slice(0, 5);
  slotIds = await Promise.all(
    [1, 2, 3].map(async () => (await createTestSlot({ onlineCapacity: 2000, capacity: 4000 })).slotId),
  );
});

async function expectProblemOrSuccess(response: Response) {
  expect(response.status, await response.clone().text()).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const body = await response.json();
    expect(typeof body.code).toBe("string");
    expect(typeof body.message).toBe("string");
  }
}

const weird = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom("", " ", "0", "-1", "1e309", "NaN", "'; drop table bookings; --", "\u0000", "张三".repeat(30)),
);
const phone = fc.oneof(fc.stringMatching(/^1[3-9]\d{9}$/), weird);
const name = fc.oneof(fc.constantFrom("张三", "李四", "欧阳娜娜", "Anna Li", "买·买提"), weird);
const phoneCode = fc.oneof(fc.stringMatching(/^\d{6}$/), weird);
const idNumber = fc.oneof(fc.constant(undefined), fc.stringMatching(/^\d{17}[\dX]$/), weird);

describe("generated requests to the booking API", () => {
  it("never answers a booking body with a 5xx", async () => {
    const service = fc.oneof(fc.constantFrom(...services), fc.stringMatching(/^[A-Z]{2,6}-\d{3}$/), weird);
    const slotId = fc.oneof(fc.constantFrom(...slotIds), fc.integer({ min: -5, max: 3_000_000_000 }), weird);
    const body = fc.oneof(
      fc.record({ service, slotId, name, phone, idNumber, phoneCode }, { requiredKeys: [] }),
      fc.anything(),
      fc.json().map((text) => ({ raw: text })),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.option(fc.string({ maxLength: 200 })), async (value, key) => {
        const payload =
          typeof value === "object" && value !== null && "raw" in value
            ? (value as { raw: string }).raw
            : (JSON.stringify(value) ?? "null");
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (key !== null && /^[\x20-\x7e]*$/.test(key)) headers["idempotency-key"] = key;
        await expectProblemOrSuccess(
          await bookRoute(new Request("http://hall/api/v1/bookings", { method: "POST", body: payload, headers }), none),
        );
      }),
      { numRuns: 1500 },
    );
  });

  it("never answers an availability query with a 5xx", async () => {
    const today = shanghaiDate();
    const date = fc.oneof(
      fc.integer({ min: -3, max: 70 }).map((n) => addDays(today, n)),
      fc.string({ maxLength: 12 }),
      fc.constantFrom("2026-02-30", "9999-12-31", "0000-01-01"),
    );
    const query = fc.record(
      {
        service: fc.oneof(fc.constantFrom(...services), fc.string({ maxLength: 10 })),
        from: date,
        to: date,
        channel: fc.oneof(fc.constantFrom("window", "weekend", "village"), fc.string({ maxLength: 8 })),
        village: fc.oneof(fc.constantFrom("V01", "V02", "V99"), fc.string({ maxLength: 20 })),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const params = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined) as [string, string][]);
        await expectProblemOrSuccess(
          await availabilityRoute(new Request(`http://hall/api/v1/availability?${params}`), none),
        );
      }),
      { numRuns: 1500 },
    );
  });

  it("never answers look-up, cancel, reschedule or waitlist with a 5xx", async () => {
    const code = fc.oneof(fc.stringMatching(/^[2-9A-HJ-NP-Z]{6}$/), fc.string({ maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(code, phone, fc.anything(), async (c, p, extra) => {
        const context = { params: Promise.resolve({ code: c }) };
        const json = (body: unknown) => ({
          method: "POST",
          body: JSON.stringify(body) ?? "null",
          headers: { "content-type": "application/json" },
        });
        await expectProblemOrSuccess(
          await getBookingRoute(
            new Request(`http://hall/api/v1/bookings/x?phone=${encodeURIComponent(String(p))}`),
            context,
          ),
        );
        await expectProblemOrSuccess(await cancelRoute(new Request("http://hall/x", json({ phone: p })), context));
        await expectProblemOrSuccess(
          await rescheduleRoute(new Request("http://hall/x", json({ phone: p, slotId: extra })), context),
        );
        await expectProblemOrSuccess(await waitlistRoute(new Request("http://hall/x", json(extra)), none));
      }),
      { numRuns: 500 },
    );
  });
});
