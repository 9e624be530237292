-- The report's monthly rollup of cases (docs/decisions/005): kept in step by statement-level
-- triggers on `cases`, in the same transaction as every insert, update or delete of a case, whatever
-- code path makes it. A report reads whole months here and only the partial months at the ends of a
-- range from `cases` itself.
CREATE TABLE "case_month_counts" (
	"hall_id" integer NOT NULL REFERENCES "halls"("id"),
	-- The first day of the Asia/Shanghai month the case was taken in.
	"month" date NOT NULL,
	"service_item_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"channel" text NOT NULL,
	"village_id" integer,
	"cases" integer NOT NULL,
	"not_accepted" integer NOT NULL,
	"finished" integer NOT NULL,
	"one_visit_post" integer NOT NULL,
	"one_visit_same_day" integer NOT NULL,
	CONSTRAINT "case_month_counts_key" UNIQUE NULLS NOT DISTINCT ("hall_id","month","service_item_id","department_id","channel","village_id")
);--> statement-breakpoint
-- 承诺件 decided per month (the Asia/Shanghai month of the decision), and how many by their due date.
CREATE TABLE "case_decided_counts" (
	"hall_id" integer NOT NULL REFERENCES "halls"("id"),
	"month" date NOT NULL,
	"promised" integer NOT NULL,
	"on_time" integer NOT NULL,
	CONSTRAINT "case_decided_counts_pk" PRIMARY KEY ("hall_id","month")
);--> statement-breakpoint
-- A count below zero would mean the rollup had lost step with the cases: each statement returns how
-- many groups it left below zero, and the caller raises (a CHECK constraint cannot do it: PostgreSQL
-- checks the proposed row of an upsert before it finds the conflict, i.e. the signed delta).
-- The two statements that add the signed contribution of the rows `source` selects (`sign` and every
-- column of `cases`); the trigger runs them itself, since a statement's transition tables are visible
-- only to the trigger function, not to a function it calls.
-- The definitions are those of docs/reports.md, as lib/reports/get-report.ts (CASE_COUNTS) counts the
-- partial months. Groups are written in the order of the key, so that two statements never wait on
-- each other in a cycle; a group that nets to nothing (an update that moves no count) is not written.
CREATE FUNCTION "case_rollup_statements"("source" text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $fn$
	SELECT ARRAY[format($q$
		WITH "written" AS (
		INSERT INTO "case_month_counts" AS t ("hall_id","month","service_item_id","department_id","channel","village_id",
			"cases","not_accepted","finished","one_visit_post","one_visit_same_day")
		SELECT * FROM (
			SELECT "hall_id", date_trunc('month', "accepted_at" AT TIME ZONE 'Asia/Shanghai')::date AS "month",
				"service_item_id", "department_id", "channel", "village_id",
				sum(sign)::int AS "cases",
				coalesce(sum(sign) FILTER (WHERE "status" = 'not_accepted'), 0)::int AS "not_accepted",
				coalesce(sum(sign) FILTER (WHERE "status" IN ('approved','rejected','ready','delivered')), 0)::int AS "finished",
				coalesce(sum(sign) FILTER (WHERE "status" IN ('approved','rejected','ready','delivered')
					AND "supplement_issued_at" IS NULL AND "delivery_method" = 'post'), 0)::int AS "one_visit_post",
				coalesce(sum(sign) FILTER (WHERE "status" IN ('approved','rejected','ready','delivered')
					AND "supplement_issued_at" IS NULL AND "delivery_method" = 'window'
					AND ("delivered_at" AT TIME ZONE 'Asia/Shanghai')::date = ("accepted_at" AT TIME ZONE 'Asia/Shanghai')::date), 0)::int
					AS "one_visit_same_day"
			FROM (%s) c
			GROUP BY 1, 2, 3, 4, 5, 6
		) g
		WHERE ("cases", "not_accepted", "finished", "one_visit_post", "one_visit_same_day") <> (0, 0, 0, 0, 0)
		ORDER BY 1, 2, 3, 4, 5, 6
		ON CONFLICT ON CONSTRAINT "case_month_counts_key" DO UPDATE SET
			"cases" = t."cases" + excluded."cases",
			"not_accepted" = t."not_accepted" + excluded."not_accepted",
			"finished" = t."finished" + excluded."finished",
			"one_visit_post" = t."one_visit_post" + excluded."one_visit_post",
			"one_visit_same_day" = t."one_visit_same_day" + excluded."one_visit_same_day"
		RETURNING least("cases", "not_accepted", "finished", "one_visit_post", "one_visit_same_day") AS "least"
		) SELECT count(*) FROM "written" WHERE "least" < 0
	$q$, "source"), format($q$
		WITH "written" AS (
		INSERT INTO "case_decided_counts" AS t ("hall_id","month","promised","on_time")
		SELECT * FROM (
			SELECT "hall_id", date_trunc('month', "decided_at" AT TIME ZONE 'Asia/Shanghai')::date AS "month",
				sum(sign)::int AS "promised",
				coalesce(sum(sign) FILTER (WHERE ("decided_at" AT TIME ZONE 'Asia/Shanghai')::date <= "due_date"), 0)::int AS "on_time"
			FROM (%s) c
			WHERE "due_date" IS NOT NULL AND "decided_at" IS NOT NULL
			GROUP BY 1, 2
		) g
		WHERE ("promised", "on_time") <> (0, 0)
		ORDER BY 1, 2
		ON CONFLICT ON CONSTRAINT "case_decided_counts_pk" DO UPDATE SET
			"promised" = t."promised" + excluded."promised",
			"on_time" = t."on_time" + excluded."on_time"
		RETURNING least("promised", "on_time") AS "least"
		) SELECT count(*) FROM "written" WHERE "least" < 0
	$q$, "source")];
$fn$;--> statement-breakpoint
CREATE FUNCTION "case_rollup_sync"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
	statement text;
	below_zero bigint;
BEGIN
	-- The transition tables of this statement: the old images count -1, the new ones +1.
	FOREACH statement IN ARRAY "case_rollup_statements"(CASE TG_OP
		WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
		WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_rows'
		ELSE 'SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1 AS sign, * FROM new_rows'
	END) LOOP
		EXECUTE statement INTO below_zero;
		IF below_zero > 0 THEN
			RAISE EXCEPTION 'case rollup out of step: % groups below zero', below_zero;
		END IF;
	END LOOP;
	RETURN NULL;
END;
$fn$;--> statement-breakpoint
CREATE TRIGGER "cases_rollup_insert" AFTER INSERT ON "cases"
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "case_rollup_sync"();--> statement-breakpoint
CREATE TRIGGER "cases_rollup_update" AFTER UPDATE ON "cases"
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "case_rollup_sync"();--> statement-breakpoint
CREATE TRIGGER "cases_rollup_delete" AFTER DELETE ON "cases"
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "case_rollup_sync"();--> statement-breakpoint
-- A TRUNCATE would bypass the counts: refuse it (cases are never truncated; delete them instead).
CREATE FUNCTION "cases_refuse_truncate"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
	RAISE EXCEPTION 'cases cannot be truncated: the report rollup (case_month_counts) would be left behind; delete the rows instead';
END;
$fn$;--> statement-breakpoint
CREATE TRIGGER "cases_no_truncate" BEFORE TRUNCATE ON "cases" FOR EACH STATEMENT EXECUTE FUNCTION "cases_refuse_truncate"();--> statement-breakpoint
-- The cases already in the database.
DO $do$
DECLARE
	statement text;
BEGIN
	FOREACH statement IN ARRAY "case_rollup_statements"('SELECT 1 AS sign, * FROM "cases"') LOOP
		EXECUTE statement;
	END LOOP;
END;
$do$;
