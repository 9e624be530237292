import "server-only";
import type { Material } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** Names from the item's list only, each once, in the list's order; an unknown name is a 422 on `field`. */
export function materialNamesOf(list: Material[], names: string[], field: string): string[] {
  const known = new Set(list.map((m) => m.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new AppError("invalid_input", `材料清单中没有“${unknown[0]}”`, {
      [field]: `材料清单中没有“${unknown[0]}”，请从清单中选择`,
    });
  }
  const wanted = new Set(names);
  return list.filter((m) => wanted.has(m.name)).map((m) => m.name);
}
