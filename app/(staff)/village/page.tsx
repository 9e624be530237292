import type { Metadata } from "next";
import { StaffHeader } from "@/components/staff-header";
import { requirePageRole } from "@/lib/auth/session";
import { VillageDesk } from "./_components/village-desk";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "下村服务日" };

// The page is only a shell: the day itself comes from the API into the device's encrypted store,
// and a service worker keeps this page for the hours without a network (public/village-sw.js).
export default async function VillagePage() {
  const actor = await requirePageRole(["clerk"], "/village");
  return (
    <>
      <div className="print:hidden">
        <StaffHeader actor={actor} title="下村服务日（离线）" />
      </div>
      <main className="mx-auto max-w-6xl px-4 py-4">
        <VillageDesk clerkName={actor.name} />
      </main>
    </>
  );
}
