ALTER TABLE "hl7_inbound_messages" ADD COLUMN "settled_by" uuid;--> statement-breakpoint
ALTER TABLE "hl7_inbound_messages" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hl7_inbound_messages" ADD COLUMN "settled_reason" text;