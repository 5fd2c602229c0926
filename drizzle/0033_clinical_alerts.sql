CREATE TABLE "clinical_alert_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alert_id" uuid NOT NULL,
	"type" text NOT NULL,
	"step" integer,
	"user_id" uuid,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "clinical_alert_events_type_check" CHECK ("clinical_alert_events"."type" in ('raised','notified','escalated','skipped','acknowledged'))
);
--> statement-breakpoint
CREATE TABLE "clinical_alert_recipients" (
	"alert_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "clinical_alert_recipients_pkey" PRIMARY KEY("alert_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "clinical_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"responsible_user_id" uuid NOT NULL,
	"responsible_staff_id" uuid,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"summary" text NOT NULL,
	"escalation_delay_minutes" integer NOT NULL,
	"escalation_step" integer DEFAULT 0 NOT NULL,
	"next_escalation_at" timestamp with time zone,
	"raised_by" uuid,
	"raised_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "clinical_alerts_kind_check" CHECK ("clinical_alerts"."kind" in ('critical_result','news2_urgent','news2_emergency')),
	CONSTRAINT "clinical_alerts_severity_check" CHECK ("clinical_alerts"."severity" in ('high','critical')),
	CONSTRAINT "clinical_alerts_status_check" CHECK ("clinical_alerts"."status" in ('open','acknowledged')),
	CONSTRAINT "clinical_alerts_ack_check" CHECK (("clinical_alerts"."status" = 'acknowledged') = ("clinical_alerts"."acknowledged_at" is not null and "clinical_alerts"."acknowledged_by" is not null)),
	CONSTRAINT "clinical_alerts_delay_check" CHECK ("clinical_alerts"."escalation_delay_minutes" between 1 and 1440)
);
--> statement-breakpoint
ALTER TABLE "clinical_alert_events" ADD CONSTRAINT "clinical_alert_events_alert_id_clinical_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."clinical_alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_alert_events" ADD CONSTRAINT "clinical_alert_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_alert_recipients" ADD CONSTRAINT "clinical_alert_recipients_alert_id_clinical_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."clinical_alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_alert_recipients" ADD CONSTRAINT "clinical_alert_recipients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_alerts" ADD CONSTRAINT "clinical_alerts_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_alerts" ADD CONSTRAINT "clinical_alerts_responsible_user_id_users_id_fk" FOREIGN KEY ("responsible_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_alerts" ADD CONSTRAINT "clinical_alerts_responsible_staff_id_staff_profiles_id_fk" FOREIGN KEY ("responsible_staff_id") REFERENCES "public"."staff_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_alerts" ADD CONSTRAINT "clinical_alerts_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_alerts" ADD CONSTRAINT "clinical_alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clinical_alert_events_alert_idx" ON "clinical_alert_events" USING btree ("alert_id","at");--> statement-breakpoint
CREATE INDEX "clinical_alert_recipients_user_idx" ON "clinical_alert_recipients" USING btree ("user_id","alert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "clinical_alerts_source_key" ON "clinical_alerts" USING btree ("kind","source_type","source_id");--> statement-breakpoint
CREATE INDEX "clinical_alerts_due_idx" ON "clinical_alerts" USING btree ("next_escalation_at") WHERE "clinical_alerts"."status" = 'open' and "clinical_alerts"."next_escalation_at" is not null;--> statement-breakpoint
CREATE INDEX "clinical_alerts_kind_raised_idx" ON "clinical_alerts" USING btree ("raised_at","kind");