import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/session";
import { getHall } from "@/lib/hall";
import { getQueueState, listWindows } from "@/lib/queue";
import { DisplayBoard } from "./_components/display-board";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "叫号屏" };

export default async function DisplayPage() {
  const actor = await requirePageRole(["display"], "/display");
  const [hall, state, windows] = await Promise.all([
    getHall({ hallId: actor.hallId }),
    getQueueState({ hallId: actor.hallId }),
    listWindows({ hallId: actor.hallId }),
  ]);
  return (
    <DisplayBoard
      initial={state}
      hallName={hall.name}
      windows={windows.map((w) => ({ number: w.number, name: w.name }))}
    />
  );
}
