import { getOpenApiDocument } from "@/lib/api/openapi";
import { json } from "@/lib/http";

export function GET() {
  return json(getOpenApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
