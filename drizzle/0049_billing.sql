CREATE TABLE "billing_charge_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"visit_type_id" uuid,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_charge_items_price_check" CHECK ("billing_charge_items"."unit_price_minor" between 0 and 1000000000),
	CONSTRAINT "billing_charge_items_tax_check" CHECK ("billing_charge_items"."tax_rate_bp" between 0 and 10000),
	CONSTRAINT "billing_charge_items_currency_check" CHECK ("billing_charge_items"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "billing_charge_items_period_check" CHECK ("billing_charge_items"."effective_to" is null or "billing_charge_items"."effective_to" >= "billing_charge_items"."effective_from"),
	CONSTRAINT "billing_charge_items_code_check" CHECK ("billing_charge_items"."code" ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$')
);
--> statement-breakpoint
CREATE TABLE "billing_charges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"charge_item_id" uuid NOT NULL,
	"code" text NOT NULL,
	"description" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"tax_rate_bp" integer NOT NULL,
	"service_date" date NOT NULL,
	"source" text NOT NULL,
	"source_id" uuid,
	"status" text DEFAULT 'unbilled' NOT NULL,
	"invoice_id" uuid,
	"cancel_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_charges_status_check" CHECK ("billing_charges"."status" in ('unbilled','invoiced','cancelled')),
	CONSTRAINT "billing_charges_source_check" CHECK ("billing_charges"."source" in ('visit','manual')),
	CONSTRAINT "billing_charges_quantity_check" CHECK ("billing_charges"."quantity" between 1 and 1000),
	CONSTRAINT "billing_charges_price_check" CHECK ("billing_charges"."unit_price_minor" between 0 and 1000000000),
	CONSTRAINT "billing_charges_invoiced_check" CHECK (("billing_charges"."status" = 'invoiced') = ("billing_charges"."invoice_id" is not null)),
	CONSTRAINT "billing_charges_cancelled_check" CHECK (("billing_charges"."status" = 'cancelled') = ("billing_charges"."cancel_reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "billing_invoice_counters" (
	"year" integer NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "billing_invoice_counters_year_pk" PRIMARY KEY("year"),
	CONSTRAINT "billing_invoice_counters_check" CHECK ("billing_invoice_counters"."last_number" >= 0)
);
--> statement-breakpoint
CREATE TABLE "billing_invoice_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"charge_id" uuid NOT NULL,
	"code" text NOT NULL,
	"description" text NOT NULL,
	"service_date" date NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"tax_rate_bp" integer NOT NULL,
	"net_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"insurer_share_minor" bigint NOT NULL,
	"patient_share_minor" bigint NOT NULL,
	CONSTRAINT "billing_invoice_lines_net_check" CHECK ("billing_invoice_lines"."net_minor" = "billing_invoice_lines"."quantity" * "billing_invoice_lines"."unit_price_minor"),
	CONSTRAINT "billing_invoice_lines_tax_check" CHECK ("billing_invoice_lines"."tax_minor" = ("billing_invoice_lines"."net_minor" * "billing_invoice_lines"."tax_rate_bp" + 5000) / 10000),
	CONSTRAINT "billing_invoice_lines_total_check" CHECK ("billing_invoice_lines"."total_minor" = "billing_invoice_lines"."net_minor" + "billing_invoice_lines"."tax_minor"),
	CONSTRAINT "billing_invoice_lines_shares_check" CHECK ("billing_invoice_lines"."insurer_share_minor" >= 0 and "billing_invoice_lines"."patient_share_minor" >= 0 and "billing_invoice_lines"."total_minor" = "billing_invoice_lines"."insurer_share_minor" + "billing_invoice_lines"."patient_share_minor")
);
--> statement-breakpoint
CREATE TABLE "billing_invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"number" text,
	"currency" text NOT NULL,
	"net_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"insurer_share_minor" bigint NOT NULL,
	"patient_share_minor" bigint NOT NULL,
	"paid_minor" bigint DEFAULT 0 NOT NULL,
	"issued_at" timestamp with time zone,
	"issued_by" uuid,
	"voided_at" timestamp with time zone,
	"voided_by" uuid,
	"void_reason" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_invoices_status_check" CHECK ("billing_invoices"."status" in ('draft','issued','partly_paid','paid','void')),
	CONSTRAINT "billing_invoices_total_check" CHECK ("billing_invoices"."total_minor" = "billing_invoices"."net_minor" + "billing_invoices"."tax_minor"),
	CONSTRAINT "billing_invoices_shares_check" CHECK ("billing_invoices"."total_minor" = "billing_invoices"."insurer_share_minor" + "billing_invoices"."patient_share_minor"),
	CONSTRAINT "billing_invoices_nonnegative_check" CHECK ("billing_invoices"."net_minor" >= 0 and "billing_invoices"."tax_minor" >= 0 and "billing_invoices"."insurer_share_minor" >= 0 and "billing_invoices"."patient_share_minor" >= 0),
	CONSTRAINT "billing_invoices_paid_check" CHECK ("billing_invoices"."paid_minor" between 0 and "billing_invoices"."total_minor"),
	CONSTRAINT "billing_invoices_number_check" CHECK (("billing_invoices"."status" = 'draft') = ("billing_invoices"."number" is null)),
	CONSTRAINT "billing_invoices_issued_check" CHECK (("billing_invoices"."status" = 'draft') = ("billing_invoices"."issued_at" is null)),
	CONSTRAINT "billing_invoices_void_check" CHECK (("billing_invoices"."status" = 'void') = ("billing_invoices"."voided_at" is not null and "billing_invoices"."void_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "billing_charge_items" ADD CONSTRAINT "billing_charge_items_visit_type_id_visit_types_id_fk" FOREIGN KEY ("visit_type_id") REFERENCES "public"."visit_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_charge_items" ADD CONSTRAINT "billing_charge_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_charges" ADD CONSTRAINT "billing_charges_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_charges" ADD CONSTRAINT "billing_charges_charge_item_id_billing_charge_items_id_fk" FOREIGN KEY ("charge_item_id") REFERENCES "public"."billing_charge_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_charges" ADD CONSTRAINT "billing_charges_invoice_id_billing_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."billing_invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_charges" ADD CONSTRAINT "billing_charges_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_invoice_lines" ADD CONSTRAINT "billing_invoice_lines_invoice_id_billing_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."billing_invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_invoice_lines" ADD CONSTRAINT "billing_invoice_lines_charge_id_billing_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."billing_charges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_invoices" ADD CONSTRAINT "billing_invoices_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_invoices" ADD CONSTRAINT "billing_invoices_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_invoices" ADD CONSTRAINT "billing_invoices_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_invoices" ADD CONSTRAINT "billing_invoices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_charge_items_code_from_key" ON "billing_charge_items" USING btree ("code","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_charge_items_open_code_key" ON "billing_charge_items" USING btree ("code") WHERE "billing_charge_items"."effective_to" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_charge_items_open_visit_type_key" ON "billing_charge_items" USING btree ("visit_type_id") WHERE "billing_charge_items"."effective_to" is null and "billing_charge_items"."visit_type_id" is not null;--> statement-breakpoint
CREATE INDEX "billing_charge_items_visit_type_idx" ON "billing_charge_items" USING btree ("visit_type_id","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_charges_source_key" ON "billing_charges" USING btree ("source","source_id","charge_item_id") WHERE "billing_charges"."source_id" is not null;--> statement-breakpoint
CREATE INDEX "billing_charges_patient_idx" ON "billing_charges" USING btree ("patient_id","status","service_date");--> statement-breakpoint
CREATE INDEX "billing_charges_unbilled_idx" ON "billing_charges" USING btree ("service_date") WHERE "billing_charges"."status" = 'unbilled';--> statement-breakpoint
CREATE UNIQUE INDEX "billing_invoice_lines_position_key" ON "billing_invoice_lines" USING btree ("invoice_id","position");--> statement-breakpoint
CREATE INDEX "billing_invoice_lines_charge_idx" ON "billing_invoice_lines" USING btree ("charge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_invoices_number_key" ON "billing_invoices" USING btree ("number");--> statement-breakpoint
CREATE INDEX "billing_invoices_patient_idx" ON "billing_invoices" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "billing_invoices_status_idx" ON "billing_invoices" USING btree ("status","created_at");