-- Hand-written (drizzle-kit cannot write triggers). "Things to consider" reads the whole active
-- knowledge base and the guideline library on every encounter page; the reference cache
-- (src/platform/db/reference-cache.ts) now keeps them, so a change to either table signals
-- 'ref:<table>' on the cache channel from the database itself, as 0028 does for staff and rooms.
CREATE TRIGGER ds_conditions_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ds_conditions
  FOR EACH STATEMENT EXECUTE FUNCTION carewell_reference_changed();
--> statement-breakpoint
CREATE TRIGGER ds_guidelines_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ds_guidelines
  FOR EACH STATEMENT EXECUTE FUNCTION carewell_reference_changed();
