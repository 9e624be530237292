import "server-only";
import { headers } from "next/headers";
import type { Db, Tx } from "@/db/connection";
import { auditLog } from "@/db/schema";
import { clientAddress } from "@/lib/http/client-address";

export interface AuditEntry {
  hallId: number | null;
  actorId: number | null;
  actorName: string;
  action: string;
  objectType: string;
  objectId?: string | number | null;
  result: "ok" | "denied" | "failed";
  detail?: Record<string, unknown>;
  /** The client's address; by default the current request's, where there is one. */
  address?: string | null;
}

/**
 * The address of the request being served (a page, a server action, a route handler), or null
 * outside one (a background job, a test): headers() throws there.
 */
async function requestAddress(): Promise<string | null> {
  try {
    const address = clientAddress({ headers: await headers() });
    return address === "unknown" ? null : address.slice(0, 64);
  } catch {
    return null;
  }
}

function row(entry: AuditEntry, address: string | null) {
  return {
    hallId: entry.hallId,
    actorId: entry.actorId,
    actorName: entry.actorName,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId === undefined || entry.objectId === null ? null : String(entry.objectId),
    result: entry.result,
    detail: entry.detail ?? null,
    clientAddress: entry.address === undefined ? address : entry.address && entry.address.slice(0, 64),
  };
}

/** Append one line to the audit log (never updated, never deleted: a trigger enforces it). */
export async function recordAudit(db: Db | Tx, entry: AuditEntry) {
  await db.insert(auditLog).values(row(entry, await requestAddress()));
}

/** Append many lines at once (a batch operation's one line per object), in chunks. */
export async function recordAudits(db: Db | Tx, entries: AuditEntry[]) {
  const address = await requestAddress();
  for (let i = 0; i < entries.length; i += 500) {
    await db.insert(auditLog).values(entries.slice(i, i + 500).map((entry) => row(entry, address)));
  }
}
