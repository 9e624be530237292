import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import { json, problem } from "@/lib/http";
import { logError } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const database = await getDatabase();
    await database.db.execute(sql`select 1`);
    return json({ status: "ok", db: database.kind });
  } catch (error) {
    logError("health check failed", error);
    return problem("unavailable", "数据库暂时不可用");
  }
}
