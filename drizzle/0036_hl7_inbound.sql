CREATE TABLE "hl7_inbound_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sending_application" text,
	"sending_facility" text,
	"control_id" text,
	"message_type" text,
	"source_address" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"raw_message_encrypted" text NOT NULL,
	"summary_encrypted" text,
	"order_count" integer DEFAULT 0 NOT NULL,
	"observation_count" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hl7_inbound_messages_status_check" CHECK ("hl7_inbound_messages"."status" in ('received', 'filed', 'unmatched', 'rejected', 'duplicate')),
	CONSTRAINT "hl7_inbound_messages_taken_in_check" CHECK ("hl7_inbound_messages"."status" not in ('received', 'filed', 'unmatched', 'duplicate') or ("hl7_inbound_messages"."sending_application" is not null and "hl7_inbound_messages"."sending_facility" is not null and "hl7_inbound_messages"."control_id" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "hl7_inbound_messages_control_id_key" ON "hl7_inbound_messages" USING btree ("sending_application","sending_facility","control_id") WHERE "hl7_inbound_messages"."status" in ('received', 'filed', 'unmatched');--> statement-breakpoint
CREATE INDEX "hl7_inbound_messages_status_idx" ON "hl7_inbound_messages" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "hl7_inbound_messages_received_idx" ON "hl7_inbound_messages" USING btree ("received_at");