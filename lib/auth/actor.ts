// The acting staff member and the one authorization check. No next-auth here: domain code in
// lib/ takes an Actor and checks it with `assertRole`, whoever built the Actor (a session, a test).
import type { StaffRole } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** The hall's devices: signed in for as long as the hall runs them, until an admin revokes them. */
export const DEVICE_ROLES: readonly StaffRole[] = ["kiosk", "display", "pad"];

export function isDeviceRole(role: unknown): boolean {
  return DEVICE_ROLES.includes(role as StaffRole);
}

export interface Actor {
  id: number;
  username: string;
  name: string;
  role: StaffRole;
  hallId: number;
  departmentId: number | null;
  windowId: number | null;
  /** A one-time password not changed yet: refused everywhere but the change-password page. */
  mustChangePassword?: boolean;
}

/**
 * Throws 401 without an actor, 403 `password_change_required` while its one-time password is not
 * changed, and 403 when the actor's role is not one of `roles`.
 */
export function assertRole<R extends StaffRole>(
  actor: Actor | null | undefined,
  ...roles: R[]
): asserts actor is Actor & { role: R } {
  if (!actor) throw new AppError("unauthorized");
  if (actor.mustChangePassword) throw new AppError("password_change_required");
  if (!(roles as StaffRole[]).includes(actor.role)) throw new AppError("forbidden");
}

export function hasRole(actor: Actor | null | undefined, ...roles: StaffRole[]): actor is Actor {
  return !!actor && !actor.mustChangePassword && roles.includes(actor.role);
}
