-- Double booking is impossible at the database level (issue 4, SECURITY.md "Reliability"): no two
-- active appointments (booked, checked_in) overlap for one clinician, one room or one patient.
-- Half-open ranges: one visit may end exactly when the next starts. Created in this order on
-- purpose: when a booking collides on the clinician and the room at once, the clinician's
-- constraint (checked first) names the conflict (slot_taken).
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_clinician_no_overlap"
  EXCLUDE USING gist ("staff_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)
  WHERE ("status" IN ('booked', 'checked_in'));
--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_room_no_overlap"
  EXCLUDE USING gist ("room_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)
  WHERE ("room_id" IS NOT NULL AND "status" IN ('booked', 'checked_in'));
--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_patient_no_overlap"
  EXCLUDE USING gist ("patient_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)
  WHERE ("status" IN ('booked', 'checked_in'));
