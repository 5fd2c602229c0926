CREATE TABLE "ed_arrivals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"incident_id" uuid,
	"chief_complaint" text NOT NULL,
	"arrived_at" timestamp with time zone NOT NULL,
	"registered_by" uuid NOT NULL,
	"level" integer,
	"triaged_at" timestamp with time zone,
	"seen_at" timestamp with time zone,
	"seen_by" uuid,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"outcome" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "ed_arrivals_mode_check" CHECK ("ed_arrivals"."mode" in ('walk_in','ambulance')),
	CONSTRAINT "ed_arrivals_incident_check" CHECK ("ed_arrivals"."incident_id" is null or "ed_arrivals"."mode" = 'ambulance'),
	CONSTRAINT "ed_arrivals_complaint_check" CHECK (char_length("ed_arrivals"."chief_complaint") between 1 and 500),
	CONSTRAINT "ed_arrivals_level_check" CHECK ("ed_arrivals"."level" is null or "ed_arrivals"."level" between 1 and 5),
	CONSTRAINT "ed_arrivals_outcome_check" CHECK ("ed_arrivals"."outcome" is null or "ed_arrivals"."outcome" in ('discharged','admitted')),
	CONSTRAINT "ed_arrivals_closed_check" CHECK (("ed_arrivals"."closed_at" is null) = ("ed_arrivals"."outcome" is null))
);
--> statement-breakpoint
CREATE TABLE "ed_triage_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"arrival_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"note" text,
	"assessed_by" uuid NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ed_triage_assessments_level_check" CHECK ("ed_triage_assessments"."level" between 1 and 5),
	CONSTRAINT "ed_triage_assessments_note_check" CHECK ("ed_triage_assessments"."note" is null or char_length("ed_triage_assessments"."note") <= 500)
);
--> statement-breakpoint
CREATE TABLE "ed_triage_levels" (
	"level" integer PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"target_minutes" integer NOT NULL,
	"updated_at" timestamp with time zone,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "ed_triage_levels_level_check" CHECK ("ed_triage_levels"."level" between 1 and 5),
	CONSTRAINT "ed_triage_levels_label_check" CHECK (char_length("ed_triage_levels"."label") between 1 and 80),
	CONSTRAINT "ed_triage_levels_target_check" CHECK ("ed_triage_levels"."target_minutes" between 0 and 1440)
);
--> statement-breakpoint
ALTER TABLE "ed_arrivals" ADD CONSTRAINT "ed_arrivals_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ed_arrivals" ADD CONSTRAINT "ed_arrivals_incident_id_emergency_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."emergency_incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ed_arrivals" ADD CONSTRAINT "ed_arrivals_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ed_arrivals" ADD CONSTRAINT "ed_arrivals_seen_by_users_id_fk" FOREIGN KEY ("seen_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ed_arrivals" ADD CONSTRAINT "ed_arrivals_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ed_triage_assessments" ADD CONSTRAINT "ed_triage_assessments_arrival_id_ed_arrivals_id_fk" FOREIGN KEY ("arrival_id") REFERENCES "public"."ed_arrivals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ed_triage_assessments" ADD CONSTRAINT "ed_triage_assessments_assessed_by_users_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ed_triage_levels" ADD CONSTRAINT "ed_triage_levels_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ed_arrivals_one_open_per_patient" ON "ed_arrivals" USING btree ("patient_id") WHERE "ed_arrivals"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "ed_arrivals_open_idx" ON "ed_arrivals" USING btree ("arrived_at","id") WHERE "ed_arrivals"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "ed_arrivals_patient_idx" ON "ed_arrivals" USING btree ("patient_id","arrived_at");--> statement-breakpoint
CREATE INDEX "ed_triage_assessments_arrival_idx" ON "ed_triage_assessments" USING btree ("arrival_id","assessed_at");