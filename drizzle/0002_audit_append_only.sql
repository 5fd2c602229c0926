-- The audit trail is append-only: rows are never deleted, and the only update allowed is the
-- sealer filling seq/prev_hash/hash on a row that has none yet (drizzle-kit cannot write triggers).
CREATE UNIQUE INDEX audit_events_seq_key ON audit_events (seq) WHERE seq IS NOT NULL;
--> statement-breakpoint
CREATE FUNCTION audit_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.hash IS NOT NULL
     OR NEW.hash IS NULL
     OR (NEW.id, NEW.occurred_at, NEW.actor_user_id, NEW.actor_role, NEW.actor_api_key_id, NEW.action,
         NEW.resource_type, NEW.resource_id, NEW.patient_id, NEW.category, NEW.outcome, NEW.severity,
         NEW.ip, NEW.user_agent, NEW.request_id, NEW.detail)
        IS DISTINCT FROM
        (OLD.id, OLD.occurred_at, OLD.actor_user_id, OLD.actor_role, OLD.actor_api_key_id, OLD.action,
         OLD.resource_type, OLD.resource_id, OLD.patient_id, OLD.category, OLD.outcome, OLD.severity,
         OLD.ip, OLD.user_agent, OLD.request_id, OLD.detail)
  THEN
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_guard();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_guard();
