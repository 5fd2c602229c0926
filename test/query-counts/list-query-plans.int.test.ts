import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { planApi } from './api-measures.js';
import { growHospital } from './grow-hospital.js';
import { openHospital, planPages, prepare } from './measure-pages.js';
import { PAGE_MEASURES } from './page-measures.js';

/**
 * Issue 11, "indexes for every list you serve": every SELECT the pages and hot API routes run is
 * EXPLAINed with sequential scans priced out (enable_seqscan = off). A table read whole (a
 * sequential scan, or an index walked end to end only to filter its rows) means no index serves
 * that query's condition. Tables bounded by the size of the hospital rather than its activity are
 * exempt (reference data and staff); so are the plans below, each with the reason.
 */
const BOUNDED_TABLES = new Set([
  'departments',
  'specialties',
  'visit_types',
  'rooms',
  'staff_profiles',
  'staff_specialties',
  'api_keys',
  'icd10_codes', // reference data: a fixed code list (searches on it use the trigram index)
  'ds_conditions', // the decision-support knowledge base: the hospital's own entries, tens of rows, read whole by design
  'ds_guidelines', // the guideline library: tens of summaries and protocols, read whole by design
  'lab_tests', // the laboratory catalogue: tens of tests
  'lab_panels', // the laboratory catalogue's panels
  'lab_release_rules', // one row per test category at most
  'ambulance_units', // the fleet (docs/emergency.md): a hospital's ambulances, tens of rows, listed whole by design
  'ambulance_crew', // their crews: a few paramedics per ambulance (each rides one unit: ambulance_crew_user_key)
]);

