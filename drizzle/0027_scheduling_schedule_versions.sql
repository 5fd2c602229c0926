CREATE TABLE "schedule_versions" (
	"staff_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
-- Hand-written (drizzle-kit cannot write sequences used by triggers, nor triggers): every change
-- to a clinician's working hours or exceptions gives them a new schedule version, from a sequence
-- so that a number is never reused (a rolled-back change's number is simply skipped).
CREATE SEQUENCE "schedule_version_seq";
--> statement-breakpoint
CREATE FUNCTION "bump_schedule_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "schedule_versions" ("staff_id", "version") VALUES (OLD."staff_id", nextval('schedule_version_seq'))
      ON CONFLICT ("staff_id") DO UPDATE SET "version" = EXCLUDED."version";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "schedule_versions" ("staff_id", "version") VALUES (NEW."staff_id", nextval('schedule_version_seq'))
      ON CONFLICT ("staff_id") DO UPDATE SET "version" = EXCLUDED."version";
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "availability_rules_schedule_version" AFTER INSERT OR UPDATE OR DELETE ON "availability_rules"
  FOR EACH ROW EXECUTE FUNCTION "bump_schedule_version"();
--> statement-breakpoint
CREATE TRIGGER "availability_exceptions_schedule_version" AFTER INSERT OR UPDATE OR DELETE ON "availability_exceptions"
  FOR EACH ROW EXECUTE FUNCTION "bump_schedule_version"();
