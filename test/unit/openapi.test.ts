import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";

// Every route under app/api/v1 is documented, and every documented v1 path has a route.
function routePaths(dir: string, prefix: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...routePaths(full, `${prefix}/${entry.replace(/^\[(.+)\]$/, "{$1}")}`));
    else if (entry === "route.ts") out.push(prefix);
  }
  return out;
}

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 and lists exactly the v1 routes", () => {
    expect(openApiDocument.openapi).toBe("3.1.0");
    const routes = routePaths(path.join(process.cwd(), "app/api/v1"), "/api/v1").sort();
    const documented = Object.keys(openApiDocument.paths)
      .filter((p) => p.startsWith("/api/v1"))
      .sort();
    expect(documented).toEqual(routes);
  });
});
