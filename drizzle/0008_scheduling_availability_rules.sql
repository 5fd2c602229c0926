-- One clinician's working hours never overlap: the same weekday, overlapping wall times and
-- overlapping validity dates are refused (drizzle-kit cannot write EXCLUDE constraints).
ALTER TABLE "availability_rules" ADD CONSTRAINT "availability_rules_no_overlap"
  EXCLUDE USING gist (
    "staff_id" WITH =,
    "weekday" WITH =,
    tsrange(date '2000-01-01' + "start_time", date '2000-01-01' + "end_time") WITH &&,
    daterange("valid_from", "valid_to", '[]') WITH &&
  );
--> statement-breakpoint
-- The visit types every hospital starts with (administrators may add more later).
INSERT INTO "visit_types" ("code", "name", "duration_minutes", "mode") VALUES
  ('new_patient', 'New patient', 30, 'in_person'),
  ('follow_up', 'Follow-up', 15, 'in_person'),
  ('telemedicine', 'Telemedicine', 20, 'telemedicine'),
  ('procedure', 'Procedure', 60, 'in_person')
ON CONFLICT ("code") DO NOTHING;
