import type { Metadata } from "next";
import Link from "next/link";
import { loadService } from "../../_components/load-service";
import { pickerState } from "../_components/params";
import { SlotPicker } from "../_components/slot-picker";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "预约办事" };

type Props = {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function BookPage({ params, searchParams }: Props) {
  const { code } = await params;
  const item = await loadService(code);
  const state = pickerState(await searchParams, item.channels);
  const base = `/book/${item.code}`;
  return (
    <div className="space-y-4">
      <Link
        href={`/services/${item.code}`}

        className="inline-flex min-h-[60px] items-center text-brand-700 underline"
      >
        ‹ 返回事项说明
      </Link>
      <header>
        <p className="text-base text-slate-700">预约办事</p>
        <h1 className="text-2xl font-bold leading-snug">{item.name}</h1>
      </header>
      {!item.bookable ? (
        <p role="alert" className="rounded-xl border-2 border-amber-600 bg-amber-50 p-4">
          该事项需要现场核实，暂不支持网上预约，请在办公时间直接到服务中心窗口取号办理。
        </p>
      ) : (
        <SlotPicker
          service={item.code}
          channels={item.channels}
          state={state}
          base={base}
          slotHref={(slot) => `${base}/confirm?slot=${slot.id}`}
          waitlistHref={(slot) => `${base}/confirm?slot=${slot.id}&waitlist=1`}
        />
      )}
    </div>
  );
}
