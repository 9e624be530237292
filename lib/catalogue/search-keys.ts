import { pinyin } from "pinyin-pro";

/**
 * The pinyin an item is found by: the initials and the full pinyin of its name and of each common
 * name, space-separated (a query is letters only, so it never matches across two names).
 * "ylbx" finds 医疗保险…, "xnh" an item whose common name is 新农合.
 */
export function pinyinKeys(name: string, aliases: readonly string[] = []) {
  const keep = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const keysOf = (text: string) => ({
    initials: keep(pinyin(text, { pattern: "first", toneType: "none", type: "array" }).join("")),
    full: keep(pinyin(text, { toneType: "none", type: "array" }).join("")),
  });
  const all = [name, ...aliases].map(keysOf);
  return {
    pinyinInitials: all.map((k) => k.initials).join(" "),
    pinyinFull: all.map((k) => k.full).join(" "),
  };
}
