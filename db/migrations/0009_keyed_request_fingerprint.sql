-- The request fingerprint was an unkeyed SHA-256 of service, slot, name, phone and ID number: beside
-- the name and the masked phone, 10^4 guesses recovered the phone. Fingerprints are now an HMAC,
-- kept only for requests that sent an Idempotency-Key; the old values are of no further use.
UPDATE "bookings" SET "request_hash" = NULL WHERE "request_hash" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_request_hash_needs_key_ck" CHECK ("bookings"."request_hash" is null or "bookings"."idempotency_key" is not null);
