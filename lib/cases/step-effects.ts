import "server-only";
import type { CaseStatus, Material } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { PreparedChange } from "@/lib/cases/change-status";
import { materialNamesOf } from "@/lib/cases/materials";
import { pausedWorkingDays, promisedDueDate, type IsWorkday } from "@/lib/cases/working-days";
import { lookupHashes, maskIdNumber } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { shanghaiDate } from "@/lib/time";

// What each status change writes besides the status: the one place for it, used by the single
// operations (decideCase, markReady, …, through changeCaseStatus) and by the batch
// (changeCasesStatus) alike.

/** The case as a step sees it (for the batch, as the previous step of the same case left it). */
export interface StepState {
  status: CaseStatus;
  supplementIssuedAt: Date | null;
  pausedWorkingDays: number;
  dueDate: string | null;
  idNumberHash: string | null;
  materialsList: Material[];
  materialsReceived: string[];
  materialsMissing: string[];
}

export type StepParams =
  | { action: "take" }
  | { action: "supplement-notice"; missing: string[]; note: string }
  | { action: "supplement-received" }
  | { action: "approve" | "reject"; opinion: string }
  | { action: "ready" }
  | { action: "deliver"; idNumber?: string; post?: { trackingNo: string } }
  | { action: "finish"; opinion?: string };

export function stepEffect(
  params: StepParams,
  state: StepState,
  ctx: { actor: Actor; at: Date; isWorkday: IsWorkday },
): PreparedChange {
  const { actor, at, isWorkday } = ctx;
  switch (params.action) {
    case "take":
      return { set: { handlerId: actor.id } };
    case "supplement-notice": {
      const missing = materialNamesOf(state.materialsList, params.missing, "missing");
      if (missing.length === 0) {
        throw new AppError("invalid_input", "请选择需要补正的材料", { missing: "请至少选择一项需要补正的材料" });
      }
      const note = params.note.trim();
      return {
        set: {
          supplementMissing: missing,
          supplementNote: note,
          supplementIssuedAt: at,
          pausedFromStatus: state.status,
          materialsMissing: missing,
        },
        note: `需补正：${missing.join("、")}${note ? `。${note}` : ""}`,
        detail: { missing },
      };
    }
    case "supplement-received": {
      const waited = state.supplementIssuedAt
        ? pausedWorkingDays(shanghaiDate(state.supplementIssuedAt), shanghaiDate(at), isWorkday)
        : 0;
      return {
        set: {
          supplementReceivedAt: at,
          pausedWorkingDays: state.pausedWorkingDays + waited,
          dueDate: state.dueDate && waited > 0 ? promisedDueDate(state.dueDate, waited, isWorkday) : state.dueDate,
          materialsReceived: [
            ...state.materialsReceived,
            ...state.materialsMissing.filter((m) => !state.materialsReceived.includes(m)),
          ],
          materialsMissing: [],
        },
        note: waited > 0 ? `等待补正 ${waited} 个工作日，承诺办结日期顺延` : null,
        detail: { waitedWorkingDays: waited },
      };
    }
    case "approve":
    case "reject": {
      const opinion = params.opinion.trim();
      if (!opinion) throw new AppError("invalid_input", "请填写审批意见", { opinion: "请填写审批意见" });
      return { set: { opinion, decidedAt: at, handlerId: actor.id }, note: opinion };
    }
    case "ready":
      return { set: { readyAt: at } };
    case "deliver": {
      if (params.idNumber) {
        // A case taken in without an ID number (a walk-in may not give one) records who collected it.
        if (state.idNumberHash && !lookupHashes("id", params.idNumber).includes(state.idNumberHash)) {
          throw new AppError("id_mismatch");
        }
        return {
          set: { deliveredAt: at, deliveryMethod: "window" as const },
          note: `窗口领取，已核验身份证 ${maskIdNumber(params.idNumber)}`,
        };
      }
      const trackingNo = params.post?.trackingNo.trim();
      return {
        set: { deliveredAt: at, deliveryMethod: "post" as const, trackingNo },
        note: `邮寄送达，单号 ${trackingNo}`,
      };
    }
    case "finish": {
      const opinion = params.opinion?.trim() || "即办件，当场办结";
      return {
        set: { opinion, decidedAt: at, deliveredAt: at, deliveryMethod: "window" as const, handlerId: actor.id },
        events: [
          { kind: "approved", fromStatus: state.status, toStatus: "approved", note: opinion },
          { kind: "delivered", fromStatus: "approved", toStatus: "delivered", note: "当场办结，窗口送达" },
        ],
      };
    }
  }
}
