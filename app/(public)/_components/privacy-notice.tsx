/**
 * 个人信息保护 (PIPL art. 17): what the phone and ID numbers asked for on a public form are used
 * for and how they are kept, said next to the fields in a few short lines. The storage claims are
 * the system's invariants: phone and ID numbers are stored only as AES-256-GCM ciphertext
 * (lib/crypto) and staff screens show them masked (components/masked-person.tsx).
 */
export function PrivacyNotice() {
  return (
    <section
      aria-labelledby="privacy-notice-title"
      className="rounded-lg border-2 border-slate-300 bg-slate-50 p-3 text-base text-slate-800"
      data-testid="privacy-notice"
    >
      <h2 id="privacy-notice-title" className="font-bold">
        您的信息只用于这次办事
      </h2>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        <li>手机号码：发送预约短信，查询、改约、取消预约时核对。</li>
        <li>身份证号码（选填）：窗口提前核对身份、调取材料，不填也能预约。</li>
        <li>两个号码都加密保存，工作人员只看到部分号码，不用于其他用途，不提供给他人。</li>
      </ul>
    </section>
  );
}
