"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { toggleElderMode } from "../actions";

export function ElderToggle({ isOn }: { isOn: boolean }) {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  return (
    <form action={toggleElderMode}>
      <input type="hidden" name="on" value={isOn ? "0" : "1"} />
      <input type="hidden" name="returnTo" value={search ? `${pathname}?${search}` : pathname} />
      <button
        type="submit"
        aria-pressed={isOn}
        className="shrink-0 rounded-lg border-2 border-white px-3 text-base font-bold whitespace-nowrap hover:bg-white/10"
      >
        {isOn ? "标准模式" : "长辈模式"}
      </button>
    </form>
  );
}
