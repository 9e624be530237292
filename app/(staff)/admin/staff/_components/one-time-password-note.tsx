/** A one-time password on the admin's screen, once: to be handed over, and changed at sign-in. */
export function OneTimePasswordNote({
  username,
  password,
  className,
}: {
  username: string;
  password: string;
  className?: string;
}) {
  return (
    <div role="status" className={`rounded-lg border-2 border-amber-500 bg-amber-50 p-3 ${className ?? ""}`}>
      <p>{username} 一次性密码（只显示这一次，请当面交给本人；本人登录后须修改）：</p>
      <p className="mt-1 font-mono text-2xl font-bold tracking-wider" data-testid="one-time-password">
        {password}
      </p>
    </div>
  );
}
