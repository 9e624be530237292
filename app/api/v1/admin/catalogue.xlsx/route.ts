import { XLSX_TYPE } from "@/lib/api/catalogue-admin-schemas";
import { exportCatalogue } from "@/lib/admin/export-catalogue";
import { CATALOGUE_FILE_LIMIT, importCatalogue } from "@/lib/admin/import-catalogue";
import { requireRole } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { json, readBody, route } from "@/lib/http";
import { attachmentDisposition } from "@/lib/http/attachment";

export const dynamic = "force-dynamic";

/** GET /api/v1/admin/catalogue.xlsx — the hall's catalogue as the district's workbook (事项, 材料). */
export const GET = route(async () => {
  const actor = await requireRole("admin");
  const { fileName, bytes } = await exportCatalogue({ actor });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": XLSX_TYPE,
      "content-disposition": attachmentDisposition(fileName, "catalogue.xlsx"),
      "cache-control": "no-store",
    },
  });
});

/** POST /api/v1/admin/catalogue.xlsx — import a workbook (the body, as sent), all or nothing. */
export const POST = route(async (request) => {
  const actor = await requireRole("admin");
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== XLSX_TYPE) throw new AppError("unsupported_media_type", "请上传 Excel 工作簿（.xlsx）");
  const bytes = await readBody(request, CATALOGUE_FILE_LIMIT);
  return json(await importCatalogue({ actor, bytes }));
});
