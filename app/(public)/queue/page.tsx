import type { Metadata } from "next";
import { publicHall } from "@/app/_lib/public-hall";
import { isAppError } from "@/lib/errors";
import { getQueueState, getTicketProgress } from "@/lib/queue";
import { LiveQueue } from "./_components/live-queue";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "排队进度" };

export default async function QueuePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { ticket: raw } = await searchParams;
  const hall = await publicHall();
  const ticket = typeof raw === "string" && /^[A-Za-z]\d{3}$/.test(raw.trim()) ? raw.trim().toUpperCase() : undefined;
  const state = await getQueueState({ hallId: hall.id });
  let progress = null;
  let notFound = false;
  if (ticket) {
    try {
      progress = await getTicketProgress({ hallId: hall.id, number: ticket });
    } catch (error) {
      if (!isAppError(error)) throw error;
      notFound = true;
    }
  }
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">排队进度</h1>
      <form action="/queue" className="flex gap-2">
        <label htmlFor="ticket" className="sr-only">
          我的号码
        </label>
        <input
          id="ticket"
          name="ticket"
          defaultValue={ticket ?? ""}
          maxLength={4}
          placeholder="输入号码，如 A012"
          className="min-h-[60px] min-w-0 flex-1 rounded-lg border-2 border-slate-500 px-3 text-xl uppercase"
        />
        <button type="submit" className="min-h-[60px] rounded-lg bg-brand-600 px-5 text-lg font-bold text-white">
          查看
        </button>
      </form>
      {(notFound || (typeof raw === "string" && raw && !ticket)) && (
        <p role="alert" className="rounded-lg border-2 border-red-700 bg-red-50 p-3 text-red-900">
          今天没有这个号，请核对号票上的号码（如 A012）。
        </p>
      )}
      <LiveQueue initial={state} ticket={progress ? ticket : undefined} initialProgress={progress} />
    </div>
  );
}
