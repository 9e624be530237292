import "server-only";
import type { Db, Tx } from "@/db/connection";
import { auditLog } from "@/db/schema";

export interface AuditEntry {
  hallId: number | null;
  actorId: number | null;
  actorName: string;
  action: string;
  objectType: string;
  objectId?: string | number | null;
  result: "ok" | "denied" | "failed";
  detail?: Record<string, unknown>;
}

/** Append one line to the audit log (never updated, never deleted: a trigger enforces it). */
export async function recordAudit(db: Db | Tx, entry: AuditEntry) {
  await db.insert(auditLog).values({
    hallId: entry.hallId,
    actorId: entry.actorId,
    actorName: entry.actorName,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId === undefined || entry.objectId === null ? null : String(entry.objectId),
    result: entry.result,
    detail: entry.detail ?? null,
  });
}

/** Append many lines at once (a batch operation's one line per object), in chunks. */
export async function recordAudits(db: Db | Tx, entries: AuditEntry[]) {
  for (let i = 0; i < entries.length; i += 500) {
    await db.insert(auditLog).values(
      entries.slice(i, i + 500).map((entry) => ({
        hallId: entry.hallId,
        actorId: entry.actorId,
        actorName: entry.actorName,
        action: entry.action,
        objectType: entry.objectType,
        objectId: entry.objectId === undefined || entry.objectId === null ? null : String(entry.objectId),
        result: entry.result,
        detail: entry.detail ?? null,
      })),
    );
  }
}
