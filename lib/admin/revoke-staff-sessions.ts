import "server-only";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { endStaffSessions } from "@/lib/admin/end-staff-sessions";

/**
 * Signs out every session of an account of the admin's hall — a lost or stolen kiosk, TV or
 * rating pad, whose session otherwise lasts DEVICE_SESSION_DAYS. Raising the session version is
 * enough: getActor compares it on every request, so the next request of that device is refused.
 */
export async function revokeStaffSessions(input: { actor: Actor; staffId: number }): Promise<{ id: number }> {
  const { actor } = input;
  assertRole(actor, "admin");
  const { id } = await endStaffSessions({
    actor,
    staffId: input.staffId,
    action: "staff.revoke_sessions",
  });
  return { id };
}
