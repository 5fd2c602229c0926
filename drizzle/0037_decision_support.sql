CREATE TABLE "ds_conditions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"summary" text NOT NULL,
	"icd10_code" text,
	"findings" jsonb NOT NULL,
	"discriminators" jsonb NOT NULL,
	"source_title" text NOT NULL,
	"source_url" text,
	"review_status" text NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ds_conditions_source_check" CHECK (length(btrim("ds_conditions"."source_title")) > 0),
	CONSTRAINT "ds_conditions_review_status_check" CHECK ("ds_conditions"."review_status" in ('unreviewed','reference','approved')),
	CONSTRAINT "ds_conditions_approval_check" CHECK (("ds_conditions"."review_status" = 'approved') = ("ds_conditions"."approved_by" is not null and "ds_conditions"."approved_at" is not null)),
	CONSTRAINT "ds_conditions_findings_check" CHECK (jsonb_typeof("ds_conditions"."findings") = 'array' and jsonb_array_length("ds_conditions"."findings") > 0),
	CONSTRAINT "ds_conditions_discriminators_check" CHECK (jsonb_typeof("ds_conditions"."discriminators") = 'array')
);
--> statement-breakpoint
CREATE TABLE "ds_guidelines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"source_title" text NOT NULL,
	"source_url" text,
	"origin" text NOT NULL,
	"icd10_prefixes" text[] NOT NULL,
	"loinc_codes" text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ds_guidelines_source_check" CHECK (length(btrim("ds_guidelines"."source_title")) > 0),
	CONSTRAINT "ds_guidelines_origin_check" CHECK ("ds_guidelines"."origin" in ('shipped','hospital')),
	CONSTRAINT "ds_guidelines_trigger_check" CHECK (cardinality("ds_guidelines"."icd10_prefixes") + cardinality("ds_guidelines"."loinc_codes") > 0)
);
--> statement-breakpoint
ALTER TABLE "ds_conditions" ADD CONSTRAINT "ds_conditions_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ds_conditions" ADD CONSTRAINT "ds_conditions_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ds_guidelines" ADD CONSTRAINT "ds_guidelines_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ds_conditions_key" ON "ds_conditions" USING btree ("key");--> statement-breakpoint
CREATE INDEX "ds_conditions_name_idx" ON "ds_conditions" USING btree ("name","id");--> statement-breakpoint
CREATE UNIQUE INDEX "ds_guidelines_key" ON "ds_guidelines" USING btree ("key");--> statement-breakpoint
CREATE INDEX "ds_guidelines_title_idx" ON "ds_guidelines" USING btree ("title","id");