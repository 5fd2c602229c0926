import type { FastifyInstance } from 'fastify';
import { registerConstraintMessages } from '../../platform/db/constraint-errors.js';
import { registerAppointmentsApi } from './appointments.api.js';
import { registerAvailabilityApi } from './availability.api.js';
import { registerAvailabilityPages } from './availability.pages.js';
import { registerWaitlistAndAutoAssign } from './waitlist.register.js';
import { registerBookingPages } from './booking.pages.js';
import { registerCalendarPages } from './calendar.pages.js';
import { registerFrontDeskPages } from './front-desk.pages.js';
import { registerCalendarFeeds } from './calendar-feed.module.js';
import { registerReminders } from './reminders.module.js';

export { checkBookable, computeSlots, getVisitType, type Slot } from './services/availability.service.js';
export { listBusyIntervals } from './services/appointments-query.service.js';
export { findAppointmentById } from './appointments.repository.js';
export { appointments } from './appointments.tables.js';
export { selectPatientLabels } from './calendar-patients.repository.js';
export { availabilityRules, rooms, visitTypes } from './scheduling.tables.js';
export { getAppointment, listAppointments } from './services/appointments-query.service.js';

/** Scheduling: availability (visit types, rooms, working hours, exceptions, slots) and booking. */
export function registerSchedulingModule(app: FastifyInstance): void {
  registerConstraintMessages({
    availability_rules_no_overlap: { code: 'conflict', message: 'These working hours overlap other hours already set for that day. Change or remove those first.' },
  });
  registerAvailabilityApi(app);
  registerAvailabilityPages(app);
  registerAppointmentsApi(app);
  registerWaitlistAndAutoAssign(app);
  registerBookingPages(app);
  registerCalendarPages(app);
  registerFrontDeskPages(app);
  registerReminders(app);
  registerCalendarFeeds(app);
}
