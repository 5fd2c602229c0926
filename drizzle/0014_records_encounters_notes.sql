CREATE TABLE "encounter_summaries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"encounter_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"summary" text NOT NULL,
	"instructions" text DEFAULT '' NOT NULL,
	"shared_by" uuid NOT NULL,
	"shared_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "encounters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"clinician_id" uuid NOT NULL,
	"appointment_id" uuid,
	"type" text NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "encounters_type_check" CHECK ("encounters"."type" in ('outpatient','telemedicine','emergency','inpatient')),
	CONSTRAINT "encounters_status_check" CHECK ("encounters"."status" in ('planned','in_progress','finished','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "clinical_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"encounter_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"original_id" uuid,
	"supersedes_id" uuid,
	"revision" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"subjective" text DEFAULT '' NOT NULL,
	"objective" text DEFAULT '' NOT NULL,
	"assessment" text DEFAULT '' NOT NULL,
	"plan" text DEFAULT '' NOT NULL,
	"free_text" text DEFAULT '' NOT NULL,
	"amendment_reason" text,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clinical_notes_status_check" CHECK ("clinical_notes"."status" in ('draft','signed','amended')),
	CONSTRAINT "clinical_notes_signed_check" CHECK (("clinical_notes"."status" = 'draft') = ("clinical_notes"."signed_at" is null))
);
--> statement-breakpoint
ALTER TABLE "encounter_summaries" ADD CONSTRAINT "encounter_summaries_encounter_id_encounters_id_fk" FOREIGN KEY ("encounter_id") REFERENCES "public"."encounters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_summaries" ADD CONSTRAINT "encounter_summaries_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_summaries" ADD CONSTRAINT "encounter_summaries_shared_by_staff_profiles_id_fk" FOREIGN KEY ("shared_by") REFERENCES "public"."staff_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_clinician_id_staff_profiles_id_fk" FOREIGN KEY ("clinician_id") REFERENCES "public"."staff_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_notes" ADD CONSTRAINT "clinical_notes_encounter_id_encounters_id_fk" FOREIGN KEY ("encounter_id") REFERENCES "public"."encounters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_notes" ADD CONSTRAINT "clinical_notes_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_notes" ADD CONSTRAINT "clinical_notes_author_id_staff_profiles_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."staff_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_notes" ADD CONSTRAINT "clinical_notes_original_id_clinical_notes_id_fk" FOREIGN KEY ("original_id") REFERENCES "public"."clinical_notes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_notes" ADD CONSTRAINT "clinical_notes_supersedes_id_clinical_notes_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."clinical_notes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_notes" ADD CONSTRAINT "clinical_notes_signed_by_staff_profiles_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."staff_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "encounter_summaries_encounter_key" ON "encounter_summaries" USING btree ("encounter_id");--> statement-breakpoint
CREATE INDEX "encounter_summaries_patient_idx" ON "encounter_summaries" USING btree ("patient_id","shared_at");--> statement-breakpoint
CREATE UNIQUE INDEX "encounters_appointment_key" ON "encounters" USING btree ("appointment_id") WHERE "encounters"."appointment_id" is not null;--> statement-breakpoint
CREATE INDEX "encounters_patient_started_idx" ON "encounters" USING btree ("patient_id","created_at","id");--> statement-breakpoint
CREATE INDEX "clinical_notes_encounter_idx" ON "clinical_notes" USING btree ("encounter_id","created_at");--> statement-breakpoint
CREATE INDEX "clinical_notes_patient_idx" ON "clinical_notes" USING btree ("patient_id","created_at","id");--> statement-breakpoint
CREATE INDEX "clinical_notes_original_idx" ON "clinical_notes" USING btree ("original_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "clinical_notes_supersedes_key" ON "clinical_notes" USING btree ("supersedes_id") WHERE "clinical_notes"."supersedes_id" is not null;