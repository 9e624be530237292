import type { Metadata } from "next";
import { TrackForm } from "./_components/track-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "办件进度查询" };

export default async function TrackPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { case: caseNo } = await searchParams;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">办件进度查询</h1>
      <p className="text-slate-700">请输入受理回执上的办件编号和受理时登记的手机号码。</p>
      <TrackForm caseNo={typeof caseNo === "string" ? caseNo.slice(0, 14) : undefined} />
    </div>
  );
}
