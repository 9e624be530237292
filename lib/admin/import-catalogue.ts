import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { uniqueViolation } from "@/db/errors";
import { departments, queues, serviceItems } from "@/db/schema";
import { readCatalogueWorkbook, workbookErrorText, type WorkbookError } from "@/lib/admin/catalogue-workbook";
import { adminItemColumns, adminItemJoins, toAdminItem } from "@/lib/admin/item-view";
import { changedFields, inputOf, itemColumns, loadItemReferences } from "@/lib/admin/item-write";
import { recordAudit } from "@/lib/audit";
import { publishCatalogueChange } from "@/lib/queue/events";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export interface CatalogueImport {
  created: string[];
  updated: string[];
  unchanged: number;
}

/**
 * The 95 items are some 40 KB, a thousand some 400 KB: a bigger upload is refused before it is read.
 * Also Next.js's body limit of server actions (1 MB), so the page and the API refuse alike.
 */
export const CATALOGUE_FILE_LIMIT = 1024 * 1024;

/** At most this many errors are sent back: the first hundred show what is wrong with the file. */
const ERRORS_SHOWN = 100;

/** The import's refusal: every wrong cell, by `事项!F5`, with the words the admin's screen shows. */
export class CatalogueImportError extends AppError {
  readonly errors: WorkbookError[];
  constructor(errors: WorkbookError[]) {
    const shown = errors.slice(0, ERRORS_SHOWN);
    super(
      "invalid_input",
      `导入失败：工作簿有 ${errors.length} 处错误，目录没有做任何修改。请改正后重新导入。`,
      Object.fromEntries(
        shown.map((e, i) => [e.cell ? `${e.sheet}!${e.cell}` : `${e.sheet || "文件"}#${i + 1}`, workbookErrorText(e)]),
      ),
    );
    this.errors = shown;
  }
}

/**
 * Imports the district's workbook into the admin's hall, all or nothing: every row is checked first
 * and one wrong cell refuses the whole file (422, each error by sheet, row and column). Items are
 * matched by code: a known one is updated where it differs (its version moves on, so an edit form
 * open on it is refused), a new one is added at the end of the catalogue; an item not in the file is
 * left as it is (deactivation is the 状态 column's, or the admin's button). Exporting and importing
 * the same workbook changes nothing. The hall's items are locked for the import, so an edit saved
 * meanwhile waits and then meets the new version.
 */
export async function importCatalogue(input: { actor: Actor; bytes: Uint8Array }): Promise<CatalogueImport> {
  const { actor } = input;
  assertRole(actor, "admin");
  if (input.bytes.byteLength > CATALOGUE_FILE_LIMIT) throw new AppError("payload_too_large", "文件过大（最多 1 MB）");
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const existingRows = await tx
        .select(adminItemColumns)
        .from(serviceItems)
        .innerJoin(departments, adminItemJoins.departments)
        .innerJoin(queues, adminItemJoins.queues)
        .where(eq(serviceItems.hallId, actor.hallId))
        .for("update", { of: serviceItems });
      const existing = new Map(existingRows.map((row) => [row.code, { id: row.id, item: toAdminItem(row) }]));
      const nameHolder = new Map(existingRows.map((row) => [row.name, row.code]));
      const refs = await loadItemReferences(tx, actor.hallId);
      const read = await readCatalogueWorkbook(input.bytes, {
        departmentCode: refs.departmentCode,
        hasQueue: (prefix) => refs.queue(prefix) !== undefined,
        nameHolder: (name) => nameHolder.get(name),
      });
      if (read.errors.length) throw new CatalogueImportError(read.errors);
      if (read.entries.length === 0)
        throw new CatalogueImportError([
          { sheet: "事项", row: 0, column: "", cell: "", message: "没有任何事项行：请在第 2 行起填写事项" },
        ]);

      const result: CatalogueImport = { created: [], updated: [], unchanged: 0 };
      let nextSortOrder = Math.max(-1, ...existingRows.map((r) => r.sortOrder)) + 1;
      for (const entry of read.entries) {
        const ids = { departmentId: refs.department(entry.item.department)!, queueId: refs.queue(entry.item.queue)! };
        const known = existing.get(entry.code);
        if (!known) {
          await tx.insert(serviceItems).values({
            hallId: actor.hallId,
            code: entry.code,
            ...itemColumns(entry.item, ids),
            isActive: entry.isActive,
            sortOrder: nextSortOrder++,
          });
          result.created.push(entry.code);
          continue;
        }
        const changed = changedFields(inputOf(known.item), entry.item);
        if (changed.length === 0 && known.item.isActive === entry.isActive) {
          result.unchanged += 1;
          continue;
        }
        await tx
          .update(serviceItems)
          .set({ ...itemColumns(entry.item, ids), isActive: entry.isActive, version: sql`${serviceItems.version} + 1` })
          .where(eq(serviceItems.id, known.id));
        result.updated.push(entry.code);
      }
      if (result.created.length || result.updated.length) await publishCatalogueChange(tx, { hallId: actor.hallId });
      await recordAudit(tx, {
        hallId: actor.hallId,
        actorId: actor.id,
        actorName: actor.username,
        action: "catalogue.import",
        objectType: "catalogue",
        result: "ok",
        detail: { ...result },
      });
      return result;
    });
  } catch (error) {
    if (uniqueViolation(error) === "service_items_hall_name_uq")
      throw new AppError(
        "conflict",
        "导入失败：有两个事项同名（可能是互换了名称），目录没有做任何修改。请分两次导入。",
      );
    throw error;
  }
}
