CREATE TABLE "billing_unpriced_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"source" text NOT NULL,
	"source_id" uuid NOT NULL,
	"encounter_id" uuid,
	"code" text,
	"description" text NOT NULL,
	"quantity" text NOT NULL,
	"service_date" date NOT NULL,
	"reason" text NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_unpriced_events_source_check" CHECK ("billing_unpriced_events"."source" in ('lab_test','dispense','procedure')),
	CONSTRAINT "billing_unpriced_events_reason_check" CHECK ("billing_unpriced_events"."reason" in ('no_price','not_whole_units')),
	CONSTRAINT "billing_unpriced_events_resolved_check" CHECK (("billing_unpriced_events"."resolved_at" is null) = ("billing_unpriced_events"."resolved_by" is null))
);
--> statement-breakpoint
ALTER TABLE "billing_charges" DROP CONSTRAINT "billing_charges_source_check";--> statement-breakpoint
ALTER TABLE "billing_charge_items" ADD COLUMN "loinc" text;--> statement-breakpoint
ALTER TABLE "billing_charge_items" ADD COLUMN "product_id" uuid;--> statement-breakpoint
ALTER TABLE "billing_charge_items" ADD COLUMN "procedure_code" text;--> statement-breakpoint
ALTER TABLE "billing_charges" ADD COLUMN "encounter_id" uuid;--> statement-breakpoint
ALTER TABLE "billing_invoices" ADD COLUMN "due_on" date;--> statement-breakpoint
ALTER TABLE "billing_unpriced_events" ADD CONSTRAINT "billing_unpriced_events_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_unpriced_events" ADD CONSTRAINT "billing_unpriced_events_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_unpriced_events_source_key" ON "billing_unpriced_events" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "billing_unpriced_events_open_idx" ON "billing_unpriced_events" USING btree ("created_at","id") WHERE "billing_unpriced_events"."resolved_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_charge_items_open_loinc_key" ON "billing_charge_items" USING btree ("loinc") WHERE "billing_charge_items"."effective_to" is null and "billing_charge_items"."loinc" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_charge_items_open_product_key" ON "billing_charge_items" USING btree ("product_id") WHERE "billing_charge_items"."effective_to" is null and "billing_charge_items"."product_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_charge_items_open_procedure_key" ON "billing_charge_items" USING btree ("procedure_code") WHERE "billing_charge_items"."effective_to" is null and "billing_charge_items"."procedure_code" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_charges_capture_key" ON "billing_charges" USING btree ("source","source_id") WHERE "billing_charges"."source" in ('lab_test','dispense','procedure');--> statement-breakpoint
CREATE INDEX "billing_charges_unbilled_visit_idx" ON "billing_charges" USING btree ("service_date","id") WHERE "billing_charges"."status" = 'unbilled' and "billing_charges"."source" = 'visit';--> statement-breakpoint
CREATE INDEX "billing_charges_encounter_idx" ON "billing_charges" USING btree ("encounter_id") WHERE "billing_charges"."encounter_id" is not null;--> statement-breakpoint
CREATE INDEX "billing_invoices_due_idx" ON "billing_invoices" USING btree ("due_on","id") WHERE "billing_invoices"."status" in ('issued','partly_paid');--> statement-breakpoint
ALTER TABLE "billing_charges" ADD CONSTRAINT "billing_charges_source_check" CHECK ("billing_charges"."source" in ('visit','manual','lab_test','dispense','procedure'));--> statement-breakpoint
-- Invoices issued before due dates existed: due BILLING_PAYMENT_TERMS_DAYS' default (30 days) after issue.
UPDATE "billing_invoices" SET "due_on" = ("issued_at"::date + 30) WHERE "issued_at" IS NOT NULL AND "due_on" IS NULL;
