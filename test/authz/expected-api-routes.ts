/**
 * Every API route the app registers, with the permission its guard requires: WRITTEN AND REVIEWED
 * BY HAND. Edit it by hand, never regenerate it from the route registry, never import the routes' config:
 * the authorization matrix compares the live registry against it, so a new route, a removed route or
 * a route whose permission changed fails until someone has read the change and updated this table.
 *
 * Values: 'public' (anyone, signed in or not), 'account' (any signed-in person), 'mfa.enroll' (a
 * staff member holding an enrolment token, or any signed-in person), or a permission that
 * expected-access.ts grants to some roles.
 */
import type { ExpectedPermission } from './expected-access.js';

export const EXPECTED_API_ROUTES: Record<string, ExpectedPermission> = {
  // api
  'GET /api/docs': 'public',
  'GET /api/docs/static/index.html': 'public',
  'GET /api/docs/static/swagger-initializer.js': 'public',
  'GET /api/docs/json': 'public',
  'GET /api/docs/yaml': 'public',
  'GET /api/docs/static/*': 'public',
  'GET /api/openapi.json': 'public',
  // push
  'GET /api/v1/push/public-key': 'account',
  'POST /api/v1/push/subscriptions': 'account',
  'DELETE /api/v1/push/subscriptions': 'account',
  // events
  'GET /api/v1/events/stream': 'account',
  // auth
  'POST /api/v1/auth/register': 'public',
  'POST /api/v1/auth/verify-email': 'public',
  'POST /api/v1/auth/token': 'public',
  'DELETE /api/v1/auth/token': 'account',
  'POST /api/v1/auth/password-reset': 'public',
  'POST /api/v1/auth/password-reset/confirm': 'public',
  'POST /api/v1/auth/invitations/accept': 'public',
  'POST /api/v1/auth/email/confirm': 'public',
  'POST /api/v1/auth/password': 'account',
  'POST /api/v1/auth/email': 'account',
  'GET /api/v1/auth/sessions': 'account',
  'DELETE /api/v1/auth/sessions/:id': 'account',
  'POST /api/v1/auth/mfa/totp': 'mfa.enroll',
  'POST /api/v1/auth/mfa/totp/confirm': 'mfa.enroll',
  'DELETE /api/v1/auth/mfa/totp': 'account',
  'POST /api/v1/auth/passkeys/register/options': 'mfa.enroll',
  'POST /api/v1/auth/passkeys/register/verify': 'mfa.enroll',
  'POST /api/v1/auth/passkeys/login/options': 'public',
  'POST /api/v1/auth/passkeys/login/verify': 'public',
  // me
  'GET /api/v1/me': 'account',
  // staff
  'GET /api/v1/staff': 'staff.directory',
  'GET /api/v1/staff/:id': 'staff.directory',
  'PUT /api/v1/staff/:id/photo': 'account',
  'DELETE /api/v1/staff/:id/photo': 'account',
  'GET /api/v1/staff/:id/photo': 'staff.directory',
  'GET /api/v1/staff/:staffId/availability-rules': 'availability.manage',
  'POST /api/v1/staff/:staffId/availability-rules': 'availability.manage',
  'PATCH /api/v1/staff/:staffId/availability-rules/:ruleId': 'availability.manage',
  'DELETE /api/v1/staff/:staffId/availability-rules/:ruleId': 'availability.manage',
  'GET /api/v1/staff/:staffId/availability-exceptions': 'availability.manage',
  'POST /api/v1/staff/:staffId/availability-exceptions': 'availability.manage',
  'DELETE /api/v1/staff/:staffId/availability-exceptions/:exceptionId': 'availability.manage',
  'GET /api/v1/staff/me/calendar-feed': 'availability.manage',
  'POST /api/v1/staff/me/calendar-feed': 'availability.manage',
  'DELETE /api/v1/staff/me/calendar-feed': 'availability.manage',
  // departments
  'GET /api/v1/departments': 'staff.directory',
  // specialties
  'GET /api/v1/specialties': 'staff.directory',
  // admin
  'POST /api/v1/admin/staff': 'admin.staff',
  'GET /api/v1/admin/staff': 'admin.staff',
  'GET /api/v1/admin/staff/:id': 'admin.staff',
  'PATCH /api/v1/admin/staff/:id': 'admin.staff',
  'POST /api/v1/admin/staff/:id/disable': 'admin.staff',
  'POST /api/v1/admin/staff/:id/enable': 'admin.staff',
  'POST /api/v1/admin/staff/:id/reset-mfa': 'admin.staff',
  'POST /api/v1/admin/staff/:id/resend-invitation': 'admin.staff',
  'GET /api/v1/admin/audit': 'audit.review',
  'POST /api/v1/admin/audit/verify': 'admin.audit',
  'POST /api/v1/admin/api-keys': 'admin.api-keys',
  'GET /api/v1/admin/api-keys': 'admin.api-keys',
  'GET /api/v1/admin/api-keys/:id': 'admin.api-keys',
  'DELETE /api/v1/admin/api-keys/:id': 'admin.api-keys',
  'GET /api/v1/admin/outbox': 'admin.outbox',
  'POST /api/v1/admin/outbox/:id/retry': 'admin.outbox',
  // patients
  'POST /api/v1/patients': 'patients.register',
  'GET /api/v1/patients': 'patients.search',
  'GET /api/v1/patients/:id': 'patients.read',
  'PATCH /api/v1/patients/:id': 'patients.update',
  'GET /api/v1/patients/:id/allergies': 'patients.read',
  'POST /api/v1/patients/:id/allergies': 'patients.clinical.write',
  'GET /api/v1/patients/:id/allergies/:itemId': 'patients.read',
  'PATCH /api/v1/patients/:id/allergies/:itemId': 'patients.clinical.write',
  'DELETE /api/v1/patients/:id/allergies/:itemId': 'patients.clinical.write',
  'GET /api/v1/patients/:id/conditions': 'patients.read',
  'POST /api/v1/patients/:id/conditions': 'patients.clinical.write',
  'GET /api/v1/patients/:id/conditions/:itemId': 'patients.read',
  'PATCH /api/v1/patients/:id/conditions/:itemId': 'patients.clinical.write',
  'DELETE /api/v1/patients/:id/conditions/:itemId': 'patients.clinical.write',
  'GET /api/v1/patients/:id/emergency-contacts': 'patients.read',
  'POST /api/v1/patients/:id/emergency-contacts': 'patients.update',
  'GET /api/v1/patients/:id/emergency-contacts/:itemId': 'patients.read',
  'PATCH /api/v1/patients/:id/emergency-contacts/:itemId': 'patients.update',
  'DELETE /api/v1/patients/:id/emergency-contacts/:itemId': 'patients.update',
  'GET /api/v1/patients/:id/insurance-policies': 'patients.read',
  'POST /api/v1/patients/:id/insurance-policies': 'patients.insurance.write',
  'GET /api/v1/patients/:id/insurance-policies/:itemId': 'patients.read',
  'PATCH /api/v1/patients/:id/insurance-policies/:itemId': 'patients.insurance.write',
  'DELETE /api/v1/patients/:id/insurance-policies/:itemId': 'patients.insurance.write',
  'GET /api/v1/patients/:id/care-team': 'care-team.read',
  'POST /api/v1/patients/:id/care-team': 'care-team.manage',
  'DELETE /api/v1/patients/:id/care-team/:membershipId': 'care-team.manage',
  'POST /api/v1/patients/:id/break-glass': 'break-glass',
  'GET /api/v1/patients/:id/access-log': 'access-log.read',
  'POST /api/v1/patients/:id/encounters': 'records.write',
  'GET /api/v1/patients/:id/encounters': 'records.read',
  'GET /api/v1/patients/:id/summaries': 'records.read',
  'POST /api/v1/patients/:id/documents': 'records.upload',
  'GET /api/v1/patients/:id/documents': 'records.read',
  'GET /api/v1/patients/:id/care-plans': 'records.read',
  'POST /api/v1/patients/:id/care-plans': 'records.write',
  'GET /api/v1/patients/:id/diagnoses': 'records.read',
  'GET /api/v1/patients/:id/problem-list': 'records.read',
  'GET /api/v1/patients/:id/procedures': 'records.read',
  'GET /api/v1/patients/:id/timeline': 'records.read',
  'GET /api/v1/patients/:id/health-record.pdf': 'records.read',
  // privacy
  'GET /api/v1/privacy/review-tasks': 'privacy.review',
  'POST /api/v1/privacy/review-tasks/:id/close': 'privacy.review',
  // reference
  'GET /api/v1/reference/allergy-substances': 'reference.read',
  'GET /api/v1/reference/icd10': 'reference.read',
  // medications: the ingredient catalogue (reference data) and the formulary
  'GET /api/v1/medications/ingredients': 'reference.read',
  'GET /api/v1/medications/products': 'medications.formulary.read',
  'POST /api/v1/medications/products': 'medications.formulary.manage',
  'GET /api/v1/medications/products/:id': 'medications.formulary.read',
  'PATCH /api/v1/medications/products/:id': 'medications.formulary.manage',
  // prescriptions: doctors write, doctors, nurses and pharmacists read (services check the clinical tier)
  'POST /api/v1/prescriptions': 'prescriptions.write',
  'GET /api/v1/prescriptions/:id': 'prescriptions.read',
  'PATCH /api/v1/prescriptions/:id': 'prescriptions.write',
  'POST /api/v1/prescriptions/:id/check': 'prescriptions.write',
  'POST /api/v1/prescriptions/:id/sign': 'prescriptions.write',
  'POST /api/v1/prescriptions/:id/stop': 'prescriptions.write',
  'POST /api/v1/prescriptions/:id/entered-in-error': 'prescriptions.write',
  'GET /api/v1/patients/:id/prescriptions': 'prescriptions.read',
  // alerts
  'POST /api/v1/alerts': 'alerts.broadcast',
  'POST /api/v1/alerts/code-blue': 'alerts.code-blue',
  'GET /api/v1/alerts': 'alerts.read',
  'GET /api/v1/alerts/:id': 'alerts.read',
  'POST /api/v1/alerts/:id/acknowledge': 'alerts.read',
  'POST /api/v1/alerts/:id/resolve': 'alerts.broadcast',
  // banners
  'GET /api/v1/banners/active': 'account',
  // notifications
  'GET /api/v1/notifications': 'account',
  'POST /api/v1/notifications/read-all': 'account',
  'POST /api/v1/notifications/:id/read': 'account',
  'GET /api/v1/notifications/preferences': 'account',
  'PUT /api/v1/notifications/preferences': 'account',
  // visit-types
  'GET /api/v1/visit-types': 'staff.directory',
  // rooms
  'GET /api/v1/rooms': 'staff.directory',
  // slots
  'GET /api/v1/slots': 'slots.search',
  // appointments
  'POST /api/v1/appointments/auto-assign': 'appointments.book',
  'POST /api/v1/appointments/:id/follow-up': 'appointments.manage',
  'GET /api/v1/appointments/:id/calendar.ics': 'appointments.read',
  'POST /api/v1/appointments': 'appointments.book',
  'GET /api/v1/appointments': 'appointments.read',
  'GET /api/v1/appointments/:id': 'appointments.read',
  'POST /api/v1/appointments/:id/reschedule': 'appointments.book',
  'POST /api/v1/appointments/:id/cancel': 'appointments.book',
  'POST /api/v1/appointments/:id/check-in': 'appointments.manage',
  'POST /api/v1/appointments/:id/complete': 'appointments.manage',
  'POST /api/v1/appointments/:id/no-show': 'appointments.manage',
  // waitlist
  'POST /api/v1/waitlist': 'appointments.book',
  'GET /api/v1/waitlist': 'appointments.read',
  'DELETE /api/v1/waitlist/:id': 'appointments.book',
  'POST /api/v1/waitlist/:id/accept': 'appointments.book',
  'POST /api/v1/waitlist/:id/decline': 'appointments.book',
  // encounters
  'GET /api/v1/encounters/:id': 'records.read',
  'POST /api/v1/encounters/:id/finish': 'records.write',
  'POST /api/v1/encounters/:id/summary': 'records.write',
  'POST /api/v1/encounters/:id/notes': 'records.write',
  'GET /api/v1/encounters/:id/notes': 'records.read',
  'POST /api/v1/encounters/:encounterId/diagnoses': 'records.write',
  'GET /api/v1/encounters/:encounterId/diagnoses': 'records.read',
  'DELETE /api/v1/encounters/:encounterId/diagnoses/:diagnosisId': 'records.write',
  'POST /api/v1/encounters/:encounterId/procedures': 'records.write',
  // notes
  'GET /api/v1/notes/:id': 'records.read',
  'PATCH /api/v1/notes/:id': 'records.write',
  'POST /api/v1/notes/:id/sign': 'records.write',
  'POST /api/v1/notes/:id/amendments': 'records.write',
  // documents
  'GET /api/v1/documents/:id': 'records.read',
  'GET /api/v1/documents/:id/content': 'records.read',
  'DELETE /api/v1/documents/:id': 'records.upload',
  // care-plan-templates
  'GET /api/v1/care-plan-templates': 'records.write',
  // care-plans
  'GET /api/v1/care-plans/:planId': 'records.read',
  'PATCH /api/v1/care-plans/:planId': 'records.write',
  'POST /api/v1/care-plans/:planId/activate': 'records.write',
  'POST /api/v1/care-plans/:planId/complete': 'records.write',
  'POST /api/v1/care-plans/:planId/goals': 'records.write',
  'PATCH /api/v1/care-plans/:planId/goals/:goalId': 'records.write',
  'POST /api/v1/care-plans/:planId/activities': 'records.write',
  'PATCH /api/v1/care-plans/:planId/activities/:activityId': 'records.write',
  'POST /api/v1/care-plans/:planId/progress': 'records.write',
  'POST /api/v1/care-plans/:planId/goals/:goalId/readings': 'patients.clinical.write',
};

/** Health probes and static assets: public by decision, never data. */
export const EXPECTED_SYSTEM_ROUTES: Record<string, ExpectedPermission> = {
  // healthz
  'GET /healthz': 'public',
  // readyz
  'GET /readyz': 'public',
  // assets
  'GET /assets/:name': 'public',
  'GET /assets/push.js': 'public',
  'GET /assets/identity/:name': 'public',
  'GET /assets/live.js': 'public',
  'GET /assets/records/:name': 'public',
};
