import "server-only";
import type { Tx } from "@/db/connection";
import { eq } from "drizzle-orm";
import { cases } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { CaseView } from "@/lib/cases/case-view";
import { changeCaseStatus } from "@/lib/cases/change-status";
import { pausedWorkingDays, promisedDueDate } from "@/lib/cases/working-days";
import { shanghaiDate } from "@/lib/time";

/**
 * The missing materials came in: the case returns to the status it paused from, and its due date
 * moves by the working days it waited (the clock stood still while it waited).
 */
export function receiveSupplement(input: { actor: Actor; caseNo: string; at?: Date; tx?: Tx }): Promise<CaseView> {
  return changeCaseStatus({
    ...input,
    action: "supplement-received",
    prepare: async ({ tx, row, at, isWorkday }) => {
      const [current] = await tx
        .select({ received: cases.materialsReceived, missing: cases.materialsMissing })
        .from(cases)
        .where(eq(cases.id, row.id));
      const waited = row.supplementIssuedAt
        ? pausedWorkingDays(shanghaiDate(row.supplementIssuedAt), shanghaiDate(at), isWorkday)
        : 0;
      return {
        set: {
          supplementReceivedAt: at,
          pausedWorkingDays: row.pausedWorkingDays + waited,
          dueDate: row.dueDate && waited > 0 ? promisedDueDate(row.dueDate, waited, isWorkday) : row.dueDate,
          materialsReceived: [...current.received, ...current.missing.filter((m) => !current.received.includes(m))],
          materialsMissing: [],
        },
        note: waited > 0 ? `等待补正 ${waited} 个工作日，承诺办结日期顺延` : null,
        detail: { waitedWorkingDays: waited },
      };
    },
  });
}
