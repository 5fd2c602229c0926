CREATE TABLE "medication_adherence_monitors" (
	"prescription_id" uuid PRIMARY KEY NOT NULL,
	"patient_id" uuid NOT NULL,
	"threshold_percent" smallint DEFAULT 80 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"alert_open" boolean DEFAULT false NOT NULL,
	"last_alert_at" timestamp with time zone,
	"flagged_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "medication_adherence_monitors_threshold_check" CHECK ("medication_adherence_monitors"."threshold_percent" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "medication_doses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prescription_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"remind_at" timestamp with time zone,
	"reminders_sent" smallint DEFAULT 0 NOT NULL,
	"recorded_at" timestamp with time zone,
	"recorded_by" uuid,
	"administered_at" timestamp with time zone,
	"given_dose_value" numeric(14, 4),
	"given_dose_unit" text,
	"not_given_reason" text,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "medication_doses_status_check" CHECK ("medication_doses"."status" in ('pending','taken','skipped','given','not_given')),
	CONSTRAINT "medication_doses_recorded_check" CHECK (("medication_doses"."status" = 'pending') = ("medication_doses"."recorded_at" is null)),
	CONSTRAINT "medication_doses_given_check" CHECK ("medication_doses"."status" <> 'given' or ("medication_doses"."administered_at" is not null and "medication_doses"."given_dose_value" > 0 and "medication_doses"."given_dose_unit" is not null)),
	CONSTRAINT "medication_doses_not_given_check" CHECK (("medication_doses"."status" = 'not_given') = ("medication_doses"."not_given_reason" is not null) and ("medication_doses"."not_given_reason" is null or "medication_doses"."not_given_reason" in ('patient_refused','patient_absent','nil_by_mouth','held_clinical','unavailable','other')))
);
--> statement-breakpoint
ALTER TABLE "medication_adherence_monitors" ADD CONSTRAINT "medication_adherence_monitors_prescription_id_prescriptions_id_fk" FOREIGN KEY ("prescription_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_adherence_monitors" ADD CONSTRAINT "medication_adherence_monitors_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_adherence_monitors" ADD CONSTRAINT "medication_adherence_monitors_flagged_by_users_id_fk" FOREIGN KEY ("flagged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_doses" ADD CONSTRAINT "medication_doses_prescription_id_prescriptions_id_fk" FOREIGN KEY ("prescription_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_doses" ADD CONSTRAINT "medication_doses_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_doses" ADD CONSTRAINT "medication_doses_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "medication_adherence_monitors_active_idx" ON "medication_adherence_monitors" USING btree ("patient_id") WHERE "medication_adherence_monitors"."active";--> statement-breakpoint
CREATE UNIQUE INDEX "medication_doses_prescription_due_key" ON "medication_doses" USING btree ("prescription_id","due_at");--> statement-breakpoint
CREATE INDEX "medication_doses_patient_due_idx" ON "medication_doses" USING btree ("patient_id","due_at");--> statement-breakpoint
CREATE INDEX "medication_doses_remind_idx" ON "medication_doses" USING btree ("remind_at") WHERE "medication_doses"."remind_at" is not null;