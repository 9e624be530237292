ALTER TABLE "service_items" ADD COLUMN "aliases" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "service_items" ADD COLUMN "steps" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "service_items" ADD COLUMN "delivery" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "service_items" ADD COLUMN "legal_basis" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "service_items" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "service_items" ADD CONSTRAINT "service_items_version_ck" CHECK ("service_items"."version" > 0);--> statement-breakpoint
-- Cases taken in before their materials were snapshotted hold an empty list and were shown the
-- item's current one. They get the list as it stands now, once: from here on an item's edit never
-- reaches a case (the readers no longer fall back to the item).
UPDATE "cases" SET "materials_list" = "service_items"."materials"
FROM "service_items"
WHERE "service_items"."id" = "cases"."service_item_id" AND "cases"."materials_list" = '[]'::jsonb;
