CREATE TABLE "staff_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"thread_id" uuid NOT NULL,
	"author_user_id" uuid NOT NULL,
	"body" text NOT NULL,
	"mentions" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "staff_messages_body_check" CHECK (char_length("staff_messages"."body") between 1 and 4000)
);
--> statement-breakpoint
CREATE TABLE "staff_thread_members" (
	"thread_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "staff_thread_members_pkey" PRIMARY KEY("thread_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "staff_thread_reads" (
	"thread_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"last_read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "staff_thread_reads_pkey" PRIMARY KEY("thread_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "staff_threads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text,
	"patient_id" uuid,
	"direct_key" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_message_at" timestamp with time zone NOT NULL,
	CONSTRAINT "staff_threads_kind_check" CHECK ("staff_threads"."kind" in ('direct','group','care_team')),
	CONSTRAINT "staff_threads_patient_check" CHECK (("staff_threads"."kind" = 'care_team') = ("staff_threads"."patient_id" is not null)),
	CONSTRAINT "staff_threads_direct_check" CHECK (("staff_threads"."kind" = 'direct') = ("staff_threads"."direct_key" is not null)),
	CONSTRAINT "staff_threads_title_check" CHECK ("staff_threads"."kind" <> 'group' or char_length("staff_threads"."title") between 1 and 120)
);
--> statement-breakpoint
ALTER TABLE "staff_messages" ADD CONSTRAINT "staff_messages_thread_id_staff_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."staff_threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_messages" ADD CONSTRAINT "staff_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_thread_members" ADD CONSTRAINT "staff_thread_members_thread_id_staff_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."staff_threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_thread_members" ADD CONSTRAINT "staff_thread_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_thread_reads" ADD CONSTRAINT "staff_thread_reads_thread_id_staff_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."staff_threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_thread_reads" ADD CONSTRAINT "staff_thread_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_threads" ADD CONSTRAINT "staff_threads_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_threads" ADD CONSTRAINT "staff_threads_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_messages_thread_idx" ON "staff_messages" USING btree ("thread_id","created_at","id");--> statement-breakpoint
CREATE INDEX "staff_messages_body_trgm_idx" ON "staff_messages" USING gin (lower("body") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "staff_thread_members_user_idx" ON "staff_thread_members" USING btree ("user_id","thread_id");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_threads_patient_key" ON "staff_threads" USING btree ("patient_id") WHERE "staff_threads"."patient_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_threads_direct_key" ON "staff_threads" USING btree ("direct_key") WHERE "staff_threads"."direct_key" is not null;