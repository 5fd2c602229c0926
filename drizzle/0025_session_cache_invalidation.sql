-- Hand-written (drizzle-kit cannot write triggers). The session cache (src/platform/auth/session-cache.ts)
-- keeps a resolved session (session row + account + patient/staff link + second factor) for a few
-- seconds. Every change to what that lookup reads signals the account's id on the
-- 'carewell_sessions' channel, from the database itself, so no code path can forget to invalidate.
-- NOTIFY is delivered only when the transaction commits, and PostgreSQL folds duplicate payloads
-- within one transaction. The touch of last_seen_at fires nothing (the cache updates it itself).
CREATE FUNCTION carewell_sessions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.user_id IS NOT NULL THEN
    PERFORM pg_notify('carewell_sessions', OLD.user_id::text);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.user_id IS NOT NULL THEN
    PERFORM pg_notify('carewell_sessions', NEW.user_id::text);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- users has no user_id column: its own id is the account.
CREATE FUNCTION carewell_users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('carewell_sessions', OLD.id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Any column of the account (role, flags, locale, zone, disabled, password, second factor, e-mail):
-- comparing the whole row means a column added to the session lookup later is covered too.
CREATE TRIGGER users_sessions_changed AFTER UPDATE ON users
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION carewell_users_changed();
--> statement-breakpoint
CREATE TRIGGER users_deleted AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION carewell_users_changed();
--> statement-breakpoint
CREATE TRIGGER sessions_changed AFTER UPDATE ON sessions
  FOR EACH ROW WHEN ((OLD.revoked_at, OLD.expires_at, OLD.user_id, OLD.token_hash, OLD.kind)
                     IS DISTINCT FROM (NEW.revoked_at, NEW.expires_at, NEW.user_id, NEW.token_hash, NEW.kind))
  EXECUTE FUNCTION carewell_sessions_changed();
--> statement-breakpoint
CREATE TRIGGER sessions_deleted AFTER DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION carewell_sessions_changed();
--> statement-breakpoint
CREATE TRIGGER passkeys_sessions_changed AFTER INSERT OR DELETE OR UPDATE OF user_id ON passkeys
  FOR EACH ROW EXECUTE FUNCTION carewell_sessions_changed();
--> statement-breakpoint
-- Most patients have no account: their inserts (bulk imports, seeds) skip the function entirely.
CREATE TRIGGER patients_linked AFTER INSERT ON patients
  FOR EACH ROW WHEN (NEW.user_id IS NOT NULL) EXECUTE FUNCTION carewell_sessions_changed();
--> statement-breakpoint
CREATE TRIGGER patients_sessions_changed AFTER DELETE OR UPDATE OF user_id ON patients
  FOR EACH ROW EXECUTE FUNCTION carewell_sessions_changed();
--> statement-breakpoint
CREATE TRIGGER staff_profiles_sessions_changed AFTER INSERT OR DELETE OR UPDATE OF user_id ON staff_profiles
  FOR EACH ROW EXECUTE FUNCTION carewell_sessions_changed();
--> statement-breakpoint
-- Integration keys are cached with the sessions (same cache, same channel). A key belongs to no
-- account, so a change to one signals 'api_keys', which empties the whole cache: revocations are
-- rare, and the last-use stamp written once a minute fires nothing.
CREATE FUNCTION carewell_api_keys_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('carewell_sessions', 'api_keys');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER api_keys_changed AFTER UPDATE ON api_keys
  FOR EACH ROW WHEN ((OLD.revoked_at, OLD.expires_at, OLD.scopes, OLD.key_hash)
                     IS DISTINCT FROM (NEW.revoked_at, NEW.expires_at, NEW.scopes, NEW.key_hash))
  EXECUTE FUNCTION carewell_api_keys_changed();
--> statement-breakpoint
CREATE TRIGGER api_keys_deleted AFTER DELETE ON api_keys FOR EACH ROW EXECUTE FUNCTION carewell_api_keys_changed();
