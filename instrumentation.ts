// Runs once when the server starts: migrate, load the catalogue (and the demo data), announce the
// demo accounts, then start the periodic jobs — before the first request rather than during it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installForwardedForGuard } = await import("@/lib/http/client-address");
  installForwardedForGuard();
  const { getDatabase } = await import("@/db/client");
  await getDatabase();
  const { materializeHorizon, startBackgroundJobs } = await import("@/lib/jobs");
  await materializeHorizon();
  startBackgroundJobs();
}
