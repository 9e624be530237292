import type { Metadata } from "next";
import { isAppError } from "@/lib/errors";
import { EVALUATION_REASONS, LEVEL_LABEL, getRatingTarget } from "@/lib/evaluations";
import { RateForm } from "./_components/rate-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "服务评价" };

const STAGE_LABEL = { service: "窗口受理服务", pickup: "办结取件服务" } as const;

function Refusal({ children }: { children: React.ReactNode }) {
  return (
    <p role="alert" className="rounded-lg border-2 border-red-700 bg-red-50 p-3 font-bold text-red-900">
      {children}
    </p>
  );
}

/** 好差评 from the receipt's QR code or the pickup SMS: the link itself is the credential. */
export default async function RateCasePage({
  params,
  searchParams,
}: {
  params: Promise<{ caseNo: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ caseNo: rawCaseNo }, { t }] = await Promise.all([params, searchParams]);
  const caseNo = rawCaseNo.slice(0, 14).toUpperCase();
  const token = typeof t === "string" && /^[A-Za-z0-9_-]{8,128}$/.test(t) ? t : "";
  const target =
    token && /^[A-Z]{1,6}\d{10}$/.test(caseNo)
      ? await getRatingTarget({ caseNo, token }).catch((error: unknown) => {
          if (isAppError(error) && error.code === "not_found") return null;
          throw error;
        })
      : null;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">请为我们的服务评价</h1>
      {!target ? (
        <Refusal>评价链接无效，请重新扫描回执上的二维码或点击短信中的链接。</Refusal>
      ) : (
        <>
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <p className="text-xl font-bold">{target.itemName}</p>
            <p className="text-slate-700">
              办件编号 <span className="font-mono">{target.caseNo}</span> · {target.statusLabel}
            </p>
            <p className="text-slate-700">评价：{STAGE_LABEL[target.stage]}</p>
          </div>
          {target.isRated ? (
            <p
              role="status"
              className="rounded-xl bg-green-50 p-6 text-xl font-bold text-green-900"
              data-testid="rate-done"
            >
              这件事您已经评价过了，谢谢！
            </p>
          ) : (
            <RateForm
              caseNo={target.caseNo}
              token={token}
              levels={[5, 4, 3, 2, 1].map((level) => ({ level, label: LEVEL_LABEL[level as 1 | 2 | 3 | 4 | 5] }))}
              reasons={[...EVALUATION_REASONS]}
            />
          )}
        </>
      )}
    </div>
  );
}
