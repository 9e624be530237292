// Runs once when the server starts: migrate, load the catalogue (and the demo data), announce the
// demo accounts, then start the periodic jobs — before the first request rather than during it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installForwardedForGuard } = await import("@/lib/http/client-address");
  installForwardedForGuard();
  const { getDatabase, registerDatabaseSeed } = await import("@/db/client");
  const { seedDatabase } = await import("@/lib/demo");
  const { env } = await import("@/lib/env");
  // This instance's hall (HALL_CODE) is chosen here, at start-up, and handed to the seeding.
  registerDatabaseSeed((db, log) => seedDatabase(db, { hallCode: env().HALL_CODE, demo: env().isDemo, log }));
  await getDatabase();
  const { materializeHorizon, startBackgroundJobs } = await import("@/lib/jobs");
  await materializeHorizon();
  startBackgroundJobs();
}
