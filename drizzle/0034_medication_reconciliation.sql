CREATE TABLE "outside_medications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"encounter_id" uuid,
	"product_id" uuid,
	"name" text,
	"ingredient_rxcui" text,
	"dose_value" numeric(14, 4),
	"dose_unit" text,
	"frequency_text" text,
	"source" text NOT NULL,
	"started_on" date,
	"status" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"stopped_at" timestamp with time zone,
	"stopped_by" uuid,
	"stop_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outside_medications_status_check" CHECK ("outside_medications"."status" in ('active','stopped')),
	CONSTRAINT "outside_medications_source_check" CHECK ("outside_medications"."source" in ('patient_report','family_report','outside_prescription','pharmacy_record','other')),
	CONSTRAINT "outside_medications_what_check" CHECK (("outside_medications"."product_id" is not null and "outside_medications"."name" is null and "outside_medications"."ingredient_rxcui" is null) or ("outside_medications"."product_id" is null and length("outside_medications"."name") between 1 and 200 and "outside_medications"."ingredient_rxcui" is not null)),
	CONSTRAINT "outside_medications_dose_check" CHECK (("outside_medications"."dose_value" is null) = ("outside_medications"."dose_unit" is null) and ("outside_medications"."dose_value" is null or "outside_medications"."dose_value" > 0)),
	CONSTRAINT "outside_medications_stopped_check" CHECK (("outside_medications"."status" = 'stopped') = ("outside_medications"."stopped_at" is not null) and ("outside_medications"."status" <> 'stopped' or ("outside_medications"."stop_reason" is not null and "outside_medications"."stopped_by" is not null)))
);
--> statement-breakpoint
CREATE TABLE "medication_reconciliation_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reconciliation_id" uuid NOT NULL,
	"prescription_id" uuid,
	"outside_medication_id" uuid,
	"medicine_name" text NOT NULL,
	"decision" text NOT NULL,
	"stop_reason" text,
	CONSTRAINT "medication_reconciliation_items_decision_check" CHECK ("medication_reconciliation_items"."decision" in ('continue','stop','change')),
	CONSTRAINT "medication_reconciliation_items_target_check" CHECK (num_nonnulls("medication_reconciliation_items"."prescription_id", "medication_reconciliation_items"."outside_medication_id") = 1),
	CONSTRAINT "medication_reconciliation_items_reason_check" CHECK (("medication_reconciliation_items"."decision" = 'stop') = ("medication_reconciliation_items"."stop_reason" is not null)),
	CONSTRAINT "medication_reconciliation_items_change_check" CHECK ("medication_reconciliation_items"."decision" <> 'change' or "medication_reconciliation_items"."prescription_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "medication_reconciliations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"encounter_id" uuid NOT NULL,
	"performed_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "prescription_alerts" DROP CONSTRAINT "prescription_alerts_override_check";--> statement-breakpoint
ALTER TABLE "prescription_alerts" ADD COLUMN "other_outside_medication_id" uuid;--> statement-breakpoint
ALTER TABLE "prescription_alerts" ADD COLUMN "collapse_key" text;--> statement-breakpoint
ALTER TABLE "prescription_alerts" ADD COLUMN "collapsed_from_id" uuid;--> statement-breakpoint
ALTER TABLE "outside_medications" ADD CONSTRAINT "outside_medications_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outside_medications" ADD CONSTRAINT "outside_medications_encounter_id_encounters_id_fk" FOREIGN KEY ("encounter_id") REFERENCES "public"."encounters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outside_medications" ADD CONSTRAINT "outside_medications_product_id_medication_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."medication_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outside_medications" ADD CONSTRAINT "outside_medications_ingredient_rxcui_medication_ingredients_rxcui_fk" FOREIGN KEY ("ingredient_rxcui") REFERENCES "public"."medication_ingredients"("rxcui") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outside_medications" ADD CONSTRAINT "outside_medications_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outside_medications" ADD CONSTRAINT "outside_medications_stopped_by_users_id_fk" FOREIGN KEY ("stopped_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_reconciliation_items" ADD CONSTRAINT "medication_reconciliation_items_reconciliation_id_medication_reconciliations_id_fk" FOREIGN KEY ("reconciliation_id") REFERENCES "public"."medication_reconciliations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_reconciliation_items" ADD CONSTRAINT "medication_reconciliation_items_prescription_id_prescriptions_id_fk" FOREIGN KEY ("prescription_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_reconciliation_items" ADD CONSTRAINT "medication_reconciliation_items_outside_medication_id_outside_medications_id_fk" FOREIGN KEY ("outside_medication_id") REFERENCES "public"."outside_medications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_reconciliations" ADD CONSTRAINT "medication_reconciliations_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_reconciliations" ADD CONSTRAINT "medication_reconciliations_encounter_id_encounters_id_fk" FOREIGN KEY ("encounter_id") REFERENCES "public"."encounters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_reconciliations" ADD CONSTRAINT "medication_reconciliations_performed_by_users_id_fk" FOREIGN KEY ("performed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outside_medications_patient_idx" ON "outside_medications" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "outside_medications_patient_active_idx" ON "outside_medications" USING btree ("patient_id") WHERE "outside_medications"."status" = 'active';--> statement-breakpoint
CREATE INDEX "medication_reconciliation_items_reconciliation_idx" ON "medication_reconciliation_items" USING btree ("reconciliation_id");--> statement-breakpoint
CREATE INDEX "medication_reconciliations_encounter_idx" ON "medication_reconciliations" USING btree ("encounter_id","created_at");--> statement-breakpoint
CREATE INDEX "medication_reconciliations_patient_idx" ON "medication_reconciliations" USING btree ("patient_id","created_at");--> statement-breakpoint
ALTER TABLE "prescription_alerts" ADD CONSTRAINT "prescription_alerts_other_outside_medication_id_outside_medications_id_fk" FOREIGN KEY ("other_outside_medication_id") REFERENCES "public"."outside_medications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_alerts" ADD CONSTRAINT "prescription_alerts_collapsed_from_id_prescription_alerts_id_fk" FOREIGN KEY ("collapsed_from_id") REFERENCES "public"."prescription_alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "prescription_alerts_override_history_idx" ON "prescription_alerts" USING btree ("patient_id","overridden_by","collapse_key") WHERE "prescription_alerts"."override_reason" is not null;--> statement-breakpoint
ALTER TABLE "prescription_alerts" ADD CONSTRAINT "prescription_alerts_other_check" CHECK (num_nonnulls("prescription_alerts"."other_prescription_id", "prescription_alerts"."other_outside_medication_id") <= 1);--> statement-breakpoint
ALTER TABLE "prescription_alerts" ADD CONSTRAINT "prescription_alerts_override_check" CHECK ((not "prescription_alerts"."requires_override" and "prescription_alerts"."override_reason" is null and "prescription_alerts"."collapsed_from_id" is null) or ("prescription_alerts"."requires_override" and "prescription_alerts"."override_reason" is not null and "prescription_alerts"."overridden_by" is not null and "prescription_alerts"."overridden_at" is not null and "prescription_alerts"."collapsed_from_id" is null) or ("prescription_alerts"."requires_override" and "prescription_alerts"."override_reason" is null and "prescription_alerts"."overridden_by" is null and "prescription_alerts"."collapsed_from_id" is not null));