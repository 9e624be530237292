ALTER TABLE "waitlist_entries" DROP CONSTRAINT "waitlist_status_ck";--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD COLUMN "left_reason" text;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_status_ck" CHECK (status in ('waiting', 'booked', 'skipped', 'cancelled', 'expired'));