import type { Metadata } from "next";
import { EVALUATION_REASONS, LEVEL_LABEL } from "@/lib/evaluations";
import { RateForm } from "./_components/rate-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "服务评价" };

/** 好差评 from the receipt's QR code or the pickup SMS: the link itself is the credential. */
export default async function RateCasePage({
  params,
  searchParams,
}: {
  params: Promise<{ caseNo: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ caseNo }, { t }] = await Promise.all([params, searchParams]);
  const token = typeof t === "string" ? t.slice(0, 128) : "";
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">请为我们的服务评价</h1>
      <p className="text-slate-700">
        办件编号 <span className="font-mono">{caseNo.slice(0, 14)}</span>
      </p>
      {token ? (
        <RateForm
          caseNo={caseNo.slice(0, 14)}
          token={token}
          levels={[5, 4, 3, 2, 1].map((level) => ({ level, label: LEVEL_LABEL[level as 1 | 2 | 3 | 4 | 5] }))}
          reasons={[...EVALUATION_REASONS]}
        />
      ) : (
        <p role="alert" className="rounded-lg border-2 border-red-700 bg-red-50 p-3 font-bold text-red-900">
          评价链接不完整，请重新扫描回执上的二维码或短信中的链接。
        </p>
      )}
    </div>
  );
}
