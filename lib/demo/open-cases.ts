import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/connection";
import { departments, serviceItems, staffUsers } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { decideCase } from "@/lib/cases/decide-case";
import { finishInstantCase } from "@/lib/cases/finish-instant-case";
import { issueSupplementNotice } from "@/lib/cases/issue-supplement-notice";
import { markReady } from "@/lib/cases/mark-ready";
import { takeCase } from "@/lib/cases/take-case";
import { takeInCase } from "@/lib/cases/take-in-case";
import { addDays, atShanghai, isStateWorkday } from "@/lib/time";
import { idNumberCheckChar } from "@/lib/validation/identity";

// The cases in work right now, so that the back office's inbox has something in every state: made
// through the case operations themselves (lib/cases), back-dated with their `at` clock, inside the
// demo's transaction. Last year's ~7,000 cases go through the same operations' batch forms
// (takeInCasesIn, changeCasesStatusIn, insertEvaluations) in load-demo.ts.

const APPLICANTS = [
  ["王建国", "13857120001"],
  ["李秀英", "13957120002"],
  ["张志强", "15857120003"],
  ["陈海燕", "13757120004"],
  ["杨国华", "18857120005"],
  ["黄丽娟", "13657120006"],
  ["周春花", "15957120007"],
  ["吴水根", "13357120008"],
  ["徐美华", "18957120009"],
  ["孙卫东", "15157120010"],
  ["马晓红", "17757120011"],
  ["朱福林", "19957120012"],
  ["胡雪梅", "13557120013"],
  ["郭利民", "15257120014"],
] as const;

function idNumberOf(n: number) {
  const first17 = `3301851958${String(1 + (n % 12)).padStart(2, "0")}${String(10 + n).padStart(2, "0")}${String(100 + n).padStart(3, "0")}`;
  return first17 + idNumberCheckChar(first17);
}

/** The working day `n` working days before `date`. */
function workingDaysBefore(date: string, n: number) {
  let d = date;
  for (let left = n; left > 0;) {
    d = addDays(d, -1);
    if (isStateWorkday(d)) left -= 1;
  }
  return d;
}

export async function createOpenCases(
  tx: Tx,
  input: { hallId: number; today: string; now?: Date; clerk: string; backoffice: string },
) {
  const now = input.now ?? new Date();
  const staff = await tx
    .select({
      id: staffUsers.id,
      username: staffUsers.username,
      name: staffUsers.displayName,
      role: staffUsers.role,
      hallId: staffUsers.hallId,
      departmentId: staffUsers.departmentId,
      windowId: staffUsers.windowId,
    })
    .from(staffUsers)
    .where(and(eq(staffUsers.hallId, input.hallId), inArray(staffUsers.username, [input.clerk, input.backoffice])));
  const clerk: Actor | undefined = staff.find((s) => s.username === input.clerk);
  const backoffice: Actor | undefined = staff.find((s) => s.username === input.backoffice);
  if (!clerk || !backoffice?.departmentId) return 0;
  const items = await tx
    .select({ code: serviceItems.code, kind: serviceItems.kind, materials: serviceItems.materials })
    .from(serviceItems)
    .innerJoin(departments, eq(departments.id, serviceItems.departmentId))
    .where(
      and(
        eq(serviceItems.hallId, input.hallId),
        eq(serviceItems.departmentId, backoffice.departmentId),
        sql`jsonb_array_length(${serviceItems.materials}) >= 2`,
      ),
    )
    .orderBy(asc(serviceItems.sortOrder));
  const promised = items.filter((i) => i.kind === "promised");
  const instant = items.filter((i) => i.kind === "instant");
  if (promised.length === 0) return 0;

  let n = 0;
  const intake = async (kind: "promised" | "instant", daysAgo: number, options: { missing?: boolean } = {}) => {
    const list = kind === "promised" ? promised : instant.length ? instant : promised;
    const item = list[n % list.length];
    const [name, phone] = APPLICANTS[n % APPLICANTS.length];
    const required = item.materials.filter((m) => m.required).map((m) => m.name);
    const missing = options.missing && required.length ? [required[required.length - 1]] : [];
    const day = workingDaysBefore(input.today, daysAgo);
    const at =
      daysAgo === 0 ? new Date(now.getTime() - (60 - n) * 60_000) : atShanghai(day, `0${8 + (n % 2)}:${10 + n}`);
    n += 1;
    const taken = await takeInCase({
      actor: clerk,
      service: item.code,
      name,
      phone,
      idNumber: idNumberOf(n),
      materials: { received: item.materials.map((m) => m.name).filter((m) => !missing.includes(m)), missing },
      at,
      tx,
    });
    return { caseNo: taken.caseNo, at, day };
  };
  const later = (at: Date, minutes: number) => {
    const t = new Date(at.getTime() + minutes * 60_000);
    return t > now ? now : t;
  };

  // New today, not yet taken.
  for (let i = 0; i < 3; i++) await intake("promised", 0);
  // In progress; due in a few days, due soon, overdue.
  for (const daysAgo of [1, 2, 4, 4, 9]) {
    const c = await intake("promised", daysAgo);
    await takeCase({ actor: backoffice, caseNo: c.caseNo, at: later(c.at, 90), tx });
  }
  // Waiting for materials: one noticed at the window, one by the back office.
  await intake("promised", 2, { missing: true });
  const waiting = await intake("promised", 3);
  await takeCase({ actor: backoffice, caseNo: waiting.caseNo, at: later(waiting.at, 60), tx });
  await issueSupplementNotice({
    actor: backoffice,
    caseNo: waiting.caseNo,
    missing: [promised[0].materials.find((m) => m.required)?.name ?? promised[0].materials[0].name],
    note: "复印件不清晰，请携带原件到窗口重新提交。",
    at: later(waiting.at, 24 * 60),
    tx,
  });
  // Decided and ready for pickup (the SMS is in the outbox).
  for (const daysAgo of [3, 5]) {
    const c = await intake("promised", daysAgo);
    await takeCase({ actor: backoffice, caseNo: c.caseNo, at: later(c.at, 60), tx });
    await decideCase({
      actor: backoffice,
      caseNo: c.caseNo,
      result: "approved",
      opinion: "材料齐全，符合条件，准予办理。",
      at: later(c.at, 26 * 60),
      tx,
    });
    await markReady({ actor: backoffice, caseNo: c.caseNo, at: later(c.at, 27 * 60), tx });
  }
  // Instant items finished on the spot today.
  for (let i = 0; i < 2; i++) {
    const c = await intake("instant", 0);
    await finishInstantCase({ actor: clerk, caseNo: c.caseNo, at: later(c.at, 5), tx });
  }
  return n;
}
