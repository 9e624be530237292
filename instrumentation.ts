// Runs once when the server starts: validate every setting, migrate, load the catalogue (and the
// demo data, or the first admin), then start the periodic jobs — before the first request rather
// than during it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  try {
    env();
  } catch (error) {
    // A bad setting stops the server here, with the variable and what it accepts, instead of a
    // server that starts and answers 500 everywhere.
    console.error(`[yichuang] ${(error as Error).message}`);
    process.exit(1);
  }
  const { installEdge } = await import("@/lib/http/edge");
  installEdge();
  const { getDatabase, registerDatabaseSeed } = await import("@/db/client");
  const { seedDatabase } = await import("@/lib/demo");
  // This instance's hall (HALL_CODE) is chosen here, at start-up, and handed to the seeding.
  registerDatabaseSeed((db, log) => {
    const { HALL_CODE, HALL_NAME, HALL_ADDRESS, HALL_PHONE, HALL_CASE_PREFIX } = env();
    if (HALL_NAME && (!HALL_ADDRESS || !HALL_PHONE))
      throw new Error("HALL_NAME is set: set HALL_ADDRESS and HALL_PHONE too (villagers see all three)");
    const hall = HALL_NAME
      ? { name: HALL_NAME, address: HALL_ADDRESS!, phone: HALL_PHONE!, casePrefix: HALL_CASE_PREFIX }
      : undefined;
    return seedDatabase(db, { hallCode: HALL_CODE, hall, demo: env().isDemo, dataDir: env().DATA_DIR, log });
  });
  const { materializeHorizon, startBackgroundJobs } = await import("@/lib/jobs");
  try {
    await getDatabase();
    await materializeHorizon();
  } catch (error) {
    // A database that cannot be opened, migrated or seeded stops the server with the reason,
    // instead of a server that answers 500 to every request.
    console.error(`[yichuang] start-up failed: ${(error as Error).message}`);
    process.exit(1);
  }
  startBackgroundJobs();
  // SIGTERM: stop taking requests, finish those in flight, close the streams and the database.
  const { installGracefulShutdown } = await import("@/lib/jobs/graceful-shutdown");
  installGracefulShutdown();
}
