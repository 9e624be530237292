"use client";

import { useEffect, useState } from "react";

const TIME = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});
const DATE = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  month: "long",
  day: "numeric",
  weekday: "long",
});

/** The hall's clock, always Beijing time whatever the TV's own time zone. */
export function DisplayClock({ className }: { className?: string }) {
  // Rendered in the browser only: the server's second would not match the browser's.
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    const tick = () => setNow(new Date());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, []);
  return (
    <p className={className} data-testid="display-clock" aria-label="北京时间">
      {now ? (
        <>
          <span className="font-mono tabular-nums">{TIME.format(now)}</span>
          <span className="ml-[0.6em] text-[0.6em] text-slate-300">{DATE.format(now)}</span>
        </>
      ) : (
        " "
      )}
    </p>
  );
}
