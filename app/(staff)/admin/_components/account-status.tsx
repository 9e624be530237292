import { dateTimeLabel } from "@/lib/format";
import { UnlockButton } from "./unlock-button";

/**
 * An account's state in the admin's tables. A locked account (the sign-in page tells the person
 * "联系管理员解锁") shows its 解除登录限制 button right here, as does one with wrong passwords.
 */
export function AccountStatus({
  account,
}: {
  account: {
    id: number;
    username: string;
    isActive: boolean;
    failedLogins: number | null;
    blockedUntil: Date | null;
    mustChangePassword?: boolean;
  };
}) {
  if (!account.isActive) return <span className="text-slate-600">已停用</span>;
  const failures = account.failedLogins ?? 0;
  const isLocked = !!account.blockedUntil && account.blockedUntil > new Date();
  const pending = account.mustChangePassword ? "（待修改一次性密码）" : "";
  if (!isLocked && failures === 0) return <span>正常{pending}</span>;
  return (
    <span className="flex flex-wrap items-center gap-2">
      {isLocked ? (
        <span className="font-semibold text-red-700">
          已锁定：密码错 {failures} 次，{dateTimeLabel(account.blockedUntil!)} 前不能登录
        </span>
      ) : (
        <span>
          正常（密码错 {failures} 次）{pending}
        </span>
      )}
      <UnlockButton staffId={account.id} username={account.username} />
    </span>
  );
}
