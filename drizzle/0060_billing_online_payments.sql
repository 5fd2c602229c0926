CREATE TABLE "billing_online_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"provider_payment_id" text,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"payment_id" uuid,
	"idempotency_key" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_online_payments_amount_check" CHECK ("billing_online_payments"."amount_minor" > 0),
	CONSTRAINT "billing_online_payments_status_check" CHECK ("billing_online_payments"."status" in ('pending','requires_action','succeeded','failed','refund_due','refunded'))
);
--> statement-breakpoint
CREATE TABLE "billing_payment_webhook_events" (
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"provider_payment_id" text,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_payment_webhook_events_provider_event_id_pk" PRIMARY KEY("provider","event_id")
);
--> statement-breakpoint
CREATE TABLE "payment_test_gateway_events" (
	"id" text PRIMARY KEY NOT NULL,
	"intent_id" text NOT NULL,
	"type" text NOT NULL,
	"payload" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payment_test_gateway_intents" (
	"id" text PRIMARY KEY NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"return_path" text NOT NULL,
	"reference" text NOT NULL,
	"card_token" text,
	"card_last4" text,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"refund_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "billing_payments" DROP CONSTRAINT "billing_payments_method_check";--> statement-breakpoint
ALTER TABLE "billing_online_payments" ADD CONSTRAINT "billing_online_payments_invoice_id_billing_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."billing_invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_online_payments" ADD CONSTRAINT "billing_online_payments_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_online_payments" ADD CONSTRAINT "billing_online_payments_payment_id_billing_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."billing_payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_online_payments" ADD CONSTRAINT "billing_online_payments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_online_payments_invoice_idx" ON "billing_online_payments" USING btree ("invoice_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_online_payments_provider_key" ON "billing_online_payments" USING btree ("provider","provider_payment_id") WHERE "billing_online_payments"."provider_payment_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_online_payments_idempotency_key" ON "billing_online_payments" USING btree ("created_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "payment_test_gateway_events_intent_idx" ON "payment_test_gateway_events" USING btree ("intent_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_test_gateway_intents_idempotency_key" ON "payment_test_gateway_intents" USING btree ("idempotency_key");--> statement-breakpoint
ALTER TABLE "billing_payments" ADD CONSTRAINT "billing_payments_method_check" CHECK ("billing_payments"."method" in ('cash','card_terminal','bank_transfer','online'));