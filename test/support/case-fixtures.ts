import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { serviceItems, type Material, type StaffRole } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { idNumberCheckChar } from "@/lib/validation/identity";
import { actorFor, createStaff, testHallId, uniquePhone } from "./fixtures";

export interface TestItem {
  code: string;
  departmentId: number;
  promisedDays: number | null;
  materials: Material[];
  required: string[];
}

/** An item of the seed catalogue: promised (with N working days) or instant. */
export async function itemOf(kind: "instant" | "promised", promisedDays?: number): Promise<TestItem> {
  const db = await getDb();
  const [item] = await db
    .select({
      code: serviceItems.code,
      departmentId: serviceItems.departmentId,
      promisedDays: serviceItems.promisedDays,
      materials: serviceItems.materials,
    })
    .from(serviceItems)
    .where(
      and(
        eq(serviceItems.hallId, await testHallId()),
        eq(serviceItems.kind, kind),
        promisedDays ? eq(serviceItems.promisedDays, promisedDays) : undefined,
        // Two required materials at least, so that one can be missing while another is received.
        sql`jsonb_array_length(${serviceItems.materials}) >= 2`,
      ),
    )
    .orderBy(serviceItems.sortOrder)
    .limit(1);
  return { ...item, required: item.materials.filter((m) => m.required).map((m) => m.name) };
}

/** A back-office account of a department. */
export async function backofficeFor(departmentId: number): Promise<Actor> {
  const staff = await createStaff({ role: "backoffice", departmentId });
  return {
    id: staff.id,
    username: staff.username,
    name: "后台测试",
    role: "backoffice",
    hallId: await testHallId(),
    departmentId,
    windowId: null,
  };
}

/** Another department than this one. */
export async function otherDepartmentOf(departmentId: number): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ id: serviceItems.departmentId })
    .from(serviceItems)
    .where(sql`${serviceItems.departmentId} <> ${departmentId}`)
    .limit(1);
  return row.id;
}

export async function deviceActor(role: StaffRole): Promise<Actor> {
  return actorFor(role, role === "pad" ? 1 : undefined);
}

let idCounter = 0;
/** A valid GB 11643 ID number no other test uses. */
export function uniqueIdNumber(): string {
  idCounter += 1;
  const seq = String((process.pid * 7 + idCounter + Math.floor(Math.random() * 900)) % 1000).padStart(3, "0");
  const birth = `19${String(50 + (idCounter % 40)).padStart(2, "0")}0${1 + (idCounter % 9)}1${idCounter % 10}`;
  const first17 = `330185${birth}${seq}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

export function intakeBody(item: TestItem, overrides: { missing?: string[]; idNumber?: string | null } = {}) {
  const missing = overrides.missing ?? [];
  return {
    service: item.code,
    name: "王小明",
    phone: uniquePhone(),
    ...(overrides.idNumber === null ? {} : { idNumber: overrides.idNumber ?? uniqueIdNumber() }),
    materials: {
      received: item.materials.map((m) => m.name).filter((n) => !missing.includes(n)),
      missing,
    },
  };
}
