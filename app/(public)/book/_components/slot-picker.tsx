import Link from "next/link";
import type { Channel } from "@/db/schema";
import { listAvailability, listBookingDays, listVillagesForItem, type SlotView } from "@/lib/booking";
import { CHANNEL_LABEL, dateLabel } from "@/lib/format";
import { publicHall } from "@/app/_lib/public-hall";

const CHANNEL_HINT: Record<Channel, string> = {
  window: "工作日到服务中心窗口办理",
  weekend: "周六、周日上午在服务中心办理",
  village: "每周二工作人员到村里办理",
};

export interface PickerState {
  channel?: Channel;
  village?: string;
  date?: string;
}

function href(base: string, state: PickerState) {
  const params = new URLSearchParams();
  if (state.channel) params.set("channel", state.channel);
  if (state.village) params.set("village", state.village);
  if (state.date) params.set("date", state.date);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

const stepTitle = "mt-2 text-xl font-bold";
const choice = "flex min-h-[64px] items-center justify-between gap-3 rounded-xl border-2 px-4 py-2";

/**
 * Where → which day → which time, as plain lists of links (no calendar widget, no script):
 * readable for the elderly and by screen readers. A day is a link only when a slot on it can be
 * booked; a full slot offers the waitlist.
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
  const ready = state.channel && (state.channel !== "village" || state.village);
  const days = ready ? await listBookingDays({ hallId, service, channel: state.channel, village: state.village }) : [];
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
                  data-target
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
          {villages.length === 0 ? (
            <p className="mt-2 rounded-lg bg-white p-3">
              近两周的下村日不办理这个事项，请选择服务中心窗口或周末服务岗。
            </p>
          ) : (
            <ul className="mt-2 space-y-2">
              {villages.map((v) => (
                <li key={`${v.code}-${v.date}`}>
                  <Link
                    href={href(base, { channel: "village", village: v.code })}
                    data-target
                    className={`${choice} ${state.village === v.code ? "border-brand-700 bg-brand-50" : "border-slate-300 bg-white"}`}
                  >
                    <span>
                      <span className="block font-bold">{v.name}</span>
                      <span className="block text-base text-slate-700">
                        {dateLabel(v.date)} · {v.theme}
                      </span>
                    </span>
                    <span aria-hidden>›</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {ready && (
        <section aria-labelledby="step-day">
          <h2 id="step-day" className={stepTitle}>
            ② 选择日期
          </h2>
          <ul
            className="mt-2 divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-300 bg-white"
            data-testid="day-list"
          >
            {days.map((d) =>
              d.state === "closed" ? (
                <li
                  key={d.date}
                  className="flex min-h-[56px] items-center justify-between px-4 text-slate-600"
                  data-state="closed"
                  data-date={d.date}
                >
                  <span>{dateLabel(d.date)}</span>
                  <span className="text-base">{d.reason}</span>
                </li>
              ) : (
                <li key={d.date} data-state={d.state} data-date={d.date}>
                  <Link
                    href={href(base, { ...state, date: d.date })}
                    data-target
                    aria-current={state.date === d.date ? "date" : undefined}
                    className={`flex min-h-[64px] items-center justify-between px-4 ${state.date === d.date ? "bg-brand-50 font-bold" : ""}`}
                  >
                    <span>{dateLabel(d.date)}</span>
                    <span className={d.state === "open" ? "font-semibold text-green-800" : "text-base text-amber-800"}>
                      {d.state === "open" ? `可预约（余 ${d.freeSeats}）` : "已约满，可候补"}
                    </span>
                  </Link>
                </li>
              ),
            )}
          </ul>
        </section>
      )}

      {ready && state.date && (
        <section aria-labelledby="step-time">
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
                      data-target
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
                        data-target
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
