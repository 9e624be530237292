import { pinyin } from "pinyin-pro";

/** What separates the syllables of one name in `pinyinFull` ("can'ji'ren'zheng"); names are space-separated. */
export const SYLLABLE_SEPARATOR = "'";

const keep = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The syllables of a text, letters only: 残疾人证 → can ji ren zheng; 绿 is "lv", as typed. */
export function syllablesOf(text: string): string[] {
  return pinyin(text, { toneType: "none", type: "array", v: true }).map(keep).filter(Boolean);
}

/**
 * The pinyin an item is found by: the initials and the full pinyin of its name and of each common
 * name, space-separated (a query never matches across two names). The full pinyin keeps its syllables
 * apart ("can'ji'ren'zheng") so that `canji` is known to end where 残疾 ends, not inside 参加 (can'jia).
 * "ylbx" finds 医疗保险…, "xnh" an item whose common name is 新农合.
 */
export function pinyinKeys(name: string, aliases: readonly string[] = []) {
  const all = [name, ...aliases].map(syllablesOf);
  return {
    pinyinInitials: all.map((s) => s.map((syllable) => syllable[0]).join("")).join(" "),
    pinyinFull: all.map((s) => s.join(SYLLABLE_SEPARATOR)).join(" "),
  };
}
