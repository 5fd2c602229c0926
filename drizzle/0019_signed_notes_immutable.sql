-- A signed clinical note never changes and is never deleted: the API already answers 409
-- record_signed, this makes the database refuse it too (a script, a console, a future bug).
-- A signed version is any row whose status is not 'draft' ('signed', or 'amended': an amendment is
-- itself a signed version). Drafts stay freely editable and deletable, and signing is an update of a
-- draft, so it passes.
-- The amendment link needs no update of the signed row: the amendment is a NEW row whose
-- supersedes_id / original_id point at it (set once, on insert). So the one change the chain ever
-- makes to a signed note is none at all, and the trigger allows no column to change; a row-lock
-- (SELECT ... FOR UPDATE) and the foreign-key check of the amendment's insert fire no trigger.
-- The error is a restrict_violation naming the rule as its constraint, which the app maps to
-- 409 record_signed.
CREATE FUNCTION clinical_notes_signed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'clinical notes cannot be truncated: signed notes are permanent'
      USING ERRCODE = 'restrict_violation', CONSTRAINT = 'clinical_notes_signed_immutable';
  END IF;
  IF OLD.status <> 'draft' THEN
    RAISE EXCEPTION 'signed clinical note % cannot be %: write an amendment instead', OLD.id, lower(TG_OP) || 'd'
      USING ERRCODE = 'restrict_violation', CONSTRAINT = 'clinical_notes_signed_immutable';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER clinical_notes_signed_immutable BEFORE UPDATE OR DELETE ON clinical_notes
  FOR EACH ROW EXECUTE FUNCTION clinical_notes_signed_guard();
--> statement-breakpoint
CREATE TRIGGER clinical_notes_no_truncate BEFORE TRUNCATE ON clinical_notes
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_notes_signed_guard();
