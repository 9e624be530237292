import { decode, type JWT } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StaffRole } from "@/db/schema";
import { revokeStaffSessions } from "@/lib/admin/revoke-staff-sessions";
import { authOptions } from "@/lib/auth/options";
import { actorForSession } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { getQueueState, issueTicket } from "@/lib/queue";
import { actorFor, createStaff, testHallId } from "../support/fixtures";
import { createHall } from "../support/queue-hall";

afterEach(() => {
  vi.useRealTimers();
  clockOffsetMs = 0;
});

/** The session cookie's value for an account, as next-auth writes it at sign-in. */
async function signIn(role: StaffRole, hallId?: number) {
  const staff = await createStaff({ role, hallId });
  const options = authOptions();
  const token: JWT = {
    staffId: staff.id,
    username: staff.username,
    role,
    hallId: hallId ?? (await testHallId()),
    departmentId: null,
    windowId: null,
    sessionVersion: 0,
  };
  const cookie = await options.jwt!.encode!({ token, secret: options.secret!, maxAge: options.jwt!.maxAge! });
  return { staff, cookie };
}

let clockOffsetMs = 0;
/** Moves the clock the token's expiry is checked against (the database keeps the real one). */
function advanceClock(ms: number) {
  clockOffsetMs += ms;
}

/** What getActor does with a cookie: decode it (expiry checked) and read the account afresh. */
async function actorOf(cookie: string) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + clockOffsetMs);
  const token = await decode({ token: cookie, secret: authOptions().secret! }).catch(() => null);
  vi.useRealTimers();
  if (!token) return null;
  return actorForSession({ id: token.staffId, sessionVersion: token.sessionVersion });
}

describe("device sessions", () => {
  it("keep the kiosk, the TV and the rating pad signed in past the clerks' idle timeout", async () => {
    // A hall of its own: on PostgreSQL the seeded hall's queue A fills up with other files' tickets.
    const { hallId } = await createHall();
    const kiosk = await signIn("kiosk", hallId);
    const display = await signIn("display", hallId);
    const pad = await signIn("pad", hallId);
    const clerk = await signIn("clerk", hallId);
    const idleMs = env().SESSION_IDLE_MINUTES * 60_000;
    // A whole working day later, far past the idle timeout, with no request in between.
    advanceClock(Math.max(idleMs, 10 * 60 * 60_000) + 60_000);
    const kioskActor = await actorOf(kiosk.cookie);
    expect(kioskActor?.role).toBe("kiosk");
    expect((await issueTicket({ actor: kioskActor!, queue: "A" })).number).toMatch(/^A\d{3}$/);
    const displayActor = await actorOf(display.cookie);
    expect(displayActor?.role).toBe("display");
    expect((await getQueueState({ hallId: displayActor!.hallId })).waiting.length).toBeGreaterThan(0);
    expect((await actorOf(pad.cookie))?.role).toBe("pad");
    // The clerk's console, left alone as long, is signed out.
    expect(await actorOf(clerk.cookie)).toBeNull();
  });

  it("a clerk's session ends at the idle timeout", async () => {
    const clerk = await signIn("clerk");
    expect((await actorOf(clerk.cookie))?.role).toBe("clerk");
    advanceClock(env().SESSION_IDLE_MINUTES * 60_000 + 60_000);
    expect(await actorOf(clerk.cookie)).toBeNull();
  });

  it("a revoked device is refused at once, and only the admin's own hall's accounts can be revoked", async () => {
    const kiosk = await signIn("kiosk");
    expect(await actorOf(kiosk.cookie)).not.toBeNull();
    const admin = await actorFor("admin");
    await expect(
      revokeStaffSessions({ actor: await actorFor("clerk"), staffId: kiosk.staff.id }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      revokeStaffSessions({ actor: { ...admin, hallId: -1 }, staffId: kiosk.staff.id }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await actorOf(kiosk.cookie)).not.toBeNull();
    await revokeStaffSessions({ actor: admin, staffId: kiosk.staff.id });
    expect(await actorOf(kiosk.cookie)).toBeNull();
  });
});
