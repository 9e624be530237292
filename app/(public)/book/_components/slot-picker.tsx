import Link from "next/link";
import type { Channel } from "@/db/schema";
import {
  listAvailability,
  listBookingDays,
  listVillagesForItem,
  type BookingDays,
  type SlotView,
  type VillageChoice,
} from "@/lib/booking";
import { CHANNEL_LABEL, dateLabel } from "@/lib/format";
import { addDays } from "@/lib/time";
import { publicHall } from "@/app/_lib/public-hall";
import { pickerHref as href } from "./params";

// What each channel is, truthfully: the village days go round the villages one Tuesday at a time,
// so a village's own day comes every few months (its date is in the village list below).
const CHANNEL_HINT: Record<Channel, string> = {
  window: "工作日到服务中心窗口办理",
  weekend: "周六、周日上午在服务中心办理",
  village: "每周二到一个村，各村轮流；您村的下次日期见下一步的村列表",
};

export interface PickerState {
  channel?: Channel;
  village?: string;
  date?: string;
}

const stepTitle = "mt-2 text-xl font-bold";
const choice = "flex min-h-[64px] items-center justify-between gap-3 rounded-xl border-2 px-4 py-2";
const notice = "mt-2 rounded-xl border-2 border-amber-600 bg-amber-50 p-4";

/** 10月1日 周四 — 10月8日 周四（国庆节）: runs of consecutive closed days with one reason. */
function closureRuns(closures: BookingDays["closures"]): string[] {
  const runs: { from: string; to: string; reason: string }[] = [];
  for (const c of closures) {
    const last = runs.at(-1);
    if (last && last.reason === c.reason && addDays(last.to, 1) === c.date) last.to = c.date;
    else runs.push({ from: c.date, to: c.date, reason: c.reason });
  }
  return runs.map((r) => `${dateLabel(r.from)}${r.to === r.from ? "" : ` 至 ${dateLabel(r.to)}`}（${r.reason}）`);
}

function villageLine(next: VillageChoice["next"]): string {
  if (!next) return "暂无下村安排";
  if (next.state === "open") return `${dateLabel(next.date)} 可预约 · ${next.theme}`;
  if (next.state === "full") return `${dateLabel(next.date)} 已约满，可候补 · ${next.theme}`;
  return `下次下村：${dateLabel(next.date)}（${dateLabel(next.opensOn!)} 起可预约）`;
}

/**
 * Where → which day → which time, as plain lists of links (no calendar widget, no script):
 * readable for the elderly and by screen readers. Only days with a slot are listed (a full slot
 * offers the waitlist); a chosen day opens at its times. A village is found among all the hall's
 * villages, each with its next visit day for the item.
 */
