DROP INDEX "cases_hall_accepted_idx";--> statement-breakpoint
CREATE INDEX "cases_report_idx" ON "cases" USING btree ("hall_id","accepted_at","status","channel","service_item_id","department_id","village_id","delivery_method","supplement_issued_at","delivered_at");--> statement-breakpoint
CREATE INDEX "cases_decided_idx" ON "cases" USING btree ("hall_id","decided_at","due_date") WHERE "cases"."due_date" is not null;--> statement-breakpoint
CREATE INDEX "cases_overdue_idx" ON "cases" USING btree ("hall_id","due_date") WHERE "cases"."status" in ('accepted','processing') and "cases"."due_date" is not null;--> statement-breakpoint
CREATE INDEX "tickets_called_idx" ON "tickets" USING btree ("hall_id","called_at","queue_id","window_id","created_at","started_at","finished_at") WHERE "tickets"."called_at" is not null;--> statement-breakpoint
CREATE INDEX "tickets_issued_idx" ON "tickets" USING btree ("hall_id","created_at");--> statement-breakpoint
CREATE INDEX "evaluations_report_idx" ON "evaluations" USING btree ("hall_id","created_at","level","callback_at","follow_up_due_date");
