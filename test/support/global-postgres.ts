import type { TestProject } from "vitest/node";
import { connectPostgres } from "@/db/connection";
import { prepareDatabase } from "@/db/prepare";
import { seedDatabase } from "@/lib/demo";
import { env } from "@/lib/env";
import { createThrowawayDatabase } from "./postgres";

// A fresh database on the PostgreSQL server of TEST_DATABASE_URL for this run, migrated and
// loaded with the catalogue once, dropped at the end.
export default async function setup(project: TestProject) {
  const { url, drop } = await createThrowawayDatabase("it");
  const database = connectPostgres(url, 2);
  await prepareDatabase(database, {
    quiet: true,
    seed: (db) => seedDatabase(db, { hallCode: env().HALL_CODE, demo: false }),
  });
  await database.close();
  project.provide("postgresUrl", url);
  return drop;
}
