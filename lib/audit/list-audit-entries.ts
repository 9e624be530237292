import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { addDays, atShanghai, isValidDate } from "@/lib/time";

export interface AuditFilter {
  /** The acting account's username (as written in the line). */
  actor?: string;
  action?: string;
  /** A kind of object (staff_user, window, case…). */
  objectType?: string;
  /** Part of the object's human name, or exactly its id/number or an account's username. */
  object?: string;
  /** Shanghai calendar dates, both included. */
  from?: string;
  to?: string;
}

export interface AuditEntryView {
  id: number;
  at: Date;
  actorName: string;
  /** The acting person's name now (staff_users.display_name), when the line names an account. */
  actorDisplayName: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  /** The object as people know it: a staff member's name, a window's number, a case number. */
  objectName: string | null;
  result: "ok" | "denied" | "failed";
  detail: Record<string, unknown> | null;
  clientAddress: string | null;
}

/** The longest range one read covers: the log is kept at least 180 days, a CSV of two years is plenty. */
const MAX_RANGE_DAYS = 731;

/**
 * Lines of the audit log of the admin's hall, newest first, filtered; at most `limit`. The object's
 * human name is read at read time from what the line's id points to (an account, a window, a
 * queue, an item), else from the line's own detail (`name`), else its id — a case line's id is
 * its case number already. Append-only (migrations 0001 and 0017): nothing here or anywhere
 * deletes a line, so the log keeps at least the 180 days a county asks for.
 */
export async function listAuditEntries(input: {
  actor: Actor;
  filter?: AuditFilter;
  limit?: number;
}): Promise<AuditEntryView[]> {
  const { actor } = input;
  assertRole(actor, "admin");
  const filter = input.filter ?? {};
  const limit = Math.min(Math.max(input.limit ?? 200, 1), 50_000);
  const fields: Record<string, string> = {};
  if (filter.from && !isValidDate(filter.from)) fields.from = "请选择有效的开始日期";
  if (filter.to && !isValidDate(filter.to)) fields.to = "请选择有效的结束日期";
  if (!fields.from && !fields.to && filter.from && filter.to) {
    if (filter.from > filter.to) fields.to = "结束日期不能早于开始日期";
    else if (addDays(filter.from, MAX_RANGE_DAYS) < filter.to) fields.to = "一次最多查询两年";
  }
  if (Object.keys(fields).length) throw new AppError("invalid_input", undefined, fields);

  const where: SQL[] = [sql`a.hall_id = ${actor.hallId}`];
  if (filter.actor) where.push(sql`a.actor_name = ${filter.actor}`);
  if (filter.action) where.push(sql`a.action = ${filter.action}`);
  if (filter.objectType) where.push(sql`a.object_type = ${filter.objectType}`);
  if (filter.from) where.push(sql`a.at >= ${atShanghai(filter.from, "00:00").toISOString()}::timestamptz`);
  if (filter.to) where.push(sql`a.at < ${atShanghai(addDays(filter.to, 1), "00:00").toISOString()}::timestamptz`);
  const objectSearch = filter.object?.trim();
  const intId = sql`case when a.object_id ~ '^[0-9]{1,9}$' then a.object_id::int end`;
  const db = await getDb();
  const rows = rowsOf<{
    id: string | number;
    at: string | Date;
    actor_name: string;
    actor_display_name: string | null;
    action: string;
    object_type: string;
    object_id: string | null;
    object_name: string | null;
    result: "ok" | "denied" | "failed";
    detail: Record<string, unknown> | null;
    client_address: string | null;
  }>(
    await db.execute(sql`
      select * from (
        select a.id, a.at, a.actor_name, actor.display_name as actor_display_name, a.action,
          a.object_type, a.object_id, a.result, a.detail, a.client_address,
          coalesce(
            case a.object_type
              when 'staff_user' then (select s.display_name from staff_users s where s.id = ${intId} and s.hall_id = a.hall_id)
              when 'window' then (select w.number || '号窗口' from windows w where w.id = ${intId} and w.hall_id = a.hall_id)
              when 'queue' then (select q.prefix || ' ' || q.name from queues q where q.id = ${intId} and q.hall_id = a.hall_id)
              when 'service_item' then (select i.name from service_items i where i.hall_id = a.hall_id and (i.id = ${intId} or i.code = a.object_id) limit 1)
            end,
            a.detail ->> 'name',
            a.object_id
          ) as object_name
        from audit_log a
        left join staff_users actor on actor.id = a.actor_id
        where ${sql.join(where, sql` and `)}
        order by a.id desc
        ${objectSearch ? sql`` : sql`limit ${limit}`}
      ) entries
      ${objectSearch ? sql`where entries.object_name ilike ${`%${objectSearch.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} or entries.object_id = ${objectSearch} or entries.detail ->> 'username' = ${objectSearch} order by entries.id desc limit ${limit}` : sql``}`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at),
    actorName: r.actor_name,
    actorDisplayName: r.actor_display_name,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    objectName: r.object_name,
    result: r.result,
    detail: r.detail,
    clientAddress: r.client_address,
  }));
}
