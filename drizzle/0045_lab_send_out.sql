ALTER TABLE "lab_orders" ADD COLUMN "send_out" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "lab_orders" ADD COLUMN "filler_order_number" text;--> statement-breakpoint
ALTER TABLE "lab_tests" ADD COLUMN "performed_by" text DEFAULT 'in_house' NOT NULL;--> statement-breakpoint
ALTER TABLE "lab_tests" ADD CONSTRAINT "lab_tests_performed_by_check" CHECK ("lab_tests"."performed_by" in ('in_house','outside_lab'));