-- One row per sign-in, so that an admin sees who is signed in and can end one session (a lost
-- kiosk) or all of an account's. The session token carries the row's id; getActor refuses a
-- token whose row is ended or expired.
CREATE TABLE "staff_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hall_id" integer NOT NULL REFERENCES "halls"("id"),
	"staff_id" integer NOT NULL REFERENCES "staff_users"("id"),
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"address" text,
	"user_agent" text,
	"ended_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
CREATE INDEX "staff_sessions_open_idx" ON "staff_sessions" ("hall_id", "staff_id") WHERE "ended_at" IS NULL;
--> statement-breakpoint
-- Where a device stands (大厅入口, 3号窗口旁): how an admin tells two kiosks apart.
ALTER TABLE "staff_users" ADD COLUMN "location" text;
--> statement-breakpoint
-- The client's address of the request that wrote the line (sign-ins, admin and case actions).
ALTER TABLE "audit_log" ADD COLUMN "client_address" text;
--> statement-breakpoint
CREATE INDEX "audit_log_hall_actor_at_idx" ON "audit_log" ("hall_id", "actor_name", "at");
--> statement-breakpoint
-- 0001 rejects UPDATE and DELETE row by row; TRUNCATE fires no row trigger, so refuse it as well.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change();
