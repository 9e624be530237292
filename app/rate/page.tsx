import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/session";
import { EVALUATION_REASONS, LEVEL_LABEL, getPadState } from "@/lib/evaluations";
import { RatePad } from "./_components/rate-pad";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "服务评价" };

/** The rating pad facing the villager at a window (device role `pad`). */
export default async function RatePadPage() {
  const actor = await requirePageRole(["pad"], "/rate");
  const state = await getPadState({ actor });
  return (
    <RatePad
      initial={state}
      levels={[5, 4, 3, 2, 1].map((level) => ({ level, label: LEVEL_LABEL[level as 1 | 2 | 3 | 4 | 5] }))}
      reasons={[...EVALUATION_REASONS]}
    />
  );
}
