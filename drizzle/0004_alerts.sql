CREATE TABLE "alert_recipients" (
	"alert_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"acknowledged_at" timestamp with time zone,
	CONSTRAINT "alert_recipients_pkey" PRIMARY KEY("alert_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"severity" text NOT NULL,
	"message" text NOT NULL,
	"location" text,
	"audience" text NOT NULL,
	"department_id" uuid,
	"audience_role" text,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"sent_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	CONSTRAINT "alerts_type_check" CHECK ("alerts"."type" in ('code_blue','code_red','evacuation','lockdown','weather','it_outage','other')),
	CONSTRAINT "alerts_severity_check" CHECK ("alerts"."severity" in ('info','warning','critical')),
	CONSTRAINT "alerts_audience_check" CHECK (("alerts"."audience" = 'everyone' and "alerts"."department_id" is null and "alerts"."audience_role" is null)
        or ("alerts"."audience" = 'department' and "alerts"."department_id" is not null and "alerts"."audience_role" is null)
        or ("alerts"."audience" = 'role' and "alerts"."audience_role" is not null and "alerts"."department_id" is null)),
	CONSTRAINT "alerts_channels_check" CHECK ("alerts"."channels" <@ array['email','sms','push']::text[]),
	CONSTRAINT "alerts_resolved_check" CHECK (("alerts"."resolved_at" is null) = ("alerts"."resolved_by" is null))
);
--> statement-breakpoint
ALTER TABLE "alert_recipients" ADD CONSTRAINT "alert_recipients_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_recipients" ADD CONSTRAINT "alert_recipients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_recipients_user_idx" ON "alert_recipients" USING btree ("user_id","alert_id");--> statement-breakpoint
CREATE INDEX "alerts_created_idx" ON "alerts" USING btree ("created_at","id");