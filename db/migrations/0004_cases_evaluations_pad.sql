CREATE TABLE "case_counters" (
	"hall_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "case_counters_hall_id_year_pk" PRIMARY KEY("hall_id","year"),
	CONSTRAINT "case_counters_last_ck" CHECK ("case_counters"."last" between 1 and 999999)
);
--> statement-breakpoint
ALTER TABLE "evaluations" DROP CONSTRAINT "evaluations_follow_up_ck";--> statement-breakpoint
ALTER TABLE "sms_outbox" DROP CONSTRAINT "sms_outbox_kind_ck";--> statement-breakpoint
ALTER TABLE "staff_users" DROP CONSTRAINT "staff_users_role_ck";--> statement-breakpoint
DROP INDEX "evaluations_case_uq";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "source" text DEFAULT 'walk_in' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "village_id" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "materials_list" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "supplement_missing" jsonb;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "supplement_note" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "supplement_issued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "supplement_received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "paused_from_status" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "paused_working_days" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "opinion" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "delivery_method" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "tracking_no" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "rating_token_hash" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "handler_id" integer;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "reasons" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "stage" text DEFAULT 'service' NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "follow_up_due_date" date;--> statement-breakpoint
UPDATE "evaluations" SET "follow_up_due_date" = ("follow_up_due_at" AT TIME ZONE 'Asia/Shanghai')::date WHERE "follow_up_due_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" DROP COLUMN "follow_up_due_at";--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "change" text;--> statement-breakpoint
ALTER TABLE "halls" ADD COLUMN "case_prefix" text DEFAULT 'QC' NOT NULL;--> statement-breakpoint
ALTER TABLE "case_counters" ADD CONSTRAINT "case_counters_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_handler_id_staff_users_id_fk" FOREIGN KEY ("handler_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_id_number_idx" ON "cases" USING btree ("hall_id","id_number_hash");--> statement-breakpoint
CREATE INDEX "cases_ticket_idx" ON "cases" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_case_stage_uq" ON "evaluations" USING btree ("case_id","stage") WHERE "evaluations"."case_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_pad_ticket_uq" ON "evaluations" USING btree ("ticket_id") WHERE "evaluations"."case_id" is null;--> statement-breakpoint
CREATE INDEX "evaluations_follow_up_idx" ON "evaluations" USING btree ("hall_id","follow_up_due_date") WHERE "evaluations"."follow_up_due_date" is not null;--> statement-breakpoint
ALTER TABLE "halls" ADD CONSTRAINT "halls_case_prefix_unique" UNIQUE("case_prefix");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_source_ck" CHECK (source in ('walk_in', 'booking'));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_supplement_ck" CHECK ("cases"."status" <> 'needs_supplement' or ("cases"."supplement_issued_at" is not null and "cases"."paused_from_status" is not null));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_paused_days_ck" CHECK ("cases"."paused_working_days" >= 0);--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_delivery_ck" CHECK ("cases"."delivery_method" is null or "cases"."delivery_method" = 'window' or "cases"."tracking_no" is not null);--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_stage_ck" CHECK (stage in ('service', 'pickup'));--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_follow_up_ck" CHECK (("evaluations"."level" <= 2) = ("evaluations"."follow_up_due_date" is not null));--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD CONSTRAINT "sms_outbox_kind_ck" CHECK (kind in ('confirmation', 'reminder', 'cancellation', 'rescheduled', 'waitlist_joined', 'waitlist_seat', 'case_ready'));--> statement-breakpoint
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_role_ck" CHECK (role in ('clerk', 'backoffice', 'manager', 'admin', 'kiosk', 'display', 'pad'));--> statement-breakpoint
-- A case's timeline is append-only, like the audit log.
CREATE OR REPLACE FUNCTION case_events_reject_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_reject_change();
