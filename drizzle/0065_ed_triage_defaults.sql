-- The default five-level triage scale (docs/emergency.md): neutral labels and target times in
-- minutes to be seen, which the hospital's administrators edit. No proprietary triage text.
INSERT INTO "ed_triage_levels" ("level", "label", "target_minutes") VALUES
  (1, 'Level 1 – Immediate', 0),
  (2, 'Level 2 – Very urgent', 10),
  (3, 'Level 3 – Urgent', 60),
  (4, 'Level 4 – Standard', 120),
  (5, 'Level 5 – Non-urgent', 240)
ON CONFLICT ("level") DO NOTHING;
