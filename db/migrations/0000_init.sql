CREATE TABLE "app_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"hall_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"object_type" text NOT NULL,
	"object_id" text,
	"result" text NOT NULL,
	"detail" jsonb,
	CONSTRAINT "audit_log_result_ck" CHECK ("audit_log"."result" in ('ok','denied','failed'))
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bookings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"code" text NOT NULL,
	"service_item_id" integer NOT NULL,
	"slot_id" integer NOT NULL,
	"applicant_name" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_masked" text NOT NULL,
	"id_number_enc" text,
	"id_number_hash" text,
	"id_number_masked" text,
	"status" text DEFAULT 'confirmed' NOT NULL,
	"idempotency_key" text,
	"request_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	CONSTRAINT "bookings_status_ck" CHECK (status in ('confirmed', 'cancelled', 'checked_in', 'no_show', 'completed'))
);
--> statement-breakpoint
CREATE TABLE "calendar_overrides" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "calendar_overrides_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"date" date NOT NULL,
	"is_open" boolean NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"case_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"case_no" text NOT NULL,
	"service_item_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"channel" text NOT NULL,
	"ticket_id" integer,
	"booking_id" integer,
	"applicant_name" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_masked" text NOT NULL,
	"id_number_enc" text,
	"id_number_hash" text,
	"id_number_masked" text,
	"status" text DEFAULT 'accepted' NOT NULL,
	"materials_received" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"materials_missing" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"not_accepted_reason" text,
	"accepted_at" timestamp with time zone NOT NULL,
	"due_date" date,
	"decided_at" timestamp with time zone,
	"ready_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"clerk_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_status_ck" CHECK (status in ('accepted', 'processing', 'needs_supplement', 'approved', 'rejected', 'ready', 'delivered', 'not_accepted')),
	CONSTRAINT "cases_channel_ck" CHECK (channel in ('window', 'weekend', 'village')),
	CONSTRAINT "cases_not_accepted_ck" CHECK ("cases"."status" <> 'not_accepted' or "cases"."not_accepted_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "departments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	CONSTRAINT "departments_code_unique" UNIQUE("code"),
	CONSTRAINT "departments_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"case_id" integer,
	"ticket_id" integer,
	"level" smallint NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"follow_up_due_at" timestamp with time zone,
	"callback_at" timestamp with time zone,
	"callback_by" integer,
	"callback_note" text,
	CONSTRAINT "evaluations_level_ck" CHECK ("evaluations"."level" between 1 and 5),
	CONSTRAINT "evaluations_subject_ck" CHECK ("evaluations"."case_id" is not null or "evaluations"."ticket_id" is not null),
	CONSTRAINT "evaluations_follow_up_ck" CHECK (("evaluations"."level" <= 2) = ("evaluations"."follow_up_due_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "halls" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "halls_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"phone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "halls_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "opening_hours" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opening_hours_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"weekday" smallint NOT NULL,
	"morning_start" time NOT NULL,
	"morning_end" time NOT NULL,
	"afternoon_start" time NOT NULL,
	"afternoon_end" time NOT NULL,
	CONSTRAINT "opening_hours_weekday_ck" CHECK ("opening_hours"."weekday" between 1 and 7),
	CONSTRAINT "opening_hours_order_ck" CHECK ("opening_hours"."morning_start" < "opening_hours"."morning_end" and "opening_hours"."morning_end" <= "opening_hours"."afternoon_start" and "opening_hours"."afternoon_start" < "opening_hours"."afternoon_end")
);
--> statement-breakpoint
CREATE TABLE "queues" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "queues_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"prefix" text NOT NULL,
	"name" text NOT NULL,
	"daily_cap" integer DEFAULT 300 NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "queues_prefix_ck" CHECK ("queues"."prefix" ~ '^[A-Z]$'),
	CONSTRAINT "queues_daily_cap_ck" CHECK ("queues"."daily_cap" > 0 and "queues"."daily_cap" <= 999)
);
--> statement-breakpoint
CREATE TABLE "service_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"department_id" integer NOT NULL,
	"category" text NOT NULL,
	"queue_id" integer NOT NULL,
	"kind" text NOT NULL,
	"promised_days" smallint,
	"fee_cents" integer DEFAULT 0 NOT NULL,
	"channels" text[] NOT NULL,
	"is_bookable" boolean DEFAULT true NOT NULL,
	"summary" text NOT NULL,
	"conditions" text NOT NULL,
	"materials" jsonb NOT NULL,
	"pinyin_initials" text NOT NULL,
	"pinyin_full" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "service_items_kind_ck" CHECK (kind in ('instant', 'promised')),
	CONSTRAINT "service_items_promised_days_ck" CHECK (("service_items"."kind" = 'instant' and "service_items"."promised_days" is null) or ("service_items"."kind" = 'promised' and "service_items"."promised_days" between 1 and 60)),
	CONSTRAINT "service_items_fee_ck" CHECK ("service_items"."fee_cents" >= 0),
	CONSTRAINT "service_items_channels_ck" CHECK (cardinality("service_items"."channels") > 0 and "service_items"."channels" <@ array['window','weekend','village']::text[])
);
--> statement-breakpoint
CREATE TABLE "service_sessions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"channel" text NOT NULL,
	"date" date NOT NULL,
	"village_visit_id" integer,
	"weekend_roster_id" integer,
	"location" text NOT NULL,
	"is_cancelled" boolean DEFAULT false NOT NULL,
	CONSTRAINT "service_sessions_uq" UNIQUE NULLS NOT DISTINCT("hall_id","channel","date","village_visit_id"),
	CONSTRAINT "service_sessions_channel_ck" CHECK (channel in ('window', 'weekend', 'village')),
	CONSTRAINT "service_sessions_kind_ck" CHECK (("service_sessions"."channel" = 'village') = ("service_sessions"."village_visit_id" is not null) and ("service_sessions"."channel" = 'weekend') = ("service_sessions"."weekend_roster_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "slots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "slots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" smallint NOT NULL,
	"online_capacity" smallint NOT NULL,
	"booked" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "slots_time_ck" CHECK ("slots"."starts_at" < "slots"."ends_at"),
	CONSTRAINT "slots_capacity_ck" CHECK ("slots"."online_capacity" >= 0 and "slots"."online_capacity" <= "slots"."capacity"),
	CONSTRAINT "slots_booked_ck" CHECK ("slots"."booked" >= 0 and "slots"."booked" <= "slots"."online_capacity")
);
--> statement-breakpoint
CREATE TABLE "staff_users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "staff_users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"department_id" integer,
	"window_id" integer,
	"is_active" boolean DEFAULT true NOT NULL,
	"failed_logins" smallint DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_users_role_ck" CHECK (role in ('clerk', 'backoffice', 'manager', 'admin', 'kiosk', 'display')),
	CONSTRAINT "staff_users_backoffice_ck" CHECK ("staff_users"."role" <> 'backoffice' or "staff_users"."department_id" is not null),
	CONSTRAINT "staff_users_username_ck" CHECK ("staff_users"."username" ~ '^[a-z0-9_.-]{2,32}$')
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tickets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"queue_id" integer NOT NULL,
	"service_date" date NOT NULL,
	"seq" smallint NOT NULL,
	"number" text NOT NULL,
	"source" text NOT NULL,
	"booking_id" integer,
	"service_item_id" integer,
	"priority" smallint DEFAULT 0 NOT NULL,
	"is_green_channel" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"window_id" integer,
	"recall_count" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"called_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "tickets_status_ck" CHECK (status in ('waiting', 'called', 'serving', 'done', 'no_show', 'parked', 'transferred')),
	CONSTRAINT "tickets_source_ck" CHECK (source in ('walk_in', 'booking')),
	CONSTRAINT "tickets_booking_ck" CHECK (("tickets"."source" = 'booking') = ("tickets"."booking_id" is not null)),
	CONSTRAINT "tickets_called_ck" CHECK ("tickets"."status" not in ('called','serving') or "tickets"."window_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "village_visits" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "village_visits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"date" date NOT NULL,
	"village_id" integer NOT NULL,
	"theme" text NOT NULL,
	"categories" text[] NOT NULL,
	"location" text NOT NULL,
	"start_time" time NOT NULL,
	"end_time" time NOT NULL,
	CONSTRAINT "village_visits_order_ck" CHECK ("village_visits"."start_time" < "village_visits"."end_time")
);
--> statement-breakpoint
CREATE TABLE "villages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "villages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "weekend_roster" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "weekend_roster_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"date" date NOT NULL,
	"location" text NOT NULL,
	"start_time" time NOT NULL,
	"end_time" time NOT NULL,
	"staff_user_id" integer,
	"note" text,
	CONSTRAINT "weekend_roster_weekend_ck" CHECK (extract(isodow from "weekend_roster"."date") in (6, 7)),
	CONSTRAINT "weekend_roster_order_ck" CHECK ("weekend_roster"."start_time" < "weekend_roster"."end_time")
);
--> statement-breakpoint
CREATE TABLE "window_queues" (
	"window_id" integer NOT NULL,
	"queue_id" integer NOT NULL,
	CONSTRAINT "window_queues_window_id_queue_id_pk" PRIMARY KEY("window_id","queue_id")
);
--> statement-breakpoint
CREATE TABLE "windows" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "windows_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" integer NOT NULL,
	"number" smallint NOT NULL,
	"name" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "windows_number_ck" CHECK ("windows"."number" between 1 and 99)
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_staff_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_service_item_id_service_items_id_fk" FOREIGN KEY ("service_item_id") REFERENCES "public"."service_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_slot_id_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_overrides" ADD CONSTRAINT "calendar_overrides_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_id_staff_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_service_item_id_service_items_id_fk" FOREIGN KEY ("service_item_id") REFERENCES "public"."service_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_clerk_id_staff_users_id_fk" FOREIGN KEY ("clerk_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_callback_by_staff_users_id_fk" FOREIGN KEY ("callback_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_hours" ADD CONSTRAINT "opening_hours_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queues" ADD CONSTRAINT "queues_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_items" ADD CONSTRAINT "service_items_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_items" ADD CONSTRAINT "service_items_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_items" ADD CONSTRAINT "service_items_queue_id_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."queues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_sessions" ADD CONSTRAINT "service_sessions_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_sessions" ADD CONSTRAINT "service_sessions_village_visit_id_village_visits_id_fk" FOREIGN KEY ("village_visit_id") REFERENCES "public"."village_visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_sessions" ADD CONSTRAINT "service_sessions_weekend_roster_id_weekend_roster_id_fk" FOREIGN KEY ("weekend_roster_id") REFERENCES "public"."weekend_roster"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slots" ADD CONSTRAINT "slots_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slots" ADD CONSTRAINT "slots_session_id_service_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."service_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_window_id_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."windows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_queue_id_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."queues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_service_item_id_service_items_id_fk" FOREIGN KEY ("service_item_id") REFERENCES "public"."service_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_window_id_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."windows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_visits" ADD CONSTRAINT "village_visits_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_visits" ADD CONSTRAINT "village_visits_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "villages" ADD CONSTRAINT "villages_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekend_roster" ADD CONSTRAINT "weekend_roster_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekend_roster" ADD CONSTRAINT "weekend_roster_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "window_queues" ADD CONSTRAINT "window_queues_window_id_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "window_queues" ADD CONSTRAINT "window_queues_queue_id_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."queues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "windows" ADD CONSTRAINT "windows_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_hall_at_idx" ON "audit_log" USING btree ("hall_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_code_uq" ON "bookings" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_idempotency_uq" ON "bookings" USING btree ("hall_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "bookings_slot_idx" ON "bookings" USING btree ("slot_id");--> statement-breakpoint
CREATE INDEX "bookings_phone_idx" ON "bookings" USING btree ("phone_hash","status");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_overrides_hall_date_uq" ON "calendar_overrides" USING btree ("hall_id","date");--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_case_no_uq" ON "cases" USING btree ("case_no");--> statement-breakpoint
CREATE INDEX "cases_hall_accepted_idx" ON "cases" USING btree ("hall_id","accepted_at");--> statement-breakpoint
CREATE INDEX "cases_department_status_idx" ON "cases" USING btree ("department_id","status");--> statement-breakpoint
CREATE INDEX "cases_phone_idx" ON "cases" USING btree ("phone_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_case_uq" ON "evaluations" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opening_hours_hall_weekday_uq" ON "opening_hours" USING btree ("hall_id","weekday");--> statement-breakpoint
CREATE UNIQUE INDEX "queues_hall_prefix_uq" ON "queues" USING btree ("hall_id","prefix");--> statement-breakpoint
CREATE UNIQUE INDEX "service_items_hall_code_uq" ON "service_items" USING btree ("hall_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "service_items_hall_name_uq" ON "service_items" USING btree ("hall_id","name");--> statement-breakpoint
CREATE INDEX "service_items_department_idx" ON "service_items" USING btree ("hall_id","department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "slots_session_start_uq" ON "slots" USING btree ("session_id","starts_at");--> statement-breakpoint
CREATE INDEX "slots_hall_start_idx" ON "slots" USING btree ("hall_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_users_username_uq" ON "staff_users" USING btree ("username");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_queue_day_seq_uq" ON "tickets" USING btree ("queue_id","service_date","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_booking_uq" ON "tickets" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "tickets_waiting_idx" ON "tickets" USING btree ("hall_id","service_date","status");--> statement-breakpoint
CREATE UNIQUE INDEX "village_visits_hall_date_village_uq" ON "village_visits" USING btree ("hall_id","date","village_id");--> statement-breakpoint
CREATE UNIQUE INDEX "villages_hall_code_uq" ON "villages" USING btree ("hall_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "villages_hall_name_uq" ON "villages" USING btree ("hall_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "weekend_roster_hall_date_uq" ON "weekend_roster" USING btree ("hall_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "windows_hall_number_uq" ON "windows" USING btree ("hall_id","number");