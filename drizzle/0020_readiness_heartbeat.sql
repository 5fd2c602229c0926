CREATE TABLE "readiness_heartbeat" (
	"id" smallint PRIMARY KEY NOT NULL,
	"beats" bigint NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "readiness_heartbeat_single_row" CHECK ("readiness_heartbeat"."id" = 1)
);
