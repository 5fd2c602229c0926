ALTER TABLE "patients" ADD COLUMN "unidentified" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "approximate_age" integer;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "unidentified_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_unidentified_check" CHECK (not "patients"."unidentified" or ("patients"."unidentified_since" is not null and "patients"."approximate_age" is not null));--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_approximate_age_check" CHECK ("patients"."approximate_age" is null or "patients"."approximate_age" between 0 and 120);