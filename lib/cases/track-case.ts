import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { caseEvents, cases, halls, openingHours, serviceItems, type CaseStatus } from "@/db/schema";
import { CASE_EVENT_LABEL, CASE_STATUS_LABEL } from "@/lib/cases/labels";
import { lookupHashes, maskName } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { isValidMobile } from "@/lib/validation/identity";

export interface TrackView {
  caseNo: string;
  status: CaseStatus;
  statusLabel: string;
  itemName: string;
  acceptedAt: string;
  dueDate: string | null;
  supplement: { missing: string[]; note: string; issuedAt: string; receivedAt: string | null } | null;
  notAcceptedReason: string | null;
  pickup: { place: string; hours: string; phone: string };
  timeline: { at: string; label: string }[];
  applicant: { name: string; phoneMasked: string };
}

const NOT_FOUND = "没有找到办件，请核对办件号和手机号";

/**
 * The villager's view of a case (public): case number plus the applicant's phone, as booking
 * look-up. A wrong number and a wrong phone get the same 404; names and numbers are masked.
 */
export async function trackCase(input: { caseNo: string; phone: string }): Promise<TrackView> {
  const phone = input.phone.trim();
  const caseNo = input.caseNo.trim().toUpperCase();
  if (!isValidMobile(phone) || !/^[A-Z]{1,6}\d{10}$/.test(caseNo)) throw new AppError("not_found", NOT_FOUND);
  const db = await getDb();
  const [row] = await db
    .select({
      id: cases.id,
      hallId: cases.hallId,
      caseNo: cases.caseNo,
      status: cases.status,
      itemName: serviceItems.name,
      acceptedAt: cases.acceptedAt,
      dueDate: cases.dueDate,
      supplementMissing: cases.supplementMissing,
      supplementNote: cases.supplementNote,
      supplementIssuedAt: cases.supplementIssuedAt,
      supplementReceivedAt: cases.supplementReceivedAt,
      notAcceptedReason: cases.notAcceptedReason,
      applicantName: cases.applicantName,
      phoneMasked: cases.phoneMasked,
      hallName: halls.name,
      hallAddress: halls.address,
      hallPhone: halls.phone,
    })
    .from(cases)
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .innerJoin(halls, eq(halls.id, cases.hallId))
    .where(and(eq(cases.caseNo, caseNo), inArray(cases.phoneHash, lookupHashes("phone", phone))));
  if (!row) throw new AppError("not_found", NOT_FOUND);
  const [events, [hours]] = await Promise.all([
    db
      .select({ at: caseEvents.at, kind: caseEvents.kind })
      .from(caseEvents)
      .where(eq(caseEvents.caseId, row.id))
      .orderBy(asc(caseEvents.at), asc(caseEvents.id)),
    db
      .select({
        morningStart: openingHours.morningStart,
        morningEnd: openingHours.morningEnd,
        afternoonStart: openingHours.afternoonStart,
        afternoonEnd: openingHours.afternoonEnd,
      })
      .from(openingHours)
      .where(and(eq(openingHours.hallId, row.hallId), eq(openingHours.weekday, 1))),
  ]);
  const hm = (t: string) => t.slice(0, 5);
  return {
    caseNo: row.caseNo,
    status: row.status,
    statusLabel: CASE_STATUS_LABEL[row.status],
    itemName: row.itemName,
    acceptedAt: row.acceptedAt.toISOString(),
    dueDate: row.dueDate,
    supplement: row.supplementIssuedAt
      ? {
          missing: row.supplementMissing ?? [],
          note: row.supplementNote ?? "",
          issuedAt: row.supplementIssuedAt.toISOString(),
          receivedAt: row.supplementReceivedAt?.toISOString() ?? null,
        }
      : null,
    notAcceptedReason: row.notAcceptedReason,
    pickup: {
      place: `${row.hallName}综合受理窗口（${row.hallAddress}）`,
      hours: hours
        ? `工作日 ${hm(hours.morningStart)}–${hm(hours.morningEnd)}，${hm(hours.afternoonStart)}–${hm(hours.afternoonEnd)}`
        : "工作日办公时间",
      phone: row.hallPhone,
    },
    timeline: events.map((e) => ({ at: e.at.toISOString(), label: CASE_EVENT_LABEL[e.kind] ?? e.kind })),
    applicant: { name: maskName(row.applicantName), phoneMasked: row.phoneMasked },
  };
}
