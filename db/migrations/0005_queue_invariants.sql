DROP INDEX "tickets_queue_day_seq_uq";--> statement-breakpoint
DROP INDEX "tickets_queue_order_idx";--> statement-breakpoint
-- Custom (hand-edited from drizzle-kit's single NOT NULL ADD COLUMN, which fails on a table with
-- rows): add the column, fill it from the number's prefix (a ticket moved by an earlier transfer
-- to a window has another queue_id than the one that issued it), then make it NOT NULL.
ALTER TABLE "tickets" ADD COLUMN "issued_queue_id" integer;--> statement-breakpoint
UPDATE "tickets" t SET "issued_queue_id" = coalesce(
  (SELECT q."id" FROM "queues" q WHERE q."hall_id" = t."hall_id" AND t."number" = q."prefix" || lpad(t."seq"::text, 3, '0')),
  t."queue_id");--> statement-breakpoint
ALTER TABLE "tickets" ALTER COLUMN "issued_queue_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_issued_queue_id_queues_id_fk" FOREIGN KEY ("issued_queue_id") REFERENCES "public"."queues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_issued_queue_day_seq_uq" ON "tickets" USING btree ("issued_queue_id","service_date","seq");--> statement-breakpoint
-- Custom: a database that already met the "two active tickets at one window" bug would refuse the
-- index below. Of such tickets keep the last one called at its window and finish the others, as
-- the next call-next would have done.
UPDATE "tickets" t SET "status" = 'done', "finished_at" = coalesce(t."finished_at", t."called_at", now())
WHERE t."status" IN ('called','serving') AND EXISTS (
  SELECT 1 FROM "tickets" o
  WHERE o."window_id" = t."window_id" AND o."service_date" = t."service_date" AND o."status" IN ('called','serving')
    AND (o."called_at", o."id") > (t."called_at", t."id"));--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_window_active_uq" ON "tickets" USING btree ("window_id","service_date") WHERE "tickets"."status" in ('called','serving');--> statement-breakpoint
CREATE INDEX "tickets_queue_order_idx" ON "tickets" USING btree ("queue_id","service_date","status","priority","seq");
