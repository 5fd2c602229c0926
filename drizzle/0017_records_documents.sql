CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"source" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"modality" text,
	"study_date" date,
	"study_description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"entered_in_error_at" timestamp with time zone,
	"entered_in_error_by" uuid,
	CONSTRAINT "documents_category_check" CHECK ("documents"."category" in ('lab_report','imaging','referral','discharge_summary','other')),
	CONSTRAINT "documents_status_check" CHECK ("documents"."status" in ('active','entered-in-error')),
	CONSTRAINT "documents_source_check" CHECK ("documents"."source" in ('patient','staff')),
	CONSTRAINT "documents_title_check" CHECK (char_length("documents"."title") between 1 and 200)
);
--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_entered_in_error_by_users_id_fk" FOREIGN KEY ("entered_in_error_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_patient_idx" ON "documents" USING btree ("patient_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_file_key" ON "documents" USING btree ("file_id");