CREATE TABLE "observations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"code_system" text DEFAULT 'http://loinc.org' NOT NULL,
	"code" text NOT NULL,
	"value" double precision NOT NULL,
	"unit" text NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"goal_id" uuid,
	"progress_id" uuid,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "observations_source_check" CHECK ("observations"."source" in ('patient', 'clinician', 'device'))
);
--> statement-breakpoint
ALTER TABLE "care_plan_goals" ADD COLUMN "measure_code" text;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_goal_id_care_plan_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."care_plan_goals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_progress_id_care_plan_progress_id_fk" FOREIGN KEY ("progress_id") REFERENCES "public"."care_plan_progress"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "observations_patient_code_idx" ON "observations" USING btree ("patient_id","code","effective_at");--> statement-breakpoint
CREATE INDEX "observations_goal_idx" ON "observations" USING btree ("goal_id","effective_at");--> statement-breakpoint
-- Goals made from a template before goals carried a LOINC code: the code of what they measure.
UPDATE "care_plan_goals" SET "measure_code" = CASE "measure" WHEN 'HbA1c' THEN '4548-4' WHEN 'Pre-meal glucose' THEN '2339-0' WHEN 'Post-meal glucose' THEN '2339-0' WHEN 'Systolic BP' THEN '8480-6' WHEN 'Diastolic BP' THEN '8462-4' WHEN 'SpO2' THEN '59408-5' WHEN 'Body weight' THEN '29463-7' WHEN 'Potassium' THEN '2823-3' END WHERE "measure_code" IS NULL AND "measure" IS NOT NULL;--> statement-breakpoint
-- Values clinicians recorded on progress notes become observations linked to their note and goal.
INSERT INTO "observations" ("patient_id", "code", "value", "unit", "effective_at", "source", "goal_id", "progress_id", "recorded_by", "created_at")
SELECT p."patient_id", g."measure_code", p."measured_value", g."target_unit", p."created_at", 'clinician', g."id", p."id", p."author_user_id", p."created_at"
FROM "care_plan_progress" p JOIN "care_plan_goals" g ON g."id" = p."goal_id"
WHERE p."measured_value" IS NOT NULL AND g."measure_code" IS NOT NULL AND g."target_unit" IS NOT NULL;
