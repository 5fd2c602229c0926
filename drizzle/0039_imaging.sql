CREATE TABLE "imaging_instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"study_instance_uid" text NOT NULL,
	"series_instance_uid" text NOT NULL,
	"sop_instance_uid" text NOT NULL,
	"modality" text,
	"body_part" text,
	"instance_number" integer,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imaging_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"encounter_id" uuid,
	"modality" text NOT NULL,
	"body_part" text NOT NULL,
	"indication" text NOT NULL,
	"priority" text NOT NULL,
	"priority_rank" integer NOT NULL,
	"status" text DEFAULT 'ordered' NOT NULL,
	"ordered_by" uuid NOT NULL,
	"ordered_at" timestamp with time zone NOT NULL,
	"scheduled_for" timestamp with time zone,
	"performed_at" timestamp with time zone,
	"performed_by" uuid,
	"study_instance_uid" text,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" uuid,
	"cancel_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "imaging_orders_modality_check" CHECK ("imaging_orders"."modality" in ('CT','MR','CR','DX','US','NM','PT','MG')),
	CONSTRAINT "imaging_orders_priority_check" CHECK ("imaging_orders"."priority" in ('stat','urgent','routine')),
	CONSTRAINT "imaging_orders_status_check" CHECK ("imaging_orders"."status" in ('ordered','scheduled','performed','reported','cancelled')),
	CONSTRAINT "imaging_orders_body_part_check" CHECK (char_length("imaging_orders"."body_part") between 1 and 100),
	CONSTRAINT "imaging_orders_indication_check" CHECK (char_length("imaging_orders"."indication") between 1 and 2000),
	CONSTRAINT "imaging_orders_cancel_check" CHECK (("imaging_orders"."status" = 'cancelled') = ("imaging_orders"."cancelled_at" is not null and "imaging_orders"."cancel_reason" is not null)),
	CONSTRAINT "imaging_orders_study_check" CHECK ("imaging_orders"."status" not in ('performed','reported') or "imaging_orders"."study_instance_uid" is not null)
);
--> statement-breakpoint
CREATE TABLE "imaging_report_addenda" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"text" text NOT NULL,
	"author_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "imaging_report_addenda_text_check" CHECK (char_length("imaging_report_addenda"."text") between 1 and 5000)
);
--> statement-breakpoint
CREATE TABLE "imaging_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"findings" text NOT NULL,
	"impression" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"author_id" uuid NOT NULL,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "imaging_reports_status_check" CHECK ("imaging_reports"."status" in ('draft','signed')),
	CONSTRAINT "imaging_reports_signed_check" CHECK (("imaging_reports"."status" = 'signed') = ("imaging_reports"."signed_at" is not null and "imaging_reports"."signed_by" is not null)),
	CONSTRAINT "imaging_reports_text_check" CHECK (char_length("imaging_reports"."findings") <= 20000 and char_length("imaging_reports"."impression") <= 5000)
);
--> statement-breakpoint
ALTER TABLE "imaging_instances" ADD CONSTRAINT "imaging_instances_order_id_imaging_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."imaging_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_instances" ADD CONSTRAINT "imaging_instances_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_instances" ADD CONSTRAINT "imaging_instances_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_orders" ADD CONSTRAINT "imaging_orders_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_orders" ADD CONSTRAINT "imaging_orders_ordered_by_users_id_fk" FOREIGN KEY ("ordered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_orders" ADD CONSTRAINT "imaging_orders_performed_by_users_id_fk" FOREIGN KEY ("performed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_orders" ADD CONSTRAINT "imaging_orders_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_report_addenda" ADD CONSTRAINT "imaging_report_addenda_report_id_imaging_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."imaging_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_report_addenda" ADD CONSTRAINT "imaging_report_addenda_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_reports" ADD CONSTRAINT "imaging_reports_order_id_imaging_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."imaging_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_reports" ADD CONSTRAINT "imaging_reports_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_reports" ADD CONSTRAINT "imaging_reports_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imaging_instances_order_idx" ON "imaging_instances" USING btree ("order_id","series_instance_uid","instance_number","id");--> statement-breakpoint
CREATE UNIQUE INDEX "imaging_instances_sop_key" ON "imaging_instances" USING btree ("order_id","sop_instance_uid");--> statement-breakpoint
CREATE UNIQUE INDEX "imaging_instances_document_key" ON "imaging_instances" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "imaging_orders_patient_idx" ON "imaging_orders" USING btree ("patient_id","ordered_at");--> statement-breakpoint
CREATE INDEX "imaging_orders_worklist_idx" ON "imaging_orders" USING btree ("priority_rank","ordered_at","id") WHERE "imaging_orders"."status" in ('ordered','scheduled','performed');--> statement-breakpoint
CREATE INDEX "imaging_report_addenda_report_idx" ON "imaging_report_addenda" USING btree ("report_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "imaging_reports_order_key" ON "imaging_reports" USING btree ("order_id");