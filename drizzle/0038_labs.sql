CREATE SEQUENCE "public"."lab_accession_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 100001 CACHE 1;--> statement-breakpoint
CREATE TABLE "lab_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"encounter_id" uuid,
	"ordered_by" uuid NOT NULL,
	"item_kind" text NOT NULL,
	"item_code" text NOT NULL,
	"item_name" text NOT NULL,
	"test_codes" text[] NOT NULL,
	"priority" text NOT NULL,
	"priority_rank" integer NOT NULL,
	"indication" text NOT NULL,
	"fasting" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'ordered' NOT NULL,
	"result_status" text,
	"accession_number" text,
	"specimen" text,
	"collected_at" timestamp with time zone,
	"collected_by" uuid,
	"received_at" timestamp with time zone,
	"received_by" uuid,
	"resulted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"review_comment" text,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" uuid,
	"cancel_reason" text,
	"ordered_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lab_orders_status_check" CHECK ("lab_orders"."status" in ('ordered','collected','received','resulted','reviewed','cancelled')),
	CONSTRAINT "lab_orders_priority_check" CHECK ("lab_orders"."priority" in ('stat','urgent','routine')),
	CONSTRAINT "lab_orders_kind_check" CHECK ("lab_orders"."item_kind" in ('test','panel')),
	CONSTRAINT "lab_orders_accession_check" CHECK (("lab_orders"."status" = 'ordered' or "lab_orders"."status" = 'cancelled') or "lab_orders"."accession_number" is not null),
	CONSTRAINT "lab_orders_cancel_check" CHECK (("lab_orders"."status" = 'cancelled') = ("lab_orders"."cancel_reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "lab_panels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"loinc" text NOT NULL,
	"name" text NOT NULL,
	"test_codes" text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lab_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"first_result_id" uuid,
	"test_code" text NOT NULL,
	"loinc" text NOT NULL,
	"value" double precision,
	"unit" text,
	"text" text,
	"entered_value" double precision,
	"entered_unit" text,
	"flag" text,
	"range_low" double precision,
	"range_high" double precision,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"entered_by" uuid,
	"superseded_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lab_results_status_check" CHECK ("lab_results"."status" in ('preliminary','final','corrected')),
	CONSTRAINT "lab_results_flag_check" CHECK ("lab_results"."flag" is null or "lab_results"."flag" in ('normal','low','high','critical_low','critical_high')),
	CONSTRAINT "lab_results_value_check" CHECK ("lab_results"."value" is not null or "lab_results"."text" is not null)
);
--> statement-breakpoint
CREATE TABLE "lab_tests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"loinc" text NOT NULL,
	"name" text NOT NULL,
	"unit" text,
	"specimen" text NOT NULL,
	"result_kind" text NOT NULL,
	"molar_mass" double precision,
	"ranges" jsonb NOT NULL,
	"needs_review" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lab_tests_kind_check" CHECK ("lab_tests"."result_kind" in ('numeric','text')),
	CONSTRAINT "lab_tests_specimen_check" CHECK ("lab_tests"."specimen" in ('serum_plasma','whole_blood','citrated_plasma','urine'))
);
--> statement-breakpoint
ALTER TABLE "lab_orders" ADD CONSTRAINT "lab_orders_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_orders" ADD CONSTRAINT "lab_orders_ordered_by_users_id_fk" FOREIGN KEY ("ordered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_orders" ADD CONSTRAINT "lab_orders_collected_by_users_id_fk" FOREIGN KEY ("collected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_orders" ADD CONSTRAINT "lab_orders_received_by_users_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_orders" ADD CONSTRAINT "lab_orders_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_orders" ADD CONSTRAINT "lab_orders_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_results" ADD CONSTRAINT "lab_results_order_id_lab_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."lab_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_results" ADD CONSTRAINT "lab_results_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_results" ADD CONSTRAINT "lab_results_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lab_orders_accession_key" ON "lab_orders" USING btree ("accession_number");--> statement-breakpoint
CREATE INDEX "lab_orders_patient_idx" ON "lab_orders" USING btree ("patient_id","ordered_at");--> statement-breakpoint
CREATE INDEX "lab_orders_queue_idx" ON "lab_orders" USING btree ("priority_rank","ordered_at") WHERE "lab_orders"."status" in ('ordered','collected','received');--> statement-breakpoint
CREATE INDEX "lab_orders_to_review_idx" ON "lab_orders" USING btree ("ordered_by","resulted_at") WHERE "lab_orders"."status" = 'resulted';--> statement-breakpoint
CREATE UNIQUE INDEX "lab_panels_code_key" ON "lab_panels" USING btree ("code");--> statement-breakpoint
CREATE INDEX "lab_results_order_idx" ON "lab_results" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lab_results_current_key" ON "lab_results" USING btree ("order_id","test_code") WHERE "lab_results"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "lab_results_patient_idx" ON "lab_results" USING btree ("patient_id","observed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lab_tests_code_key" ON "lab_tests" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "lab_tests_loinc_key" ON "lab_tests" USING btree ("loinc");