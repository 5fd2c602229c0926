CREATE TABLE "pharmacy_queries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prescription_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"message" text NOT NULL,
	"asked_by" uuid NOT NULL,
	"asked_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pharmacy_queries_message_check" CHECK (length("pharmacy_queries"."message") between 3 and 2000),
	CONSTRAINT "pharmacy_queries_answer_check" CHECK (num_nulls("pharmacy_queries"."answer", "pharmacy_queries"."answered_by", "pharmacy_queries"."answered_at") in (0, 3) and ("pharmacy_queries"."answer" is null or length("pharmacy_queries"."answer") between 1 and 2000))
);
--> statement-breakpoint
CREATE TABLE "prescription_dispenses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prescription_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"quantity_value" numeric(14, 4) NOT NULL,
	"quantity_unit" text NOT NULL,
	"lot_number" text NOT NULL,
	"expires_on" date NOT NULL,
	"dispensed_on" date NOT NULL,
	"dispensed_by" uuid NOT NULL,
	"dispensed_at" timestamp with time zone NOT NULL,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "prescription_dispenses_quantity_check" CHECK ("prescription_dispenses"."quantity_value" > 0 and length("prescription_dispenses"."quantity_unit") between 1 and 40),
	CONSTRAINT "prescription_dispenses_lot_check" CHECK (length("prescription_dispenses"."lot_number") between 1 and 40),
	CONSTRAINT "prescription_dispenses_expiry_check" CHECK ("prescription_dispenses"."expires_on" >= "prescription_dispenses"."dispensed_on"),
	CONSTRAINT "prescription_dispenses_key_check" CHECK (length("prescription_dispenses"."idempotency_key") between 8 and 300)
);
--> statement-breakpoint
CREATE TABLE "prescription_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prescription_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "prescription_verifications_decision_check" CHECK ("prescription_verifications"."decision" in ('verified', 'rejected')),
	CONSTRAINT "prescription_verifications_reason_check" CHECK (("prescription_verifications"."decision" = 'rejected') = ("prescription_verifications"."reason" is not null) and ("prescription_verifications"."reason" is null or length("prescription_verifications"."reason") between 3 and 2000))
);
--> statement-breakpoint
ALTER TABLE "pharmacy_queries" ADD CONSTRAINT "pharmacy_queries_prescription_id_prescriptions_id_fk" FOREIGN KEY ("prescription_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pharmacy_queries" ADD CONSTRAINT "pharmacy_queries_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pharmacy_queries" ADD CONSTRAINT "pharmacy_queries_asked_by_users_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pharmacy_queries" ADD CONSTRAINT "pharmacy_queries_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_dispenses" ADD CONSTRAINT "prescription_dispenses_prescription_id_prescriptions_id_fk" FOREIGN KEY ("prescription_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_dispenses" ADD CONSTRAINT "prescription_dispenses_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_dispenses" ADD CONSTRAINT "prescription_dispenses_dispensed_by_users_id_fk" FOREIGN KEY ("dispensed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_verifications" ADD CONSTRAINT "prescription_verifications_prescription_id_prescriptions_id_fk" FOREIGN KEY ("prescription_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_verifications" ADD CONSTRAINT "prescription_verifications_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_verifications" ADD CONSTRAINT "prescription_verifications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pharmacy_queries_prescription_idx" ON "pharmacy_queries" USING btree ("prescription_id","asked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pharmacy_queries_open_key" ON "pharmacy_queries" USING btree ("prescription_id") WHERE "pharmacy_queries"."answered_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "prescription_dispenses_idempotency_key" ON "prescription_dispenses" USING btree ("prescription_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "prescription_dispenses_prescription_idx" ON "prescription_dispenses" USING btree ("prescription_id","dispensed_at");--> statement-breakpoint
CREATE INDEX "prescription_dispenses_recent_idx" ON "prescription_dispenses" USING btree ("dispensed_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "prescription_verifications_prescription_key" ON "prescription_verifications" USING btree ("prescription_id");--> statement-breakpoint
CREATE INDEX "prescription_verifications_verified_idx" ON "prescription_verifications" USING btree ("decided_at","prescription_id") WHERE "prescription_verifications"."decision" = 'verified';--> statement-breakpoint
CREATE INDEX "prescriptions_signed_queue_idx" ON "prescriptions" USING btree ("signed_at","id") WHERE "prescriptions"."status" = 'signed';