CREATE TABLE "billing_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_adjustments_amount_check" CHECK ("billing_adjustments"."amount_minor" > 0),
	CONSTRAINT "billing_adjustments_kind_check" CHECK ("billing_adjustments"."kind" in ('write_off','goodwill','correction')),
	CONSTRAINT "billing_adjustments_reason_check" CHECK (length("billing_adjustments"."reason") > 0)
);
--> statement-breakpoint
CREATE TABLE "billing_credit_note_counters" (
	"year" integer NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "billing_credit_note_counters_year_pk" PRIMARY KEY("year"),
	CONSTRAINT "billing_credit_note_counters_check" CHECK ("billing_credit_note_counters"."last_number" >= 0)
);
--> statement-breakpoint
CREATE TABLE "billing_credit_note_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credit_note_id" uuid NOT NULL,
	"invoice_line_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"net_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"insurer_share_minor" bigint NOT NULL,
	"patient_share_minor" bigint NOT NULL,
	CONSTRAINT "billing_credit_note_lines_total_check" CHECK ("billing_credit_note_lines"."total_minor" = "billing_credit_note_lines"."net_minor" + "billing_credit_note_lines"."tax_minor" and "billing_credit_note_lines"."total_minor" > 0),
	CONSTRAINT "billing_credit_note_lines_shares_check" CHECK ("billing_credit_note_lines"."net_minor" >= 0 and "billing_credit_note_lines"."tax_minor" >= 0 and "billing_credit_note_lines"."insurer_share_minor" >= 0 and "billing_credit_note_lines"."patient_share_minor" >= 0 and "billing_credit_note_lines"."total_minor" = "billing_credit_note_lines"."insurer_share_minor" + "billing_credit_note_lines"."patient_share_minor")
);
--> statement-breakpoint
CREATE TABLE "billing_credit_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"number" text NOT NULL,
	"currency" text NOT NULL,
	"net_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"insurer_share_minor" bigint NOT NULL,
	"patient_share_minor" bigint NOT NULL,
	"reason" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_credit_notes_total_check" CHECK ("billing_credit_notes"."total_minor" = "billing_credit_notes"."net_minor" + "billing_credit_notes"."tax_minor" and "billing_credit_notes"."total_minor" > 0),
	CONSTRAINT "billing_credit_notes_shares_check" CHECK ("billing_credit_notes"."total_minor" = "billing_credit_notes"."insurer_share_minor" + "billing_credit_notes"."patient_share_minor"),
	CONSTRAINT "billing_credit_notes_nonnegative_check" CHECK ("billing_credit_notes"."net_minor" >= 0 and "billing_credit_notes"."tax_minor" >= 0 and "billing_credit_notes"."insurer_share_minor" >= 0 and "billing_credit_notes"."patient_share_minor" >= 0)
);
--> statement-breakpoint
ALTER TABLE "billing_invoices" ADD COLUMN "credited_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "billing_invoices" ADD COLUMN "adjusted_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "billing_adjustments" ADD CONSTRAINT "billing_adjustments_invoice_id_billing_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."billing_invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_adjustments" ADD CONSTRAINT "billing_adjustments_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_adjustments" ADD CONSTRAINT "billing_adjustments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_credit_note_lines" ADD CONSTRAINT "billing_credit_note_lines_credit_note_id_billing_credit_notes_id_fk" FOREIGN KEY ("credit_note_id") REFERENCES "public"."billing_credit_notes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_credit_note_lines" ADD CONSTRAINT "billing_credit_note_lines_invoice_line_id_billing_invoice_lines_id_fk" FOREIGN KEY ("invoice_line_id") REFERENCES "public"."billing_invoice_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_credit_notes" ADD CONSTRAINT "billing_credit_notes_invoice_id_billing_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."billing_invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_credit_notes" ADD CONSTRAINT "billing_credit_notes_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_credit_notes" ADD CONSTRAINT "billing_credit_notes_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_adjustments_invoice_idx" ON "billing_adjustments" USING btree ("invoice_id","created_at");--> statement-breakpoint
CREATE INDEX "billing_adjustments_patient_idx" ON "billing_adjustments" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_credit_note_lines_position_key" ON "billing_credit_note_lines" USING btree ("credit_note_id","position");--> statement-breakpoint
CREATE INDEX "billing_credit_note_lines_invoice_line_idx" ON "billing_credit_note_lines" USING btree ("invoice_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_credit_notes_number_key" ON "billing_credit_notes" USING btree ("number");--> statement-breakpoint
CREATE INDEX "billing_credit_notes_invoice_idx" ON "billing_credit_notes" USING btree ("invoice_id","issued_at");--> statement-breakpoint
CREATE INDEX "billing_credit_notes_patient_idx" ON "billing_credit_notes" USING btree ("patient_id","issued_at");--> statement-breakpoint
ALTER TABLE "billing_invoices" ADD CONSTRAINT "billing_invoices_reductions_check" CHECK ("billing_invoices"."credited_minor" >= 0 and "billing_invoices"."adjusted_minor" >= 0 and "billing_invoices"."credited_minor" + "billing_invoices"."adjusted_minor" <= "billing_invoices"."total_minor");