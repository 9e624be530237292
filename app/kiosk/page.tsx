import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/session";
import { listQueueCategories } from "@/lib/catalogue/list-queue-categories";
import { getHall } from "@/lib/hall";
import { getQueueState } from "@/lib/queue";
import { KioskScreen } from "./_components/kiosk-screen";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "自助取号" };

export default async function KioskPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageRole(["kiosk"], "/kiosk");
  const [hall, state, kinds, search] = await Promise.all([
    getHall({ hallId: actor.hallId }),
    getQueueState({ hallId: actor.hallId }),
    listQueueCategories({ hallId: actor.hallId }),
    searchParams,
  ]);
  const categoriesOf = new Map(kinds.map((k) => [k.prefix, k.categories]));
  return (
    <div className={search.paper === "58" ? "paper-58" : undefined} data-testid="kiosk-queues-wrap">
      <KioskScreen
        hallName={hall.name}
        queues={state.waiting.map((w) => ({
          prefix: w.queue,
          name: w.name,
          waiting: w.count,
          categories: categoriesOf.get(w.queue) ?? [],
        }))}
      />
    </div>
  );
}
