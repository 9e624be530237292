import { redirect } from "next/navigation";
import { CHANGE_PASSWORD_PATH, getActor, ROLE_HOME } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

// After sign-in: to the page asked for, if it belongs to the role, else to the role's home.
export default async function StaffEntry({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await getActor();
  if (!actor) redirect("/login");
  const { next } = await searchParams;
  // A one-time password is changed first; then on to where the sign-in was going.
  if (actor.mustChangePassword)
    redirect(
      typeof next === "string" ? `${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(next)}` : CHANGE_PASSWORD_PATH,
    );
  const home = ROLE_HOME[actor.role];
  const isOwnPage =
    typeof next === "string" && (next === home || next.startsWith(`${home}/`) || next.startsWith(`${home}?`));
  redirect(isOwnPage ? next : home);
}
