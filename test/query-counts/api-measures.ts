import { storeInboundMessageFixture } from '../helpers/hl7-messages.js';
import { sql } from 'drizzle-orm';
import type { PlannedRequest } from './measure-pages.js';
import type { Ids } from './page-measures.js';

const DAY = 86_400_000;

async function seeded(ids: Ids) {
  const one = (q: ReturnType<typeof sql>) => ids.one(q);
  return {
    maria: await one(sql`select id from patients where given_name = 'Maria' and family_name = 'Santos'`),
    doctorStaff: await one(sql`select s.id from staff_profiles s join users u on u.id = s.user_id where u.email = 'doctor@carewell.test'`),
    followUp: await one(sql`select id from visit_types where code = 'follow_up'`),
    encounter: await one(sql`select e.id from encounters e join patients p on p.id = e.patient_id
      where p.given_name = 'Maria' and p.family_name = 'Santos' order by e.started_at limit 1`),
    plan: await one(sql`select c.id from care_plans c join patients p on p.id = c.patient_id
      where p.given_name = 'Maria' and p.family_name = 'Santos' order by c.created_at limit 1`),
    alert: await one(sql`select id from alerts order by created_at, id limit 1`),
  };
}

/** The demo cardiologist's follow-up slots over the next two weeks, as the booking screens ask. */
function slotsUrl(s: { doctorStaff: string; followUp: string }, now: Date): string {
  const from = new Date(now.getTime() + DAY).toISOString().slice(0, 10);
  const to = new Date(now.getTime() + 14 * DAY).toISOString().slice(0, 10);
  return `/api/v1/slots?visitType=${s.followUp}&staffId=${s.doctorStaff}&from=${from}&to=${to}`;
}

/**
 * The API routes an app calls on every screen (lists, a record, the chart's parts, slot search,
 * booking, notifications and alerts), each with the role that calls it. Counted like the pages:
 * before and after the data grows, and held to an exact number.
 */
export async function planApi(ids: Ids): Promise<PlannedRequest[]> {
  const s = await seeded(ids);
  const now = ids.t.clock.now();
  const get = (route: string, viewer: PlannedRequest['viewer'], url: string, state?: string): PlannedRequest => ({
    route,
    viewer,
    method: 'GET',
    url,
    api: true,
    ...(state ? { state } : {}),
  });
  const patient = (path: string) => `/api/v1/patients/${s.maria}${path}`;
  return [
    get('GET /api/v1/me', 'doctor', '/api/v1/me'),
    get('GET /api/v1/me/lab-results', 'patient', '/api/v1/me/lab-results'),
    get('GET /api/v1/patients', 'receptionist', '/api/v1/patients'),
    get('GET /api/v1/patients', 'receptionist', '/api/v1/patients?query=Grown', 'name search'),
    get('GET /api/v1/patients/:id', 'doctor', patient('')),
    get('GET /api/v1/patients/:id', 'receptionist', patient('')),
    get('GET /api/v1/patients/:id', 'patient', patient('')),
    get('GET /api/v1/patients/:id/allergies', 'doctor', patient('/allergies')),
    get('GET /api/v1/patients/:id/conditions', 'doctor', patient('/conditions')),
    get('GET /api/v1/patients/:id/care-team', 'doctor', patient('/care-team')),
    get('GET /api/v1/patients/:id/encounters', 'doctor', patient('/encounters')),
    get('GET /api/v1/patients/:id/summaries', 'patient', patient('/summaries')),
    get('GET /api/v1/patients/:id/documents', 'doctor', patient('/documents')),
    get('GET /api/v1/patients/:id/care-plans', 'doctor', patient('/care-plans')),
    get('GET /api/v1/patients/:id/diagnoses', 'doctor', patient('/diagnoses')),
    get('GET /api/v1/patients/:id/problem-list', 'doctor', patient('/problem-list')),
    get('GET /api/v1/patients/:id/timeline', 'doctor', patient('/timeline')),
    get('GET /api/v1/patients/:id/access-log', 'patient', patient('/access-log')),
    get('GET /api/v1/encounters/:id', 'doctor', `/api/v1/encounters/${s.encounter}`),
    get('GET /api/v1/encounters/:id/notes', 'doctor', `/api/v1/encounters/${s.encounter}/notes`),
    get('GET /api/v1/encounters/:id/considerations', 'doctor', `/api/v1/encounters/${s.encounter}/considerations`),
    get('GET /api/v1/care-plans/:planId', 'doctor', `/api/v1/care-plans/${s.plan}`),
    get('GET /api/v1/slots', 'patient', slotsUrl(s, now)),
    {
      route: 'POST /api/v1/appointments',
      viewer: 'patient',
      method: 'POST',
      url: '/api/v1/appointments',
      api: true,
      // A new free slot for every send (the first one the slot search offers).
      body: async (ids) => {
        const response = await ids.t.app.inject({
          method: 'GET',
          url: slotsUrl(s, ids.t.clock.now()),
          headers: { authorization: `Bearer ${ids.accounts.get('patient')!.token}` },
        });
        const first = response.json<{ items: { staffId: string; visitTypeId: string; startsAt: string }[] }>().items[0]!;
        return { staffId: first.staffId, visitTypeId: first.visitTypeId, startsAt: first.startsAt, reason: 'Check-up' };
      },
    },
    get('GET /api/v1/appointments', 'patient', '/api/v1/appointments'),
    get('GET /api/v1/appointments', 'doctor', `/api/v1/appointments?staffId=${s.doctorStaff}`, 'own schedule'),
    get('GET /api/v1/waitlist', 'patient', '/api/v1/waitlist'),
    get('GET /api/v1/notifications', 'doctor', '/api/v1/notifications'),
    get('GET /api/v1/staff-threads', 'doctor', '/api/v1/staff-threads'),
    get('GET /api/v1/me/staff-messages/unread', 'nurse', '/api/v1/me/staff-messages/unread'),
    get('GET /api/v1/alerts', 'doctor', '/api/v1/alerts'),
    get('GET /api/v1/alerts/:id', 'admin', `/api/v1/alerts/${s.alert}`),
    get('GET /api/v1/banners/active', 'nurse', '/api/v1/banners/active'),
    get('GET /api/v1/staff', 'patient', '/api/v1/staff'),
    get('GET /api/v1/auth/sessions', 'doctor', '/api/v1/auth/sessions'),
    get('GET /api/v1/privacy/review-tasks', 'admin', '/api/v1/privacy/review-tasks'),
    get('GET /api/v1/admin/staff', 'admin', '/api/v1/admin/staff'),
    get('GET /api/v1/admin/audit', 'admin', '/api/v1/admin/audit'),
    get('GET /api/v1/admin/outbox', 'admin', '/api/v1/admin/outbox'),
    get('GET /api/v1/patients/:id/lab-orders', 'doctor', patient('/lab-orders')),
    get('GET /api/v1/lab/queue', 'lab_technician', '/api/v1/lab/queue'),
    get('GET /api/v1/lab/reconciliation', 'lab_technician', '/api/v1/lab/reconciliation'),
    get('GET /api/v1/lab/reconciliation/:id', 'lab_technician', `/api/v1/lab/reconciliation/${await storeInboundMessageFixture(ids.t)}`),
    get('GET /api/v1/lab-results/to-review', 'doctor', '/api/v1/lab-results/to-review'),
    get('GET /api/v1/lab/catalogue', 'doctor', '/api/v1/lab/catalogue'),
  ];
}