/** Full scans the planner picks only because the test data is tiny, checked by hand. */
const REVIEWED: { table: string; query: RegExp; reason: string }[] = [
  {
    table: 'staff_threads',
    query:
      /"staff_threads"\."id" in \(select tm\.thread_id from "staff_thread_members" tm where tm\.user_id = \$\d+ union all select ct\.id from "staff_threads" ct/,
    reason:
      "the threads one reads (staff messages list and the bell's unread count): the ids come from staff_thread_members_user_idx and (care-team threads) care_team_members_staff_idx with staff_threads_patient_key, then staff_threads_pkey and staff_messages_thread_idx; EXPLAIN over 5,000 group threads with 25,000 messages picks exactly those (2026-12-04, PGlite). The grown hospital has at most one staff thread, so the planner may walk a one-row index whole",
  },
  {
    table: 'care_tasks',
    query: /from "care_tasks" left join "staff_profiles" "assignee" on .* where "care_tasks"\."patient_id" = \$1/,
    reason:
      "a patient's tasks page: care_tasks_patient_idx (patient_id, status, due_at) serves it (EXPLAIN alone picks it); the grown hospital has no task, and over an empty table every index costs the same, so the planner may walk care_tasks_assignee_idx and filter (2026-12-04, PGlite)",
  },
  {
    table: 'care_tasks',
    query:
      /from "care_task_handoffs" left join "staff_profiles" "from_staff" on .* in \(select "id" from "care_tasks" where "care_tasks"\."patient_id" = \$1\)/,
    reason:
      "the handoffs beside a patient's tasks: the patient's task ids through care_tasks_patient_idx, then care_task_handoffs_task_idx; over the grown hospital's empty task tables the planner may instead probe care_tasks_pkey per handoff (2026-12-04, PGlite)",
  },
  {
    table: 'emergency_assignments',
    query:
      /from "emergency_assignments" where \("emergency_assignments"\."unit_id" = \$\d+ and "emergency_assignments"\."ended_at" is null\)/,
    reason:
      "a unit's open assignment (the fleet's unit page, in its one statement; the crew's page): emergency_assignments_one_open_per_unit (unit_id) where ended_at is null serves it; the grown hospital has no assignment, and over an empty table the planner may walk the other partial index with the same predicate (one_open_per_incident) and filter (2026-12-05, PostgreSQL 15)",
  },
  {
    table: 'emergency_assignments',
    query:
      /from "emergency_assignments" inner join "ambulance_units" .* where \("emergency_assignments"\."incident_id" = "emergency_incidents"\."id" and "emergency_assignments"\."ended_at" is null\)/,
    reason:
      "an incoming incident's open assignment (the ED board's lateral join): emergency_assignments_one_open_per_incident (incident_id) where ended_at is null serves it, with Index Cond incident_id = i.id (EXPLAIN on the demo hospital, 2026-12-07, PostgreSQL 15); the grown hospital has no assignment, and over an empty table the planner may walk the other partial index with the same predicate (one_open_per_unit) and filter",
  },
  {
    table: 'audit_events',
    query: /where "audit_events"\."patient_id" = \$1 order by "audit_events"\."id" desc/,
    reason: 'access log: audit_events_patient_idx (patient_id, id) serves it; with a few hundred rows one patient is 1/6 of the table',
  },
  {
    table: 'users',
    query: /u\.password_hash is null and u\.disabled_at is null/,
    reason: 'admin home: invited staff counted through staff_profiles (staff-sized), users looked up by key on real data',
  },
  {
    table: 'users',
    query: /from "staff_profiles" inner join "users" on "users"\."id" = "staff_profiles"\."user_id"/,
    reason:
      'staff directory and lists of clinicians: staff_profiles (staff-sized) joined to each user by users_pkey; with the test data the planner may instead merge-join by walking users_pkey whole (seen in CI on 2026-12-04, not on every run)',
  },
  {
    table: 'alerts',
    query: /order by "alerts"\."created_at" desc, "alerts"\."id" desc limit/,
    reason:
      'alert list: walks alerts_created_idx newest first and stops at the page limit; who may see an alert (sender, or a recipient through alert_recipients_pkey) is one OR that no single index serves, and most alerts go to everyone',
  },
  {
    table: 'clinical_alerts',
    query: /from "clinical_alerts" where \("clinical_alerts"\."patient_id" in \([^)]*\) and "clinical_alerts"\."status" = \$\d+\) order by/,
    reason:
      "the critical patients board: the open alerts (every kind) of the board's patients, served by clinical_alerts_patient_open_idx (patient_id, raised_at) where status = 'open'; with the grown hospital's handful of alerts the planner reads the table whole (2026-12-04, PGlite)",
  },
  {
    table: 'clinical_alerts',
    query: /select count\(\*\)::int from "clinical_alert_recipients" inner join "clinical_alerts"/,
    reason:
      "a clinician's open alerts: clinical_alert_recipients_user_idx (user_id, alert_id) finds theirs and clinical_alerts_pkey each alert; with the demo's one alert the planner reads it whole",
  },
  {
    table: 'clinical_alerts',
    query: /percentile_cont\(0\.5\) within group/,
    reason:
      'time-to-acknowledge report: clinical_alerts_kind_raised_idx (raised_at, kind) serves its date range; the default range covers all of the demo data',
  },
  {
    table: 'prescription_alerts',
    query:
      /from "prescription_alerts" where "prescription_alerts"\."prescription_id" = "prescriptions"\."id" and "prescription_alerts"\."requires_override"/,
    reason:
      'pharmacy queue: "an alert was overridden" per listed prescription through prescription_alerts_prescription_idx; with a handful of alerts the planner hashes the whole table once',
  },
  {
    table: 'monitoring_enrolments',
    query: /= any\(array\(select "monitoring_enrolments"\."patient_id" from "monitoring_enrolments"/,
    reason:
      "the remote-monitoring board: the viewer's patients come from monitoring_enrolments_responsible_idx and the care team, then their enrolments by patient through monitoring_enrolments_active_key (patient_id = any(array)); with the grown hospital's few enrolments PostgreSQL walks that partial index whole and filters (CI, 2026-12-04; PGlite used the key)",
  },
  {
    table: 'patient_threads',
    query:
      /from "patient_threads" left join "departments" on "departments"\."id" = "patient_threads"\."department_id" where "patient_threads"\."id" = \$\d+/,
    reason:
      "a thread's page: one thread by patient_threads_pkey; with the demo's single thread every index costs the same and the planner may walk patient_threads_department_idx and filter (2026-12-04, PGlite and PostgreSQL)",
  },
  {
    table: 'prescription_dispenses',
    query: /from "prescription_dispenses"/,
    reason:
      "a prescription's dispenses: prescription_dispenses_prescription_idx (prescription_id, dispensed_at) and the recent list's prescription_dispenses_recent_idx serve them; the demo has none, and the planner reads an empty table whole",
  },
];

const t = useTestApp();

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

function wholeTableReads(node: PlanNode, found: string[] = []): string[] {
  const type = node['Node Type'];
  const table = node['Relation Name'];
  if (table && !BOUNDED_TABLES.has(table)) {
    if (type === 'Seq Scan' || ((type === 'Index Scan' || type === 'Index Only Scan') && !node['Index Cond'] && node.Filter)) {
      found.push(table);
    }
  }
  for (const child of node.Plans ?? []) wholeTableReads(child, found);
  return found;
}

it('serves every list of the pages and hot API routes through an index', async () => {
  const hospital = await openHospital(t);
  const { accounts } = hospital.ids;
  const plan = [...(await planPages(hospital, Object.keys(PAGE_MEASURES))), ...(await planApi(hospital.ids))].filter(
    (p) => p.method === 'GET',
  );
  await growHospital(t, accounts);
  const explain = async (text: string, params: unknown[]) => {
    const prefix = 'explain (format json) ';
    if (t.database.pglite) return (await t.database.pglite.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(prefix + text, params)).rows[0]!;
    return ((await t.database.pool!.query(prefix + text, params)) as unknown as { rows: { 'QUERY PLAN': { Plan: PlanNode }[] }[] })
      .rows[0]!;
  };
  await t.db.execute(sql`analyze`);
  const statements: { route: string; text: string; params: unknown[] }[] = [];
  for (const p of plan) {
    const options = await prepare(t, hospital.ids, p);
    hospital.counter.reset();
    await t.app.inject(options);
    for (const s of hospital.counter.sentWithParams()) if (/^\s*(select|with)\b/i.test(s.text)) statements.push({ route: p.route, ...s });
  }
  const unindexed: string[] = [];
  for (const s of statements) {
    // Per statement, so the setting cannot leak into a pooled connection the app uses later.
    const result = await explainWithoutSeqScans(s.text, s.params);
    for (const table of wholeTableReads(result['QUERY PLAN'][0]!.Plan)) {
      if (REVIEWED.some((r) => r.table === table && r.query.test(s.text))) continue;
      unindexed.push(`${s.route}: ${table} read whole by ${s.text.slice(0, 400)}`);
    }
  }
  // Sanity: the plan reached the pages' reads (reference rows are read once, then come from the cache).
  expect(statements.length).toBeGreaterThan(200);
  expect([...new Set(unindexed)]).toEqual([]);

  async function explainWithoutSeqScans(text: string, params: unknown[]) {
    if (t.database.pglite) {
      await t.database.pglite.query('set enable_seqscan = off');
      try {
        return await explain(text, params);
      } finally {
        await t.database.pglite.query('reset enable_seqscan');
      }
    }
    const client = await t.database.pool!.connect();
    try {
      await client.query('set enable_seqscan = off');
      const result = await client.query(`explain (format json) ${text}`, params);
      await client.query('reset enable_seqscan');
      return (result.rows as { 'QUERY PLAN': { Plan: PlanNode }[] }[])[0]!;
    } finally {
      client.release();
    }
  }
}, 120_000);
