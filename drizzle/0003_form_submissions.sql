CREATE TABLE "form_submissions" (
	"key" text PRIMARY KEY NOT NULL,
	"session_id" uuid,
	"location" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
