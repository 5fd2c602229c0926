CREATE TABLE "prescription_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prescription_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"alert_key" text NOT NULL,
	"source" text NOT NULL,
	"source_edition" text NOT NULL,
	"drug" text NOT NULL,
	"other_drug" text,
	"other_prescription_id" uuid,
	"rule" text,
	"consequence" text,
	"requires_override" boolean NOT NULL,
	"override_reason" text,
	"overridden_by" uuid,
	"overridden_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "prescription_alerts_kind_check" CHECK ("prescription_alerts"."kind" in ('interaction','allergy_ingredient','allergy_class','allergy_uncoded','allergies_not_recorded','duplicate_therapy')),
	CONSTRAINT "prescription_alerts_severity_check" CHECK ("prescription_alerts"."severity" in ('critical','high_priority','significant','warning','review')),
	CONSTRAINT "prescription_alerts_override_check" CHECK ((not "prescription_alerts"."requires_override" and "prescription_alerts"."override_reason" is null) or ("prescription_alerts"."requires_override" and "prescription_alerts"."override_reason" is not null and "prescription_alerts"."overridden_by" is not null and "prescription_alerts"."overridden_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "prescriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"encounter_id" uuid,
	"prescriber_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"dose_value" numeric(14, 4) NOT NULL,
	"dose_unit" text NOT NULL,
	"route" text NOT NULL,
	"frequency" jsonb NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_days" smallint,
	"ends_at" timestamp with time zone,
	"quantity_value" numeric(14, 4),
	"quantity_unit" text,
	"refills" smallint DEFAULT 0 NOT NULL,
	"indication_diagnosis_id" uuid,
	"indication_condition_id" uuid,
	"instructions" text,
	"status" text NOT NULL,
	"replaces_id" uuid,
	"replaced_by_id" uuid,
	"signed_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"stopped_by" uuid,
	"stop_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "prescriptions_status_check" CHECK ("prescriptions"."status" in ('draft','signed','completed','stopped','entered_in_error')),
	CONSTRAINT "prescriptions_route_check" CHECK ("prescriptions"."route" in ('oral','sublingual','intravenous','intramuscular','subcutaneous','inhalation','topical','ophthalmic','transdermal','rectal')),
	CONSTRAINT "prescriptions_dose_check" CHECK ("prescriptions"."dose_value" > 0 and length("prescriptions"."dose_unit") between 1 and 40),
	CONSTRAINT "prescriptions_end_check" CHECK ("prescriptions"."ends_at" is null or "prescriptions"."ends_at" > "prescriptions"."starts_at"),
	CONSTRAINT "prescriptions_duration_check" CHECK ("prescriptions"."duration_days" is null or ("prescriptions"."duration_days" between 1 and 366 and "prescriptions"."ends_at" is null)),
	CONSTRAINT "prescriptions_quantity_check" CHECK (("prescriptions"."quantity_value" is null) = ("prescriptions"."quantity_unit" is null) and ("prescriptions"."quantity_value" is null or "prescriptions"."quantity_value" > 0)),
	CONSTRAINT "prescriptions_refills_check" CHECK ("prescriptions"."refills" between 0 and 12),
	CONSTRAINT "prescriptions_indication_check" CHECK (num_nonnulls("prescriptions"."indication_diagnosis_id", "prescriptions"."indication_condition_id") <= 1),
	CONSTRAINT "prescriptions_signed_check" CHECK ("prescriptions"."status" = 'entered_in_error' or ("prescriptions"."status" = 'draft') = ("prescriptions"."signed_at" is null)),
	CONSTRAINT "prescriptions_stopped_check" CHECK ("prescriptions"."status" <> 'stopped' or ("prescriptions"."stopped_at" is not null and ("prescriptions"."stop_reason" is not null or "prescriptions"."replaced_by_id" is not null)))
);
--> statement-breakpoint
ALTER TABLE "prescription_alerts" ADD CONSTRAINT "prescription_alerts_prescription_id_prescriptions_id_fk" FOREIGN KEY ("prescription_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_alerts" ADD CONSTRAINT "prescription_alerts_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_alerts" ADD CONSTRAINT "prescription_alerts_other_prescription_id_prescriptions_id_fk" FOREIGN KEY ("other_prescription_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_alerts" ADD CONSTRAINT "prescription_alerts_overridden_by_users_id_fk" FOREIGN KEY ("overridden_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_encounter_id_encounters_id_fk" FOREIGN KEY ("encounter_id") REFERENCES "public"."encounters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_prescriber_id_users_id_fk" FOREIGN KEY ("prescriber_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_product_id_medication_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."medication_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_indication_diagnosis_id_diagnoses_id_fk" FOREIGN KEY ("indication_diagnosis_id") REFERENCES "public"."diagnoses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_indication_condition_id_conditions_id_fk" FOREIGN KEY ("indication_condition_id") REFERENCES "public"."conditions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_replaces_id_prescriptions_id_fk" FOREIGN KEY ("replaces_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_replaced_by_id_prescriptions_id_fk" FOREIGN KEY ("replaced_by_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_stopped_by_users_id_fk" FOREIGN KEY ("stopped_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "prescription_alerts_prescription_idx" ON "prescription_alerts" USING btree ("prescription_id");--> statement-breakpoint
CREATE INDEX "prescription_alerts_patient_idx" ON "prescription_alerts" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "prescriptions_patient_idx" ON "prescriptions" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "prescriptions_patient_active_idx" ON "prescriptions" USING btree ("patient_id") WHERE "prescriptions"."status" = 'signed';--> statement-breakpoint
CREATE INDEX "prescriptions_encounter_idx" ON "prescriptions" USING btree ("encounter_id");--> statement-breakpoint
CREATE UNIQUE INDEX "prescriptions_replaces_key" ON "prescriptions" USING btree ("replaces_id") WHERE "prescriptions"."status" <> 'entered_in_error';