CREATE TABLE "prescription_renewal_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prescription_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"prescriber_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"note" text,
	"status" text NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"denial_reason" text,
	"new_prescription_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "prescription_renewal_requests_status_check" CHECK ("prescription_renewal_requests"."status" in ('pending','approved','denied','cancelled')),
	CONSTRAINT "prescription_renewal_requests_note_check" CHECK ("prescription_renewal_requests"."note" is null or length("prescription_renewal_requests"."note") <= 1000),
	CONSTRAINT "prescription_renewal_requests_decision_check" CHECK (("prescription_renewal_requests"."status" in ('pending', 'cancelled')) = ("prescription_renewal_requests"."decided_by" is null) and ("prescription_renewal_requests"."status" = 'approved') = ("prescription_renewal_requests"."new_prescription_id" is not null) and ("prescription_renewal_requests"."status" = 'denied') = ("prescription_renewal_requests"."denial_reason" is not null) and ("prescription_renewal_requests"."status" = 'pending') = ("prescription_renewal_requests"."decided_at" is null))
);
--> statement-breakpoint
CREATE TABLE "prescription_verification_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prescription_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"issued_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "prescription_verification_codes_hash_check" CHECK ("prescription_verification_codes"."code_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "prescription_renewal_requests" ADD CONSTRAINT "prescription_renewal_requests_prescription_id_prescriptions_id_fk" FOREIGN KEY ("prescription_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_renewal_requests" ADD CONSTRAINT "prescription_renewal_requests_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_renewal_requests" ADD CONSTRAINT "prescription_renewal_requests_prescriber_id_users_id_fk" FOREIGN KEY ("prescriber_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_renewal_requests" ADD CONSTRAINT "prescription_renewal_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_renewal_requests" ADD CONSTRAINT "prescription_renewal_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_renewal_requests" ADD CONSTRAINT "prescription_renewal_requests_new_prescription_id_prescriptions_id_fk" FOREIGN KEY ("new_prescription_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_verification_codes" ADD CONSTRAINT "prescription_verification_codes_prescription_id_prescriptions_id_fk" FOREIGN KEY ("prescription_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_verification_codes" ADD CONSTRAINT "prescription_verification_codes_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "prescription_renewal_requests_pending_key" ON "prescription_renewal_requests" USING btree ("prescription_id") WHERE "prescription_renewal_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "prescription_renewal_requests_queue_idx" ON "prescription_renewal_requests" USING btree ("prescriber_id","status","created_at");--> statement-breakpoint
CREATE INDEX "prescription_renewal_requests_patient_idx" ON "prescription_renewal_requests" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "prescription_verification_codes_hash_key" ON "prescription_verification_codes" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "prescription_verification_codes_prescription_idx" ON "prescription_verification_codes" USING btree ("prescription_id");