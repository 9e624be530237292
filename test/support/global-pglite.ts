import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { connectPglite } from "@/db/connection";
import { prepareDatabase } from "@/db/prepare";
import { seedDatabase } from "@/lib/demo";
import { env } from "@/lib/env";

// Creating a PGlite (initdb) takes seconds; loading a dump takes well under one. Build the
// migrated database with its catalogue once, dump it, and let every test file load a copy.
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "yichuang-test-"));
  const database = await connectPglite(undefined);
  await prepareDatabase(database, {
    quiet: true,
    seed: (db) => seedDatabase(db, { hallCode: env().HALL_CODE, demo: false }),
  });
  const dump = await (database.client as import("@electric-sql/pglite").PGlite).dumpDataDir("none");
  const file = path.join(dir, "template.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide("pgliteTemplate", file);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresUrl: string;
  }
}
