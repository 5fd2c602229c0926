ALTER TABLE "users" ALTER COLUMN "time_zone" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "time_zone" DROP NOT NULL;--> statement-breakpoint
-- Nobody could choose a zone before this migration: the old 'UTC' default was never a choice, so
-- those accounts now follow the hospital's zone (HOSPITAL_TIME_ZONE, docs/time.md).
UPDATE "users" SET "time_zone" = NULL WHERE "time_zone" = 'UTC';
