import "server-only";
import { asc, eq, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/connection";
import {
  bookings,
  caseEvents,
  cases,
  departments,
  serviceItems,
  staffUsers,
  tickets,
  villages,
  type CaseStatus,
  type Channel,
  type Material,
} from "@/db/schema";
import { CASE_STATUS_LABEL } from "@/lib/cases/labels";
import { dueStateOf, type IsWorkday } from "@/lib/cases/working-days";
import { shanghaiDate } from "@/lib/time";

// The read model of a case: the small object a page, the API and a test get. Built from one row
// query and one timeline query, after every change, inside the change's transaction.

export interface CaseView {
  caseNo: string;
  status: CaseStatus;
  statusLabel: string;
  channel: Channel;
  source: "walk_in" | "booking";
  village: { id: number; name: string } | null;
  item: { code: string; name: string; kind: "instant" | "promised"; promisedDays: number | null };
  department: { id: number; name: string; phone: string | null };
  applicant: { name: string; phoneMasked: string; idNumberMasked: string | null };
  materials: { received: string[]; missing: string[]; list: Material[] };
  supplement: { missing: string[]; note: string; issuedAt: string; receivedAt: string | null } | null;
  notAcceptedReason: string | null;
  opinion: string | null;
  acceptedAt: string;
  dueDate: string | null;
  dueState: "ok" | "soon" | "overdue" | null;
  ticketId: number | null;
  ticketNumber: string | null;
  bookingCode: string | null;
  delivery: { method: "window" | "post"; trackingNo: string | null; at: string } | null;
  timeline: {
    at: string;
    kind: string;
    fromStatus: string | null;
    toStatus: string | null;
    actorName: string | null;
    note: string | null;
  }[];
}

export interface CaseListItem {
  caseNo: string;
  status: CaseStatus;
  statusLabel: string;
  itemName: string;
  departmentName: string;
  applicantName: string;
  phoneMasked: string;
  acceptedAt: string;
  dueDate: string | null;
  dueState: CaseView["dueState"];
  channel: Channel;
}

/** The columns a list shows; the caller adds its scope and filters. */
export const listColumns = {
  caseNo: cases.caseNo,
  status: cases.status,
  itemName: serviceItems.name,
  departmentName: departments.name,
  applicantName: cases.applicantName,
  phoneMasked: cases.phoneMasked,
  acceptedAt: cases.acceptedAt,
  dueDate: cases.dueDate,
  channel: cases.channel,
};

export interface ListRow {
  caseNo: string;
  status: CaseStatus;
  itemName: string;
  departmentName: string;
  applicantName: string;
  phoneMasked: string;
  acceptedAt: Date;
  dueDate: string | null;
  channel: Channel;
}

export function toListItem(row: ListRow, isWorkday: IsWorkday, today = shanghaiDate()): CaseListItem {
  return {
    caseNo: row.caseNo,
    status: row.status,
    statusLabel: CASE_STATUS_LABEL[row.status],
    itemName: row.itemName,
    departmentName: row.departmentName,
    applicantName: row.applicantName,
    phoneMasked: row.phoneMasked,
    acceptedAt: row.acceptedAt.toISOString(),
    dueDate: row.dueDate,
    dueState: dueStateOf(row.dueDate, row.status, today, isWorkday),
    channel: row.channel,
  };
}

/** The case rows the operations work with (never sent to a client as they are). */
export async function selectCaseRow(db: Db | Tx, where: SQL | undefined, options: { lock?: boolean } = {}) {
  const query = db
    .select({
      id: cases.id,
      hallId: cases.hallId,
      caseNo: cases.caseNo,
      status: cases.status,
      departmentId: cases.departmentId,
      itemKind: serviceItems.kind,
      itemName: serviceItems.name,
      phoneEnc: cases.phoneEnc,
      idNumberHash: cases.idNumberHash,
      dueDate: cases.dueDate,
      supplementIssuedAt: cases.supplementIssuedAt,
      pausedFromStatus: cases.pausedFromStatus,
      pausedWorkingDays: cases.pausedWorkingDays,
      ticketId: cases.ticketId,
      // The list of intake day, never the item's current one (an admin's edit must not rewrite a case).
      materialsList: cases.materialsList,
      materialsReceived: cases.materialsReceived,
      materialsMissing: cases.materialsMissing,
    })
    .from(cases)
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .where(where)
    .limit(1);
  // The row lock makes a racing change wait, then see the status the winner left.
  const [row] = options.lock ? await query.for("update", { of: cases }) : await query;
  return row ?? null;
}
export type CaseRow = NonNullable<Awaited<ReturnType<typeof selectCaseRow>>>;

export async function buildCaseView(
  db: Db | Tx,
  caseId: number,
  isWorkday: IsWorkday,
  now = new Date(),
): Promise<CaseView> {
  const [row] = await db
    .select({
      caseNo: cases.caseNo,
      status: cases.status,
      channel: cases.channel,
      source: cases.source,
      villageId: villages.id,
      villageName: villages.name,
      itemCode: serviceItems.code,
      itemName: serviceItems.name,
      itemKind: serviceItems.kind,
      promisedDays: serviceItems.promisedDays,
      departmentId: departments.id,
      departmentName: departments.name,
      departmentPhone: departments.phone,
      applicantName: cases.applicantName,
      phoneMasked: cases.phoneMasked,
      idNumberMasked: cases.idNumberMasked,
      materialsList: cases.materialsList,
      materialsReceived: cases.materialsReceived,
      materialsMissing: cases.materialsMissing,
      supplementMissing: cases.supplementMissing,
      supplementNote: cases.supplementNote,
      supplementIssuedAt: cases.supplementIssuedAt,
      supplementReceivedAt: cases.supplementReceivedAt,
      notAcceptedReason: cases.notAcceptedReason,
      opinion: cases.opinion,
      acceptedAt: cases.acceptedAt,
      dueDate: cases.dueDate,
      ticketId: cases.ticketId,
      ticketNumber: tickets.number,
      bookingCode: bookings.code,
      deliveryMethod: cases.deliveryMethod,
      trackingNo: cases.trackingNo,
      deliveredAt: cases.deliveredAt,
    })
    .from(cases)
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .leftJoin(villages, eq(villages.id, cases.villageId))
    .leftJoin(tickets, eq(tickets.id, cases.ticketId))
    .leftJoin(bookings, eq(bookings.id, cases.bookingId))
    .where(eq(cases.id, caseId));
  const events = await db
    .select({
      at: caseEvents.at,
      kind: caseEvents.kind,
      fromStatus: caseEvents.fromStatus,
      toStatus: caseEvents.toStatus,
      actorName: staffUsers.displayName,
      note: caseEvents.note,
    })
    .from(caseEvents)
    .leftJoin(staffUsers, eq(staffUsers.id, caseEvents.actorId))
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id));
  return {
    caseNo: row.caseNo,
    status: row.status,
    statusLabel: CASE_STATUS_LABEL[row.status],
    channel: row.channel,
    source: row.source,
    village: row.villageId !== null && row.villageName !== null ? { id: row.villageId, name: row.villageName } : null,
    item: { code: row.itemCode, name: row.itemName, kind: row.itemKind, promisedDays: row.promisedDays },
    department: { id: row.departmentId, name: row.departmentName, phone: row.departmentPhone },
    applicant: { name: row.applicantName, phoneMasked: row.phoneMasked, idNumberMasked: row.idNumberMasked },
    materials: {
      received: row.materialsReceived,
      missing: row.materialsMissing,
      list: row.materialsList,
    },
    supplement: row.supplementIssuedAt
      ? {
          missing: row.supplementMissing ?? [],
          note: row.supplementNote ?? "",
          issuedAt: row.supplementIssuedAt.toISOString(),
          receivedAt: row.supplementReceivedAt?.toISOString() ?? null,
        }
      : null,
    notAcceptedReason: row.notAcceptedReason,
    opinion: row.opinion,
    acceptedAt: row.acceptedAt.toISOString(),
    dueDate: row.dueDate,
    dueState: dueStateOf(row.dueDate, row.status, shanghaiDate(now), isWorkday),
    ticketId: row.ticketId,
    ticketNumber: row.ticketNumber,
    bookingCode: row.bookingCode,
    delivery:
      row.deliveryMethod && row.deliveredAt
        ? { method: row.deliveryMethod, trackingNo: row.trackingNo, at: row.deliveredAt.toISOString() }
        : null,
    timeline: events.map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorName: e.actorName,
      note: e.note,
    })),
  };
}
