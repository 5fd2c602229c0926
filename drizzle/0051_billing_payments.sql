CREATE TABLE "billing_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"method" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"reference" text,
	"refund_of" uuid,
	"reason" text,
	"received_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_payments_amount_check" CHECK ("billing_payments"."amount_minor" > 0),
	CONSTRAINT "billing_payments_kind_check" CHECK ("billing_payments"."kind" in ('payment','refund')),
	CONSTRAINT "billing_payments_method_check" CHECK ("billing_payments"."method" in ('cash','card_terminal','bank_transfer')),
	CONSTRAINT "billing_payments_refund_check" CHECK (("billing_payments"."kind" = 'refund') = ("billing_payments"."refund_of" is not null and "billing_payments"."reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "billing_payments" ADD CONSTRAINT "billing_payments_invoice_id_billing_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."billing_invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_payments" ADD CONSTRAINT "billing_payments_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_payments" ADD CONSTRAINT "billing_payments_refund_of_billing_payments_id_fk" FOREIGN KEY ("refund_of") REFERENCES "public"."billing_payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_payments" ADD CONSTRAINT "billing_payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_payments_invoice_idx" ON "billing_payments" USING btree ("invoice_id","received_at");--> statement-breakpoint
CREATE INDEX "billing_payments_received_idx" ON "billing_payments" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "billing_payments_refund_of_idx" ON "billing_payments" USING btree ("refund_of") WHERE "billing_payments"."refund_of" is not null;