CREATE TABLE "lab_release_rules" (
	"category" text PRIMARY KEY NOT NULL,
	"rule" text NOT NULL,
	"days" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lab_release_rules_rule_check" CHECK ("lab_release_rules"."rule" in ('immediately','after_review','after_days')),
	CONSTRAINT "lab_release_rules_days_check" CHECK (("lab_release_rules"."rule" = 'after_days') = ("lab_release_rules"."days" is not null) and ("lab_release_rules"."days" is null or "lab_release_rules"."days" between 1 and 365))
);
--> statement-breakpoint
ALTER TABLE "lab_tests" ADD COLUMN "category" text DEFAULT 'chemistry' NOT NULL;--> statement-breakpoint
ALTER TABLE "lab_release_rules" ADD CONSTRAINT "lab_release_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_tests" ADD CONSTRAINT "lab_tests_category_check" CHECK ("lab_tests"."category" in ('chemistry','haematology','coagulation','cardiac_markers','microbiology'));