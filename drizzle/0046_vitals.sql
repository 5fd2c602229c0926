CREATE TABLE "patient_vital_settings" (
	"patient_id" uuid PRIMARY KEY NOT NULL,
	"spo2_scale" smallint DEFAULT 1 NOT NULL,
	"spo2_scale_reason" text,
	"pregnant" boolean DEFAULT false NOT NULL,
	"pregnancy_reason" text,
	"updated_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "patient_vital_settings_scale_check" CHECK ("patient_vital_settings"."spo2_scale" in (1, 2)),
	CONSTRAINT "patient_vital_settings_reason_check" CHECK ("patient_vital_settings"."spo2_scale" = 1 or "patient_vital_settings"."spo2_scale_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "vital_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"department_id" uuid,
	"on_oxygen" boolean,
	"spo2_scale" smallint DEFAULT 1 NOT NULL,
	"news2_status" text NOT NULL,
	"news2_total" smallint,
	"news2_red" boolean DEFAULT false NOT NULL,
	"news2_risk" text,
	"news2_response" text,
	"next_due_at" timestamp with time zone,
	"has_implausible" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "vital_sets_source_check" CHECK ("vital_sets"."source" in ('clinician','patient','device')),
	CONSTRAINT "vital_sets_scale_check" CHECK ("vital_sets"."spo2_scale" in (1, 2)),
	CONSTRAINT "vital_sets_news2_status_check" CHECK ("vital_sets"."news2_status" in ('scored','incomplete','not_applicable','not_scored')),
	CONSTRAINT "vital_sets_total_check" CHECK (("vital_sets"."news2_total" is not null) = ("vital_sets"."news2_status" = 'scored')),
	CONSTRAINT "vital_sets_total_range_check" CHECK ("vital_sets"."news2_total" is null or "vital_sets"."news2_total" between 0 and 20),
	CONSTRAINT "vital_sets_response_check" CHECK ("vital_sets"."news2_response" is null or "vital_sets"."news2_response" in ('routine','ward','urgent','emergency'))
);
--> statement-breakpoint
ALTER TABLE "observations" ADD COLUMN "set_id" uuid;--> statement-breakpoint
ALTER TABLE "observations" ADD COLUMN "flag" text;--> statement-breakpoint
ALTER TABLE "patient_vital_settings" ADD CONSTRAINT "patient_vital_settings_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_vital_settings" ADD CONSTRAINT "patient_vital_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vital_sets" ADD CONSTRAINT "vital_sets_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vital_sets" ADD CONSTRAINT "vital_sets_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vital_sets" ADD CONSTRAINT "vital_sets_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vital_sets_patient_taken_idx" ON "vital_sets" USING btree ("patient_id","taken_at");--> statement-breakpoint
CREATE INDEX "observations_set_idx" ON "observations" USING btree ("set_id") WHERE "observations"."set_id" is not null;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_flag_check" CHECK ("observations"."flag" is null or "observations"."flag" = 'implausible');