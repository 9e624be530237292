import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { StaffHeader } from "@/components/staff-header";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/change-password";
import { CHANGE_PASSWORD_PATH, getActor } from "@/lib/auth/session";
import { ChangePasswordForm } from "./_components/change-password-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "修改密码" };

// Every staff role and device reaches this page, also with a one-time password that every other
// page and API refuses until it is changed (assertRole / requirePageRole send the account here).
export default async function ChangePasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await getActor();
  if (!actor) redirect(`/login?next=${encodeURIComponent(CHANGE_PASSWORD_PATH)}`);
  const { next } = await searchParams;
  return (
    <>
      <StaffHeader actor={actor} title="修改密码" />
      <main className="mx-auto max-w-md px-4 py-6 text-lg">
        <div className="rounded-2xl bg-white p-6 shadow">
          <h2 className="text-2xl font-bold">修改密码</h2>
          {actor.mustChangePassword && (
            <p className="mt-2 rounded-lg bg-amber-100 p-3 text-base text-amber-950" data-testid="must-change-password">
              您正在使用一次性初始密码。请先设置新密码，设置后才能使用系统。
            </p>
          )}
          <ChangePasswordForm next={typeof next === "string" ? next : undefined} minLength={MIN_PASSWORD_LENGTH} />
        </div>
      </main>
    </>
  );
}
