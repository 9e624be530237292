import "server-only";
import type { Tx } from "@/db/connection";
import type { Actor } from "@/lib/auth/actor";
import type { CaseView } from "@/lib/cases/case-view";
import { changeCaseStatus } from "@/lib/cases/change-status";
import { listOfCase, materialNamesOf } from "@/lib/cases/materials";
import { AppError } from "@/lib/errors";

/**
 * 补正告知: the one-time notice of missing materials, as data — the exact materials from the
 * item's list plus a note. The case waits (needs_supplement) and its working-day clock stops. A
 * second notice on the same case is refused with 409 supplement_once.
 */
export function issueSupplementNotice(input: {
  actor: Actor;
  caseNo: string;
  missing: string[];
  note: string;
  at?: Date;
  tx?: Tx;
}): Promise<CaseView> {
  return changeCaseStatus({
    ...input,
    action: "supplement-notice",
    prepare: async ({ tx, row, at }) => {
      const missing = materialNamesOf(await listOfCase(tx, row.id), input.missing, "missing");
      if (missing.length === 0) {
        throw new AppError("invalid_input", "请选择需要补正的材料", { missing: "请至少选择一项需要补正的材料" });
      }
      const note = input.note.trim();
      return {
        set: {
          supplementMissing: missing,
          supplementNote: note,
          supplementIssuedAt: at,
          pausedFromStatus: row.status,
          materialsMissing: missing,
        },
        note: `需补正：${missing.join("、")}${note ? `。${note}` : ""}`,
        detail: { missing },
      };
    },
  });
}
