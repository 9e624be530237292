import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { serviceItems } from "@/db/schema";
import { SYLLABLE_SEPARATOR, syllablesOf } from "@/lib/catalogue/search-keys";

export interface ItemSearch {
  /** Keeps the items the query finds. */
  where: SQL;
  /** Smaller is better (the tiers below): order by it, then by the catalogue's order. */
  rank: SQL;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The letters a query is matched against the pinyin keys with: the query itself when it is typed in
 * Latin letters (`sbk`, `dibao`, `She Bao`), the pinyin of a query mixing characters and letters
 * (`残疾z` → `canjiz`); null for characters only (社保 is matched as characters, not as "shebao").
 */
function pinyinQuery(q: string): string | null {
  const compact = q.replace(/[\s']+/g, "");
  if (/^[a-z0-9]+$/i.test(compact)) return compact.toLowerCase();
  if (/[a-z]/i.test(q) && /\p{Script=Han}/u.test(q)) return syllablesOf(q).join("") || null;
  return null;
}

/**
 * The query as a regular expression over `pinyin_full` (syllables separated by `'`, names by spaces):
 * each syllable may be typed in full or cut short, down to its initial, so `canji`, `cjrz`, `canjrz`
 * and `shebaok` all find 残疾人证 / 社保卡; it never skips a syllable or crosses into another name.
 */
function syllablePattern(letters: string) {
  const sep = SYLLABLE_SEPARATOR;
  return letters.split("").join(`(?:[a-z0-9]*${sep})?`);
}

/**
 * The one search of the catalogue, for the public pages, the API and the admin's list alike, ranked
 * so that what a villager calls an item beats an item that only shares a syllable:
 *
 *  1. the name or a common name (俗称) is the query        社保 → 社会保障卡申领 (俗称 社保)
 *  2. … begins with it                                    社保卡 → … then 社保卡挂失
 *  3. … contains it
 *  4. the query is a whole name or common name in pinyin  dibao → 低保, sbk → 社保卡, canji → 残疾
 *  5. … its beginning, ending where a syllable ends       canji → 残疾人证… (can'ji'ren), not 参加 (can'jia)
 *  6. … its beginning, the last syllable cut short        canj
 *  7. … a later syllable on, ending where a syllable ends (or the initials anywhere)
 *  8. … a later syllable on
 *  9. the letters anywhere in the pinyin                  (keys written before the syllables were kept apart)
 * 10. the code
 *
 * Plain CASE expressions over LIKE and POSIX regular expressions: PGlite and PostgreSQL alike, no
 * extension. Null for an empty query.
 */
export function itemSearch(query: string | undefined): ItemSearch | null {
  const q = query?.trim();
  if (!q) return null;
  const text = escapeLike(q);
  const names = sql`unnest(array_prepend(${serviceItems.name}, ${serviceItems.aliases}))`;
  const anyName = (pattern: string) => sql`exists (select 1 from ${names} as w(v) where w.v ilike ${pattern})`;
  const tiers: SQL[] = [anyName(text), anyName(`${text}%`), anyName(`%${text}%`)];

  const letters = pinyinQuery(q);
  if (letters) {
    const full = serviceItems.pinyinFull;
    const initials = serviceItems.pinyinInitials;
    const pat = syllablePattern(letters);
    const sep = SYLLABLE_SEPARATOR;
    const start = "(?:^| )";
    const syllableStart = `(?:^|[ ${sep}])`;
    const syllableEnd = `(?:$|[ ${sep}])`;
    tiers.push(
      sql`(${full} ~ ${`${start}${pat}[a-z0-9]*(?:$| )`} or ' ' || ${initials} || ' ' like ${`% ${letters} %`})`,
      sql`(${full} ~ ${`${start}${pat}${syllableEnd}`} or ' ' || ${initials} like ${`% ${letters}%`})`,
      sql`${full} ~ ${`${start}${pat}`}`,
      sql`(${full} ~ ${`${syllableStart}${pat}${syllableEnd}`} or ${initials} like ${`%${letters}%`})`,
      sql`${full} ~ ${`${syllableStart}${pat}`}`,
      sql`replace(${full}, ${sep}, '') like ${`%${letters}%`}`,
    );
  }
  tiers.push(sql`${serviceItems.code} ilike ${`%${text}%`}`);

  const whens = tiers.map((condition, i) => sql`when ${condition} then ${sql.raw(String(i + 1))}`);
  const rank = sql`(case ${sql.join(whens, sql` `)} end)`;
  return { where: sql`${rank} is not null`, rank };
}
