import { describe, expect, it } from "vitest";
import { POST as bookingsRoute } from "@/app/api/v1/bookings/route";

// Issue #10: bodies were read whole before the 64 KB check, so one anonymous 400 MB POST raised
// memory by about 1 GB before its 413. Now Content-Length over the limit is refused unread, and
// every body is read as a stream that is cut at the cap, whatever its header says.

const none = undefined as never;
const MB = 1024 * 1024;

/** A body of `total` bytes made on demand, 64 KB a chunk; records how much was read and the memory peak. */
function streamedBody(total: number) {
  const seen = { pulled: 0, peakRss: 0, peakArrayBuffers: 0 };
  const sample = () => {
    const { rss, arrayBuffers } = process.memoryUsage();
    seen.peakRss = Math.max(seen.peakRss, rss);
    seen.peakArrayBuffers = Math.max(seen.peakArrayBuffers, arrayBuffers);
  };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        sample();
        if (seen.pulled >= total) return controller.close();
        const chunk = new Uint8Array(Math.min(64 * 1024, total - seen.pulled)).fill(0x20);
        seen.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, seen, sample };
}

async function post(total: number, headers: Record<string, string> = {}) {
  const { body, seen, sample } = streamedBody(total);
  const before = process.memoryUsage();
  const response = await bookingsRoute(
    new Request("http://hall/api/v1/bookings", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      duplex: "half",
    } as RequestInit),
    none,
  );
  sample();
  return {
    response,
    pulled: seen.pulled,
    rssGrowth: seen.peakRss - before.rss,
    arrayBufferGrowth: seen.peakArrayBuffers - before.arrayBuffers,
  };
}

async function expectTooLarge(response: Response) {
  expect(response.status).toBe(413);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  expect(await response.json()).toMatchObject({ code: "payload_too_large", message: "提交的内容过大" });
}

describe("request bodies", () => {
  it("refuses a Content-Length over the limit without reading the body", async () => {
    const sent = await post(100 * MB, { "content-length": String(100 * MB) });
    await expectTooLarge(sent.response);
    expect(sent.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it("cuts a 100 MB chunked body at the cap, and memory never grows past a few MB", async () => {
    const sent = await post(100 * MB);
    await expectTooLarge(sent.response);
    expect(sent.pulled).toBeLessThan(256 * 1024);
    expect(sent.arrayBufferGrowth).toBeLessThan(4 * MB);
    expect(sent.rssGrowth).toBeLessThan(16 * MB);
  });

  it("cuts a body that lies about its length", async () => {
    const sent = await post(100 * MB, { "content-length": "100" });
    await expectTooLarge(sent.response);
    expect(sent.pulled).toBeLessThan(256 * 1024);
    expect(sent.arrayBufferGrowth).toBeLessThan(4 * MB);
  });

  it("reads a body just under the limit (and answers its content, not its size)", async () => {
    const padding = " ".repeat(60 * 1024);
    const response = await bookingsRoute(
      new Request("http://hall/api/v1/bookings", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"service":"","slotId":0}${padding}`,
      }),
      none,
    );
    expect(response.status).toBe(422);
    const bad = await bookingsRoute(
      new Request("http://hall/api/v1/bookings", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.from([0x7b, 0xff, 0x7d]),
      }),
      none,
    );
    expect(bad.status).toBe(400);
  });
});
