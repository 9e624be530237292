CREATE TABLE "village_day_rules" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "village_day_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"weekday" smallint DEFAULT 2 NOT NULL,
	"start_time" time NOT NULL,
	"end_time" time NOT NULL,
	"starts_on" date NOT NULL,
	CONSTRAINT "village_day_rules_weekday_ck" CHECK ("village_day_rules"."weekday" between 1 and 5),
	CONSTRAINT "village_day_rules_order_ck" CHECK ("village_day_rules"."start_time" < "village_day_rules"."end_time")
);
--> statement-breakpoint
CREATE TABLE "village_day_themes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "village_day_themes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"theme" text NOT NULL,
	"categories" text[] NOT NULL,
	CONSTRAINT "village_day_themes_categories_ck" CHECK (cardinality("village_day_themes"."categories") > 0)
);
--> statement-breakpoint
CREATE TABLE "village_rotation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "village_rotation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"village_id" integer NOT NULL,
	"location" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "weekend_post_rules" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "weekend_post_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"weekday" smallint NOT NULL,
	"location" text NOT NULL,
	"start_time" time NOT NULL,
	"end_time" time NOT NULL,
	CONSTRAINT "weekend_post_rules_weekday_ck" CHECK ("weekend_post_rules"."weekday" in (6, 7)),
	CONSTRAINT "weekend_post_rules_order_ck" CHECK ("weekend_post_rules"."start_time" < "weekend_post_rules"."end_time")
);
--> statement-breakpoint
ALTER TABLE "village_visits" ADD COLUMN "from_rotation" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "village_day_rules" ADD CONSTRAINT "village_day_rules_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_day_themes" ADD CONSTRAINT "village_day_themes_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_rotation" ADD CONSTRAINT "village_rotation_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_rotation" ADD CONSTRAINT "village_rotation_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekend_post_rules" ADD CONSTRAINT "weekend_post_rules_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "village_day_rules_hall_uq" ON "village_day_rules" USING btree ("hall_id");--> statement-breakpoint
CREATE UNIQUE INDEX "village_day_themes_hall_position_uq" ON "village_day_themes" USING btree ("hall_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "village_rotation_hall_position_uq" ON "village_rotation" USING btree ("hall_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "village_rotation_hall_village_uq" ON "village_rotation" USING btree ("hall_id","village_id");--> statement-breakpoint
CREATE UNIQUE INDEX "weekend_post_rules_hall_weekday_uq" ON "weekend_post_rules" USING btree ("hall_id","weekday");--> statement-breakpoint
CREATE UNIQUE INDEX "village_visits_rotation_uq" ON "village_visits" USING btree ("hall_id","date") WHERE "village_visits"."from_rotation";--> statement-breakpoint
-- A hall seeded before the rules existed holds a year of dated posts and village visits: its rules
-- are read off them, so the posts and the rotation go on where the seeded year ends.
INSERT INTO "weekend_post_rules" ("hall_id", "weekday", "location", "start_time", "end_time")
SELECT DISTINCT ON ("hall_id", extract(isodow from "date")) "hall_id", extract(isodow from "date")::smallint, "location", "start_time", "end_time"
FROM "weekend_roster"
ORDER BY "hall_id", extract(isodow from "date"), "date" DESC;--> statement-breakpoint
INSERT INTO "village_day_rules" ("hall_id", "weekday", "start_time", "end_time", "starts_on")
SELECT DISTINCT ON ("hall_id") "hall_id", extract(isodow from "date")::smallint, "start_time", "end_time",
  (SELECT min(w."date") FROM "village_visits" w WHERE w."hall_id" = v."hall_id")
FROM "village_visits" v
WHERE extract(isodow from "date") BETWEEN 1 AND 5
ORDER BY "hall_id", "date" DESC;--> statement-breakpoint
INSERT INTO "village_rotation" ("hall_id", "position", "village_id", "location")
SELECT "hall_id", (row_number() OVER (PARTITION BY "hall_id" ORDER BY "first_date", "village_id") - 1)::smallint, "village_id", "location"
FROM (
  SELECT DISTINCT ON ("hall_id", "village_id") "hall_id", "village_id", "location", "date" AS "first_date"
  FROM "village_visits" ORDER BY "hall_id", "village_id", "date"
) f;--> statement-breakpoint
INSERT INTO "village_day_themes" ("hall_id", "position", "theme", "categories")
SELECT "hall_id", (row_number() OVER (PARTITION BY "hall_id" ORDER BY "first_date", "theme") - 1)::smallint, "theme", "categories"
FROM (
  SELECT DISTINCT ON ("hall_id", "theme") "hall_id", "theme", "categories", "date" AS "first_date"
  FROM "village_visits" ORDER BY "hall_id", "theme", "date"
) f;
