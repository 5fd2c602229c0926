CREATE TABLE "care_task_handoffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"from_staff_id" uuid NOT NULL,
	"to_staff_id" uuid NOT NULL,
	"handed_off_by" uuid NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"title" text NOT NULL,
	"details" text,
	"assignee_staff_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"completed_at" timestamp with time zone,
	"completed_by" uuid,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" uuid,
	"cancel_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "care_tasks_status_check" CHECK ("care_tasks"."status" in ('open','done','cancelled')),
	CONSTRAINT "care_tasks_title_check" CHECK (char_length("care_tasks"."title") between 1 and 200),
	CONSTRAINT "care_tasks_details_check" CHECK ("care_tasks"."details" is null or char_length("care_tasks"."details") <= 2000),
	CONSTRAINT "care_tasks_done_check" CHECK (("care_tasks"."status" = 'done') = ("care_tasks"."completed_at" is not null and "care_tasks"."completed_by" is not null)),
	CONSTRAINT "care_tasks_cancelled_check" CHECK (("care_tasks"."status" = 'cancelled') = ("care_tasks"."cancelled_at" is not null and "care_tasks"."cancelled_by" is not null and "care_tasks"."cancel_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "care_task_handoffs" ADD CONSTRAINT "care_task_handoffs_task_id_care_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."care_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_task_handoffs" ADD CONSTRAINT "care_task_handoffs_from_staff_id_staff_profiles_id_fk" FOREIGN KEY ("from_staff_id") REFERENCES "public"."staff_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_task_handoffs" ADD CONSTRAINT "care_task_handoffs_to_staff_id_staff_profiles_id_fk" FOREIGN KEY ("to_staff_id") REFERENCES "public"."staff_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_task_handoffs" ADD CONSTRAINT "care_task_handoffs_handed_off_by_users_id_fk" FOREIGN KEY ("handed_off_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_tasks" ADD CONSTRAINT "care_tasks_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_tasks" ADD CONSTRAINT "care_tasks_assignee_staff_id_staff_profiles_id_fk" FOREIGN KEY ("assignee_staff_id") REFERENCES "public"."staff_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_tasks" ADD CONSTRAINT "care_tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_tasks" ADD CONSTRAINT "care_tasks_completed_by_users_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_tasks" ADD CONSTRAINT "care_tasks_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_task_handoffs_task_idx" ON "care_task_handoffs" USING btree ("task_id","at");--> statement-breakpoint
CREATE INDEX "care_tasks_assignee_idx" ON "care_tasks" USING btree ("assignee_staff_id","status","due_at");--> statement-breakpoint
CREATE INDEX "care_tasks_patient_idx" ON "care_tasks" USING btree ("patient_id","status","due_at");