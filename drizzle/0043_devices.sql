CREATE TABLE "device_readings" (
	"device_id" uuid NOT NULL,
	"code" text NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"observation_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"api_key_id" uuid NOT NULL,
	"registered_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_reading_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "devices_kind_check" CHECK (kind in ('bp_cuff', 'glucometer', 'wearable'))
);
--> statement-breakpoint
CREATE TABLE "monitoring_enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"programme" text NOT NULL,
	"responsible_user_id" uuid NOT NULL,
	"alert_after_readings" integer DEFAULT 1 NOT NULL,
	"silent_after_days" integer DEFAULT 3 NOT NULL,
	"out_of_range_streak" integer DEFAULT 0 NOT NULL,
	"last_reading_at" timestamp with time zone,
	"silent_since" timestamp with time zone,
	"enrolled_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "monitoring_enrolments_programme_check" CHECK (programme in ('home_bp', 'home_glucose')),
	CONSTRAINT "monitoring_enrolments_limits_check" CHECK ("monitoring_enrolments"."alert_after_readings" between 1 and 20 and "monitoring_enrolments"."silent_after_days" between 1 and 60)
);
--> statement-breakpoint
ALTER TABLE "clinical_alerts" DROP CONSTRAINT "clinical_alerts_kind_check";--> statement-breakpoint
ALTER TABLE "device_readings" ADD CONSTRAINT "device_readings_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_readings" ADD CONSTRAINT "device_readings_observation_id_observations_id_fk" FOREIGN KEY ("observation_id") REFERENCES "public"."observations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_enrolments" ADD CONSTRAINT "monitoring_enrolments_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_enrolments" ADD CONSTRAINT "monitoring_enrolments_responsible_user_id_users_id_fk" FOREIGN KEY ("responsible_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "device_readings_device_code_time_key" ON "device_readings" USING btree ("device_id","code","effective_at");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_api_key_key" ON "devices" USING btree ("api_key_id");--> statement-breakpoint
CREATE INDEX "devices_patient_idx" ON "devices" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_enrolments_active_key" ON "monitoring_enrolments" USING btree ("patient_id","programme") WHERE ended_at is null;--> statement-breakpoint
CREATE INDEX "monitoring_enrolments_responsible_idx" ON "monitoring_enrolments" USING btree ("responsible_user_id") WHERE ended_at is null;--> statement-breakpoint
CREATE INDEX "clinical_alerts_patient_open_idx" ON "clinical_alerts" USING btree ("patient_id","raised_at") WHERE "clinical_alerts"."status" = 'open';--> statement-breakpoint
ALTER TABLE "clinical_alerts" ADD CONSTRAINT "clinical_alerts_kind_check" CHECK ("clinical_alerts"."kind" in ('critical_result','news2_urgent','news2_emergency','remote_monitoring'));