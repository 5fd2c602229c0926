CREATE TABLE "patient_thread_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"thread_id" uuid NOT NULL,
	"author_user_id" uuid NOT NULL,
	"side" text NOT NULL,
	"kind" text DEFAULT 'message' NOT NULL,
	"body" text,
	"file_id" uuid,
	"file_name" text,
	"read_by_patient_at" timestamp with time zone,
	"read_by_staff_at" timestamp with time zone,
	"read_by_staff_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "patient_thread_messages_side_check" CHECK ("patient_thread_messages"."side" in ('patient','staff')),
	CONSTRAINT "patient_thread_messages_kind_check" CHECK ("patient_thread_messages"."kind" in ('message','instructions')),
	CONSTRAINT "patient_thread_messages_instructions_check" CHECK ("patient_thread_messages"."kind" = 'message' or "patient_thread_messages"."side" = 'staff'),
	CONSTRAINT "patient_thread_messages_content_check" CHECK ("patient_thread_messages"."body" is not null or "patient_thread_messages"."file_id" is not null),
	CONSTRAINT "patient_thread_messages_body_check" CHECK ("patient_thread_messages"."body" is null or char_length("patient_thread_messages"."body") between 1 and 5000)
);
--> statement-breakpoint
CREATE TABLE "patient_threads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"recipient" text NOT NULL,
	"department_id" uuid,
	"subject" text NOT NULL,
	"created_by" uuid NOT NULL,
	"last_message_at" timestamp with time zone NOT NULL,
	"response_due_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"encounter_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "patient_threads_recipient_check" CHECK ("patient_threads"."recipient" in ('care_team','department')),
	CONSTRAINT "patient_threads_department_check" CHECK ("patient_threads"."recipient" <> 'department' or "patient_threads"."department_id" is not null),
	CONSTRAINT "patient_threads_subject_check" CHECK (char_length("patient_threads"."subject") between 1 and 200)
);
--> statement-breakpoint
ALTER TABLE "patient_thread_messages" ADD CONSTRAINT "patient_thread_messages_thread_id_patient_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."patient_threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_thread_messages" ADD CONSTRAINT "patient_thread_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_thread_messages" ADD CONSTRAINT "patient_thread_messages_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_thread_messages" ADD CONSTRAINT "patient_thread_messages_read_by_staff_user_id_users_id_fk" FOREIGN KEY ("read_by_staff_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_threads" ADD CONSTRAINT "patient_threads_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_threads" ADD CONSTRAINT "patient_threads_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_threads" ADD CONSTRAINT "patient_threads_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_threads" ADD CONSTRAINT "patient_threads_encounter_id_encounters_id_fk" FOREIGN KEY ("encounter_id") REFERENCES "public"."encounters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "patient_thread_messages_thread_idx" ON "patient_thread_messages" USING btree ("thread_id","created_at");--> statement-breakpoint
CREATE INDEX "patient_threads_patient_idx" ON "patient_threads" USING btree ("patient_id","last_message_at");--> statement-breakpoint
CREATE INDEX "patient_threads_department_idx" ON "patient_threads" USING btree ("department_id","last_message_at");--> statement-breakpoint
CREATE INDEX "patient_threads_due_idx" ON "patient_threads" USING btree ("response_due_at") WHERE "patient_threads"."escalated_at" is null and "patient_threads"."response_due_at" is not null;