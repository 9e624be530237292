import type { Metadata } from "next";
import { LookupForm } from "../booking/_components/forms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "查询预约" };

export default async function LookupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { code } = await searchParams;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">查询、改约或取消预约</h1>
      <p className="text-slate-700">请输入短信里的 6 位预约码和预约时填写的手机号码。</p>
      <LookupForm code={typeof code === "string" ? code : undefined} />
    </div>
  );
}
