-- The device-readings ledger is written BEFORE the observations it points at, in the same
-- transaction: its unique (device, code, time) index decides which readings are new (ON CONFLICT DO
-- NOTHING), and only those observations are then written. The key to observations is therefore
-- checked at commit, not per statement. drizzle-kit cannot declare a deferrable foreign key.
ALTER TABLE "device_readings" ALTER CONSTRAINT "device_readings_observation_id_observations_id_fk" DEFERRABLE INITIALLY DEFERRED;
