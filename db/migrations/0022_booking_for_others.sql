-- Booking for someone else (代办, issue #13): the booker's name beside the applicant's, and who a
-- booking or waitlist entry is for, as a generated column, so that existing rows get it too: the
-- ID number's keyed hash when given, else the phone's keyed hash and the name. The quotas count
-- per applicant (lib/booking/booking-checks.ts); a family's phone may wait in one slot's line for
-- each of its people.
ALTER TABLE "bookings" ADD COLUMN "agent_name" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "applicant_key" text NOT NULL GENERATED ALWAYS AS (coalesce('id:' || id_number_hash, 'pn:' || phone_hash || ':' || applicant_name)) STORED;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD COLUMN "agent_name" text;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD COLUMN "applicant_key" text NOT NULL GENERATED ALWAYS AS (coalesce('id:' || id_number_hash, 'pn:' || phone_hash || ':' || applicant_name)) STORED;--> statement-breakpoint
CREATE INDEX "bookings_applicant_idx" ON "bookings" USING btree ("applicant_key","status");--> statement-breakpoint
DROP INDEX "waitlist_one_per_phone_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "waitlist_one_per_applicant_uq" ON "waitlist_entries" USING btree ("slot_id","applicant_key") WHERE "waitlist_entries"."status" = 'waiting';--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_agent_needs_id_ck" CHECK ("bookings"."agent_name" is null or "bookings"."id_number_hash" is not null);--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_agent_needs_id_ck" CHECK ("waitlist_entries"."agent_name" is null or "waitlist_entries"."id_number_hash" is not null);
