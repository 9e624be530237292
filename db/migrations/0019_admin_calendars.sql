-- Admin console, windows and calendars (issue #12): the TV's scrolling notice per hall, a window
-- closed for the day, slots withdrawn when the hours shrink, weekend posts and village visits that
-- an admin cancelled (kept, with their bookings, never deleted), the staff of a post or visit, and a
-- village's contact.
ALTER TABLE "halls" ADD COLUMN "display_notice" text;--> statement-breakpoint
ALTER TABLE "windows" ADD COLUMN "closed_on" date;--> statement-breakpoint
ALTER TABLE "slots" ADD COLUMN "is_withdrawn" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "weekend_roster" ADD COLUMN "is_cancelled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "weekend_post_rules" ADD COLUMN "staff_user_id" integer;--> statement-breakpoint
ALTER TABLE "village_visits" ADD COLUMN "is_cancelled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "village_visits" ADD COLUMN "staff_user_id" integer;--> statement-breakpoint
ALTER TABLE "village_day_rules" ADD COLUMN "staff_user_id" integer;--> statement-breakpoint
ALTER TABLE "villages" ADD COLUMN "contact_name" text;--> statement-breakpoint
ALTER TABLE "villages" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "weekend_post_rules" ADD CONSTRAINT "weekend_post_rules_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_visits" ADD CONSTRAINT "village_visits_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_day_rules" ADD CONSTRAINT "village_day_rules_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "halls" ADD CONSTRAINT "halls_display_notice_ck" CHECK (char_length("halls"."display_notice") <= 200);
