DROP INDEX "billing_payments_invoice_idx";--> statement-breakpoint
CREATE INDEX "billing_payments_invoice_idx" ON "billing_payments" USING btree ("invoice_id","received_at","created_at");