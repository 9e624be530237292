import { z } from "zod";
import { CHANNELS, ITEM_KINDS } from "@/db/schema";
import { component } from "@/lib/api/components";
import { ITEM_CODE_PATTERN } from "@/lib/admin/item-schemas";
import { materialSchema } from "@/lib/api/responses";

// The catalogue admin's JSON API: the path parameter and the answers (the bodies are in
// lib/admin/item-schemas.ts, shared with the forms and the workbook import).

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * An item's code in the admin's paths. Its example is a code the demo catalogue does not have, so
 * that trying the documented example (as e2e/openapi.spec.ts does) answers 404 and edits nothing.
 */
export const adminItemPath = z.object({
  code: z
    .string()
    .regex(ITEM_CODE_PATTERN, "事项编码格式不正确")
    .meta({ description: "The item's code, e.g. YBJ-001", examples: ["ZZZ-999"] }),
});

export const adminItemSchema = component(
  "AdminServiceItem",
  z.object({
    code: z.string(),
    name: z.string(),
    aliases: z.array(z.string()).meta({ description: "Common names (俗称), searched like the name" }),
    department: z.object({ code: z.string(), name: z.string(), shortName: z.string() }),
    category: z.string(),
    kind: z.enum(ITEM_KINDS),
    promisedDays: z.number().int().nullable(),
    feeCents: z.number().int(),
    channels: z.array(z.enum(CHANNELS)),
    bookable: z.boolean(),
    queue: z.string().meta({ description: "The ticket prefix of the queue the item is called in" }),
    summary: z.string(),
    conditions: z.string(),
    steps: z.string(),
    delivery: z.string(),
    legalBasis: z.string(),
    materials: z.array(materialSchema),
    isActive: z.boolean().meta({ description: "false: deactivated (never deleted), off the public catalogue" }),
    version: z.number().int().meta({ description: "Send it back with an edit; an edit of an older version is 409" }),
  }),
);

export const adminItemsResponse = z.object({ items: z.array(adminItemSchema), total: z.number().int() });

export const updatedItemSchema = adminItemSchema.extend({
  changed: z.array(z.string()).meta({ description: "The fields the edit changed; empty: nothing was written" }),
});

export const itemActiveSchema = z.object({
  code: z.string(),
  name: z.string(),
  isActive: z.boolean(),
  version: z.number().int(),
  openBookings: z
    .number()
    .int()
    .meta({ description: "Confirmed bookings of the item still ahead (not cancelled by deactivating)" }),
});

export const catalogueImportSchema = z.object({
  created: z.array(z.string()).meta({ description: "Codes of the items added" }),
  updated: z.array(z.string()).meta({ description: "Codes of the items changed" }),
  unchanged: z.number().int().meta({ description: "Rows identical to the catalogue" }),
});
