// Prints the data migration that gives the seed catalogue's common names (俗称) and their pinyin keys
// to installs loaded before the catalogue had them (db/migrations/0020_seed_aliases.sql):
//   npx tsx scripts/seed-aliases-sql.ts > db/migrations/0020_seed_aliases.sql
// A migration is frozen once released: after a later change of the aliases, write a new one.
import { serviceItems } from "../lib/demo/catalogue-data";
import { pinyinKeys } from "../lib/catalogue/search-keys";

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

const rows = serviceItems.map((item) => {
  const name = pinyinKeys(item.name);
  const [first, ...rest] = item.aliases;
  const aliases = first === undefined ? { pinyinInitials: "", pinyinFull: "" } : pinyinKeys(first, rest);
  const values = [
    literal(item.code),
    literal(item.name),
    `ARRAY[${item.aliases.map(literal).join(", ")}]::text[]`,
    literal(name.pinyinInitials),
    literal(name.pinyinFull),
    literal(aliases.pinyinInitials),
    literal(aliases.pinyinFull),
  ];
  return `  (${values.join(", ")})`;
});

process.stdout
  .write(`-- The seed catalogue's common names (俗称, issue #13) for installs loaded before it had them: each
-- item of the district's catalogue (matched by its code, in every hall) whose common names are still
-- empty gets them, with their pinyin; an item whose names an admin has edited keeps them. The pinyin
-- of the name is rewritten with its syllables apart (can'ji'ren'zheng) unless an admin renamed the item
-- (its keys are then kept, and still found: the search also matches the letters run together).
UPDATE "service_items" AS s SET
  "aliases" = v.aliases,
  "pinyin_initials" = CASE WHEN s."name" = v.name THEN v.name_initials ELSE s."pinyin_initials" END || ' ' || v.alias_initials,
  "pinyin_full" = CASE WHEN s."name" = v.name THEN v.name_full ELSE s."pinyin_full" END || ' ' || v.alias_full
FROM (VALUES
${rows.join(",\n")}
) AS v(code, name, aliases, name_initials, name_full, alias_initials, alias_full)
WHERE s."code" = v.code AND s."aliases" = '{}'::text[] AND cardinality(v.aliases) > 0;
`);
