import "server-only";
import { DEVICE_ROLES, type Actor } from "@/lib/auth/actor";
import { PASSWORD_HINT } from "@/lib/auth/password-rules";
import { ROLE_LABEL } from "@/lib/auth/session";
import { listDepartments } from "@/lib/catalogue";
import { listWindows } from "@/lib/queue";
import type { StaffFormOptions } from "./staff-form";

// The roles a hall's admin gives people; the district's account is the district's to make.
const PEOPLE_ROLES = ["clerk", "backoffice", "manager", "admin"] as const;

/** The choices of the staff and devices forms: the hall's windows and departments, the roles. */
export async function staffFormOptions(actor: Actor, kind: "people" | "devices"): Promise<StaffFormOptions> {
  const [windows, departments] = await Promise.all([
    listWindows({ hallId: actor.hallId }),
    listDepartments({ hallId: actor.hallId }),
  ]);
  return {
    roles: (kind === "devices" ? DEVICE_ROLES : PEOPLE_ROLES).map((value) => ({ value, label: ROLE_LABEL[value] })),
    windows: windows.map((w) => ({ id: w.id, number: w.number, name: w.name })),
    departments: departments.map((d) => ({ code: d.code, shortName: d.shortName })),
    passwordHint: PASSWORD_HINT,
  };
}
