import "server-only";
import { inArray, notInArray, type SQL } from "drizzle-orm";
import { staffUsers } from "@/db/schema";
import { DEVICE_ROLES } from "@/lib/auth/actor";

/** People's accounts or the hall's devices': the staff and devices pages list them apart. */
export type StaffKind = "people" | "devices";

export function staffKindFilter(kind: StaffKind | undefined): SQL | undefined {
  if (kind === "devices") return inArray(staffUsers.role, [...DEVICE_ROLES]);
  if (kind === "people") return notInArray(staffUsers.role, [...DEVICE_ROLES]);
  return undefined;
}
