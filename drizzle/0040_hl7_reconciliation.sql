ALTER TABLE "hl7_inbound_messages" ADD COLUMN "settled_by" uuid;--> statement-breakpoint
ALTER TABLE "hl7_inbound_messages" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hl7_inbound_messages" ADD COLUMN "settled_reason" text;--> statement-breakpoint
CREATE INDEX "hl7_inbound_messages_unmatched_idx" ON "hl7_inbound_messages" USING btree ("received_at","id") WHERE "hl7_inbound_messages"."status" = 'unmatched';