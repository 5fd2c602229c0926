CREATE TABLE "insurance_card_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"side" text NOT NULL,
	"file_id" uuid NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "insurance_card_images_side_check" CHECK ("insurance_card_images"."side" in ('front','back'))
);
--> statement-breakpoint
CREATE TABLE "insurance_claim_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"claim_id" uuid NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"paid_minor" bigint,
	"reason_code" text,
	"note" text,
	"actor_user_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "insurance_claim_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "insurance_claim_events_status_check" CHECK ("insurance_claim_events"."status" in ('draft','submitted','acknowledged','adjudicated','appealed','closed'))
);
--> statement-breakpoint
CREATE TABLE "insurance_claim_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"claim_id" uuid NOT NULL,
	"invoice_line_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"claimed_minor" bigint NOT NULL,
	"paid_minor" bigint,
	CONSTRAINT "insurance_claim_lines_amounts_check" CHECK ("insurance_claim_lines"."claimed_minor" > 0 and ("insurance_claim_lines"."paid_minor" is null or "insurance_claim_lines"."paid_minor" between 0 and "insurance_claim_lines"."claimed_minor"))
);
--> statement-breakpoint
CREATE TABLE "insurance_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"payer" text NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"currency" text NOT NULL,
	"claimed_minor" bigint NOT NULL,
	"paid_minor" bigint,
	"reason_code" text,
	"payer_reference" text,
	"appeal_reason" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "insurance_claims_status_check" CHECK ("insurance_claims"."status" in ('draft','submitted','acknowledged','adjudicated','appealed','closed')),
	CONSTRAINT "insurance_claims_outcome_check" CHECK ("insurance_claims"."outcome" is null or "insurance_claims"."outcome" in ('paid','partly_paid','denied')),
	CONSTRAINT "insurance_claims_amounts_check" CHECK ("insurance_claims"."claimed_minor" > 0 and ("insurance_claims"."paid_minor" is null or "insurance_claims"."paid_minor" between 0 and "insurance_claims"."claimed_minor")),
	CONSTRAINT "insurance_claims_adjudicated_check" CHECK (("insurance_claims"."outcome" is null) = ("insurance_claims"."paid_minor" is null)),
	CONSTRAINT "insurance_claims_submitted_check" CHECK ("insurance_claims"."status" = 'draft' or "insurance_claims"."payer_reference" is not null)
);
--> statement-breakpoint
CREATE TABLE "insurance_eligibility_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"payer" text NOT NULL,
	"service_date" date NOT NULL,
	"result" text NOT NULL,
	"coverage_bp" integer,
	"reason_code" text,
	"checked_by" uuid NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "insurance_eligibility_checks_result_check" CHECK ("insurance_eligibility_checks"."result" in ('eligible','not_eligible','unknown')),
	CONSTRAINT "insurance_eligibility_checks_coverage_check" CHECK (("insurance_eligibility_checks"."result" = 'eligible') = ("insurance_eligibility_checks"."coverage_bp" is not null) and ("insurance_eligibility_checks"."coverage_bp" is null or "insurance_eligibility_checks"."coverage_bp" between 0 and 10000))
);
--> statement-breakpoint
ALTER TABLE "insurance_card_images" ADD CONSTRAINT "insurance_card_images_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_card_images" ADD CONSTRAINT "insurance_card_images_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_card_images" ADD CONSTRAINT "insurance_card_images_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_claim_events" ADD CONSTRAINT "insurance_claim_events_claim_id_insurance_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."insurance_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_claim_events" ADD CONSTRAINT "insurance_claim_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_claim_lines" ADD CONSTRAINT "insurance_claim_lines_claim_id_insurance_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."insurance_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_claim_lines" ADD CONSTRAINT "insurance_claim_lines_invoice_line_id_billing_invoice_lines_id_fk" FOREIGN KEY ("invoice_line_id") REFERENCES "public"."billing_invoice_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_claims" ADD CONSTRAINT "insurance_claims_invoice_id_billing_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."billing_invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_claims" ADD CONSTRAINT "insurance_claims_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_claims" ADD CONSTRAINT "insurance_claims_policy_id_insurance_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."insurance_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_claims" ADD CONSTRAINT "insurance_claims_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_eligibility_checks" ADD CONSTRAINT "insurance_eligibility_checks_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_eligibility_checks" ADD CONSTRAINT "insurance_eligibility_checks_policy_id_insurance_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."insurance_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_eligibility_checks" ADD CONSTRAINT "insurance_eligibility_checks_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insurance_card_images_patient_idx" ON "insurance_card_images" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "insurance_claim_events_claim_idx" ON "insurance_claim_events" USING btree ("claim_id","occurred_at","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "insurance_claim_lines_position_key" ON "insurance_claim_lines" USING btree ("claim_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "insurance_claim_lines_invoice_line_key" ON "insurance_claim_lines" USING btree ("invoice_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "insurance_claims_invoice_key" ON "insurance_claims" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "insurance_claims_patient_idx" ON "insurance_claims" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "insurance_claims_status_idx" ON "insurance_claims" USING btree ("status","outcome","updated_at");--> statement-breakpoint
CREATE INDEX "insurance_eligibility_checks_patient_idx" ON "insurance_eligibility_checks" USING btree ("patient_id","checked_at");