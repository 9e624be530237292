import { redirect } from "next/navigation";
import { getActor, ROLE_HOME } from "@/lib/auth/session";

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
  const home = ROLE_HOME[actor.role];
  const isOwnPage =
    typeof next === "string" && (next === home || next.startsWith(`${home}/`) || next.startsWith(`${home}?`));
  redirect(isOwnPage ? next : home);
}
