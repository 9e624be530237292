import type { Metadata } from "next";
import { FindByPhoneForm, LookupForm } from "../booking/_components/forms";

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
      <section id="by-phone" aria-labelledby="by-phone-title" className="space-y-3 pt-4">
        <h2 id="by-phone-title" className="text-xl font-bold">
          预约码忘了？用手机号找回
        </h2>
        <p className="text-slate-700">填写预约时的手机号码，获取短信验证码，就能看到这个号码的全部预约。</p>
        <FindByPhoneForm />
      </section>
    </div>
  );
}
