-- Hand-written (drizzle-kit cannot write triggers). The reference cache (src/platform/db/reference-cache.ts)
-- keeps rows many requests read and few change: staff profiles with their departments and
-- specialties, visit types, rooms. Any statement that changes one of these tables signals
-- 'ref:<table>' on the cache channel ('carewell_sessions', shared with the session cache), from the
-- database itself, so no code path can forget to invalidate. One signal per statement (not per
-- row); NOTIFY is delivered on commit, and PostgreSQL folds duplicates within one transaction.
-- Account changes (users) already signal the account's id (0025), which the cache reads as 'users'.
CREATE FUNCTION carewell_reference_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('carewell_sessions', 'ref:' || TG_TABLE_NAME);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER departments_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON departments
  FOR EACH STATEMENT EXECUTE FUNCTION carewell_reference_changed();
--> statement-breakpoint
CREATE TRIGGER specialties_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON specialties
  FOR EACH STATEMENT EXECUTE FUNCTION carewell_reference_changed();
--> statement-breakpoint
CREATE TRIGGER staff_profiles_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON staff_profiles
  FOR EACH STATEMENT EXECUTE FUNCTION carewell_reference_changed();
--> statement-breakpoint
CREATE TRIGGER staff_specialties_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON staff_specialties
  FOR EACH STATEMENT EXECUTE FUNCTION carewell_reference_changed();
--> statement-breakpoint
CREATE TRIGGER visit_types_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON visit_types
  FOR EACH STATEMENT EXECUTE FUNCTION carewell_reference_changed();
--> statement-breakpoint
CREATE TRIGGER rooms_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rooms
  FOR EACH STATEMENT EXECUTE FUNCTION carewell_reference_changed();
