import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { departments, queues } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";

/** What an item's department and queue may be: the district's departments, the hall's queues. */
export async function listItemFormOptions(input: { actor: Actor }) {
  const { actor } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  const [departmentRows, queueRows] = await Promise.all([
    db
      .select({ code: departments.code, name: departments.name, shortName: departments.shortName })
      .from(departments)
      .orderBy(asc(departments.id)),
    db
      .select({ prefix: queues.prefix, name: queues.name })
      .from(queues)
      .where(eq(queues.hallId, actor.hallId))
      .orderBy(asc(queues.sortOrder), asc(queues.prefix)),
  ]);
  return { departments: departmentRows, queues: queueRows };
}
