CREATE TABLE "video_visit_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"sender_user_id" uuid NOT NULL,
	"sender_role" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "video_visit_messages_body_check" CHECK (char_length("video_visit_messages"."body") between 1 and 2000),
	CONSTRAINT "video_visit_messages_role_check" CHECK ("video_visit_messages"."sender_role" in ('patient','clinician'))
);
--> statement-breakpoint
CREATE TABLE "video_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"patient_presence" text DEFAULT 'absent' NOT NULL,
	"clinician_present" boolean DEFAULT false NOT NULL,
	"admitted_at" timestamp with time zone,
	"admitted_by" uuid,
	"ended_at" timestamp with time zone,
	"ended_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "video_visits_presence_check" CHECK ("video_visits"."patient_presence" in ('absent','waiting','in_call')),
	CONSTRAINT "video_visits_admitted_check" CHECK (("video_visits"."admitted_at" is null) = ("video_visits"."admitted_by" is null)),
	CONSTRAINT "video_visits_ended_check" CHECK (("video_visits"."ended_at" is null) = ("video_visits"."ended_by" is null))
);
--> statement-breakpoint
ALTER TABLE "video_visit_messages" ADD CONSTRAINT "video_visit_messages_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_visit_messages" ADD CONSTRAINT "video_visit_messages_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_visit_messages" ADD CONSTRAINT "video_visit_messages_sender_user_id_users_id_fk" FOREIGN KEY ("sender_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_visits" ADD CONSTRAINT "video_visits_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_visits" ADD CONSTRAINT "video_visits_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_visits" ADD CONSTRAINT "video_visits_admitted_by_users_id_fk" FOREIGN KEY ("admitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_visits" ADD CONSTRAINT "video_visits_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "video_visit_messages_appointment_idx" ON "video_visit_messages" USING btree ("appointment_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "video_visits_appointment_key" ON "video_visits" USING btree ("appointment_id");