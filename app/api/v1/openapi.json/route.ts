import { openApiDocument } from "@/lib/api/openapi";
import { json } from "@/lib/http";

export function GET() {
  return json(openApiDocument, { headers: { "cache-control": "public, max-age=300" } });
}
