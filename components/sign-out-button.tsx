import { signOut } from "@/app/(staff)/actions";

/** A plain form: it works before the page has hydrated, and needs no sign-out code in the browser. */
export function SignOutButton({ className }: { className?: string }) {
  return (
    <form action={signOut}>
      <button
        type="submit"
        className={className ?? "min-h-11 rounded-md border border-white/60 px-3 hover:bg-white/10"}
      >
        退出登录
      </button>
    </form>
  );
}
