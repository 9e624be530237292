-- The offline village day (周二主题下村日, issue #15): each record a clerk's device made offline (a
-- check-in, a case, a rating) is applied once, keyed by the UUID the device gave it. The row goes in
-- the same transaction as the record's effect, so a sync retried after a lost answer finds it and
-- answers as the first time instead of making a second case.
CREATE TABLE "village_records" (
	"hall_id" integer NOT NULL,
	"client_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"village_visit_id" integer NOT NULL,
	"request_hash" text NOT NULL,
	"case_id" integer,
	"booking_id" integer,
	"evaluation_id" integer,
	"made_at" timestamp with time zone NOT NULL,
	"synced_by" integer NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "village_records_hall_id_client_id_pk" PRIMARY KEY("hall_id","client_id"),
	CONSTRAINT "village_records_kind_ck" CHECK (kind in ('check_in', 'case', 'rating')),
	CONSTRAINT "village_records_effect_ck" CHECK (("village_records"."kind" = 'case') = ("village_records"."case_id" is not null) and ("village_records"."kind" = 'check_in') = ("village_records"."booking_id" is not null) and ("village_records"."kind" = 'rating') = ("village_records"."evaluation_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "village_records" ADD CONSTRAINT "village_records_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_records" ADD CONSTRAINT "village_records_village_visit_id_village_visits_id_fk" FOREIGN KEY ("village_visit_id") REFERENCES "public"."village_visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_records" ADD CONSTRAINT "village_records_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_records" ADD CONSTRAINT "village_records_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_records" ADD CONSTRAINT "village_records_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_records" ADD CONSTRAINT "village_records_synced_by_staff_users_id_fk" FOREIGN KEY ("synced_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;
