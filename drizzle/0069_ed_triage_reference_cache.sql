-- Hand-written (drizzle-kit cannot write triggers). The emergency department's board and its
-- arrival form read the triage scale (five rows) on every view; the reference cache
-- (src/platform/db/reference-cache.ts) now keeps it, so a change to the scale signals
-- 'ref:ed_triage_levels' on the cache channel from the database itself, as 0028 and 0068 do.
CREATE TRIGGER ed_triage_levels_reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ed_triage_levels
  FOR EACH STATEMENT EXECUTE FUNCTION carewell_reference_changed();
