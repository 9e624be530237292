ALTER TABLE "staff_users" DROP CONSTRAINT "staff_users_role_ck";--> statement-breakpoint
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_role_ck" CHECK (role in ('clerk', 'backoffice', 'manager', 'admin', 'district', 'kiosk', 'display', 'pad'));
