-- An emergency incident never leaves 'closed' (docs/emergency.md): the service checks the move, the database guarantees it.
CREATE FUNCTION emergency_incidents_closed_is_final() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'closed' AND NEW.status <> 'closed' THEN
    RAISE EXCEPTION 'emergency incident % is closed', OLD.id USING ERRCODE = 'check_violation', CONSTRAINT = 'emergency_incidents_closed_is_final';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER emergency_incidents_closed_is_final BEFORE UPDATE OF status ON emergency_incidents
  FOR EACH ROW EXECUTE FUNCTION emergency_incidents_closed_is_final();