export async function SlotPicker(props: {
  service: string;
  channels: Channel[];
  state: PickerState;
  base: string;
  slotHref: (slot: SlotView) => string;
  waitlistHref?: (slot: SlotView) => string;
}) {
  const { service, channels, state, base } = props;
  const { id: hallId } = await publicHall();
  const villages = state.channel === "village" ? await listVillagesForItem({ hallId, service }) : [];
  const village = villages.find((v) => v.code === state.village);
  // A village with no visit day inside the booking window has no days to list: it is told when.
  const villageWaits =
    state.channel === "village" &&
    !!state.village &&
    village?.next?.state !== "open" &&
    village?.next?.state !== "full";
  const ready = state.channel && (state.channel !== "village" || state.village) && !villageWaits;
  const booking = ready
    ? await listBookingDays({ hallId, service, channel: state.channel!, village: state.village })
    : { days: [], weekendPosts: [], closures: [] };
  const rows = [
    ...booking.days.map((d) => ({ ...d, channel: state.channel! })),
    ...booking.weekendPosts.map((d) => ({ ...d, channel: "weekend" as const })),
  ].sort((a, b) => (a.date < b.date ? -1 : 1));
  const nextOpen = booking.days.find((d) => d.state === "open");
  // The next open day needs naming only when it is not the first row anyway.
  const isFirstRow = !!nextOpen && rows[0]?.date === nextOpen.date && rows[0]?.channel === state.channel;
  const slots =
    ready && state.date
      ? (
          await listAvailability({
            hallId,
            service,
            from: state.date,
            to: state.date,
            channel: state.channel,
            village: state.village,
          })
        ).slots
      : [];
  const otherChannels = channels.filter((c) => c !== "village");

  return (
    <div className="space-y-5">
      <section aria-labelledby="step-where">
        <h2 id="step-where" className={stepTitle}>
          ① 选择办理地点
        </h2>
        <ul className="mt-2 space-y-2">
          {channels.map((c) => {
            const isChosen = state.channel === c;
            return (
              <li key={c}>
                <Link
                  href={href(base, { channel: c })}

                  aria-current={isChosen ? "step" : undefined}
                  className={`${choice} ${isChosen ? "border-brand-700 bg-brand-50" : "border-slate-300 bg-white"}`}
                >
                  <span>
                    <span className="block font-bold">{CHANNEL_LABEL[c]}</span>
                    <span className="block text-base text-slate-700">{CHANNEL_HINT[c]}</span>
                  </span>
                  <span aria-hidden>{isChosen ? "✓" : "›"}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </section>

      {state.channel === "village" && (
        <section aria-labelledby="step-village">
          <h2 id="step-village" className={stepTitle}>
            选择您的村
          </h2>
          {!village && <p className="mt-1 text-base text-slate-700">每个村下一次能办这个事项的下村日：</p>}
          <ul className="mt-2 space-y-2" data-testid="village-list">
            {(village ? [village] : villages).map((v) => (
              <li key={v.code} data-village={v.code} data-state={v.next?.state ?? "none"} data-next-date={v.next?.date}>
                <Link
                  href={href(base, { channel: "village", village: v.code })}

                  aria-current={state.village === v.code ? "step" : undefined}
                  className={`${choice} ${state.village === v.code ? "border-brand-700 bg-brand-50" : "border-slate-300 bg-white"}`}
                >
                  <span>
                    <span className="block font-bold">{v.name}</span>
                    <span className="block text-base text-slate-700">{villageLine(v.next)}</span>
                  </span>
                  <span aria-hidden>{state.village === v.code ? "✓" : "›"}</span>
                </Link>
              </li>
            ))}
          </ul>
          {village && (
            <Link
              href={href(base, { channel: "village" })}

              className="mt-1 inline-flex min-h-[60px] items-center text-brand-700 underline"
            >
              不是这个村？换一个村
            </Link>
          )}
        </section>
      )}

      {villageWaits && (
        <section id="days" aria-labelledby="step-day" className="scroll-mt-2">
          <h2 id="step-day" className={stepTitle}>
            ② 选择日期
          </h2>
          <div className={notice} data-testid="village-next-visit">
            {!village ? (
              <p>没有找到这个村，请在上面的列表里选择您的村。</p>
            ) : village.next ? (
              <p>
                {village.name}下一次办理这个事项的下村日是
                <strong>{dateLabel(village.next.date)}</strong>（{village.next.theme}），
                <strong>{dateLabel(village.next.opensOn!)}</strong> 起可以预约。
              </p>
            ) : (
              <p>{village.name}一年内还没有办理这个事项的下村安排。</p>
            )}
            {otherChannels.length > 0 && (
              <p className="mt-2">
                等不及的话，可以预约
                {otherChannels.map((c, i) => (
                  <span key={c}>
                    {i > 0 ? "或" : ""}
                    <Link href={href(base, { channel: c })} className="font-bold text-brand-700 underline">
                      {CHANNEL_LABEL[c]}
                    </Link>
                  </span>
                ))}
                。
              </p>
            )}
          </div>
        </section>
      )}

      {ready && (
        <section id="days" aria-labelledby="step-day" className="scroll-mt-2">
          <h2 id="step-day" className={stepTitle}>
            ② 选择日期
          </h2>
          {nextOpen && !isFirstRow && (
            <p className="mt-2 rounded-xl bg-white p-3" data-testid="next-open">
              最近可预约：
              <Link href={href(base, { ...state, date: nextOpen.date })} className="font-bold text-brand-700 underline">
                {dateLabel(nextOpen.date)}
              </Link>
            </p>
          )}
          {!nextOpen && (
            <p className={notice} data-testid="next-open">
              {rows.length > 0
                ? "近期可约的时段都已约满，可以在下面登记候补，或选择其他办理地点。"
                : "近期没有可预约的日期，请选择其他办理地点。"}
            </p>
          )}
          {booking.closures.length > 0 && (
            <p className="mt-2 text-base text-slate-700" data-testid="closures">
              休息：{closureRuns(booking.closures).join("；")}
            </p>
          )}
          {rows.length > 0 && (
            <ul
              className="mt-2 divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-300 bg-white"
              data-testid="day-list"
            >
              {rows.map((d) =>
                d.channel !== state.channel ? (
                  <li key={`${d.channel}-${d.date}`} data-state="weekend-post" data-date={d.date}>
                    <Link
                      href={href(base, { channel: d.channel, date: d.date })}

                      className="flex min-h-[64px] items-center justify-between gap-3 px-4 py-2"
                    >
                      <span>
                        <span className="block">{dateLabel(d.date)}</span>
                        <span className="block text-base text-slate-700">在{CHANNEL_LABEL[d.channel]}</span>
                      </span>
                      <span className="whitespace-nowrap font-semibold text-green-800">可预约（余 {d.freeSeats}）</span>
                    </Link>
                  </li>
                ) : (
                  <li key={d.date} data-state={d.state} data-date={d.date}>
                    <Link
                      href={href(base, { ...state, date: d.date })}

                      aria-current={state.date === d.date ? "date" : undefined}
                      className={`flex min-h-[64px] items-center justify-between px-4 ${state.date === d.date ? "bg-brand-50 font-bold" : ""}`}
                    >
                      <span>{dateLabel(d.date)}</span>
                      <span
                        className={d.state === "open" ? "font-semibold text-green-800" : "text-base text-amber-800"}
                      >
                        {d.state === "open" ? `可预约（余 ${d.freeSeats}）` : "已约满，可候补"}
                      </span>
                    </Link>
                  </li>
                ),
              )}
            </ul>
          )}
        </section>
      )}

      {ready && state.date && (
        <section id="times" aria-labelledby="step-time" className="scroll-mt-2">
          <h2 id="step-time" className={stepTitle}>
            ③ 选择时间（{dateLabel(state.date)}）
          </h2>
          {slots.length === 0 ? (
            <p className="mt-2 rounded-lg bg-white p-3">这一天没有可预约的时段了，请选择其他日期。</p>
          ) : (
            <ul className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-2" data-testid="slot-list">
              {slots.map((slot) =>
                slot.remaining > 0 ? (
                  <li key={slot.id}>
                    <Link
                      href={props.slotHref(slot)}

                      data-testid="slot"
                      className={`${choice} border-brand-600 bg-white`}
                    >
                      <span className="font-bold">
                        {slot.start}–{slot.end}
                      </span>
                      <span className="text-base text-green-800">余 {slot.remaining} 个</span>
                    </Link>
                  </li>
                ) : (
                  <li key={slot.id} className={`${choice} border-slate-300 bg-slate-100`} data-testid="slot-full">
                    <span>
                      <span className="block font-bold text-slate-700">
                        {slot.start}–{slot.end}
                      </span>
                      <span className="block text-base text-slate-700">已约满</span>
                    </span>
                    {props.waitlistHref && (
                      <Link
                        href={props.waitlistHref(slot)}

                        className="flex min-h-12 items-center rounded-lg border-2 border-amber-700 bg-white px-3 text-base font-bold text-amber-900"
                      >
                        登记候补
                      </Link>
                    )}
                  </li>
                ),
              )}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
