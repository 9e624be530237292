// Runs once when the server starts: migrate, load the catalogue (and the demo data), announce
// the demo accounts — before the first request rather than during it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDatabase } = await import("@/db/client");
  await getDatabase();
}
