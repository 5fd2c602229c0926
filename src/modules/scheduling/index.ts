import type { FastifyInstance } from 'fastify';
import { registerConstraintMessages } from '../../platform/db/constraint-errors.js';
import { registerAppointmentsApi } from './appointments/appointments.api.js';
import { registerAvailabilityApi } from './availability/availability.api.js';
import { registerAvailabilityPages } from './availability/availability.pages.js';
import { registerWaitlistAndAutoAssign } from './waitlist/waitlist.register.js';
import { registerBookingPages } from './booking/booking.pages.js';
import { registerCalendarPages } from './calendar/calendar.pages.js';
import { registerFrontDeskPages } from './front-desk/front-desk.pages.js';
import { registerCalendarFeeds } from './calendar/calendar-feed.module.js';
import { registerReminders } from './reminders/reminders.module.js';

// What other modules may import (docs/architecture.md); every other file of this folder is private.
export { checkBookable, computeSlots, getVisitType, type Slot } from './availability/services/availability.service.js';
export { appointments } from './appointments/appointments.tables.js';
/** What else happens in the transaction that changes an appointment (billing captures a completed visit's charge). */
export { registerAppointmentHook, type AppointmentHook } from './appointments/services/appointment-hooks.js';
/** Views the home pages' worklists share with the calendar and board. */
export { StatusBadge } from './booking/views/booking-parts.js';
export { StatusActions } from './calendar/views/calendar-parts.js';
export { availabilityRules, rooms, visitTypes } from './availability/scheduling.tables.js';
/** For telemedicine (src/modules/telemedicine): admitting the patient checks them in, ending the call completes the visit. */
export { changeAppointmentStatus } from './appointments/services/appointment-status.service.js';
export { appointmentHooksOf } from './appointments/services/appointment-hooks.js';
export {
  findAppointmentForCheck,
  getAppointment,
  getAppointmentWithPatient,
  listBusyIntervals,
  departmentDayRead,
  ownCalendarRead,
  viewAppointments,
  viewDepartmentAppointments,
  type AppointmentsView,
} from './appointments/services/appointments-query.service.js';
export { listAppointments } from './appointments/services/appointments-list.service.js';

/** Scheduling: availability (visit types, rooms, working hours, exceptions, slots) and booking. */
export function registerSchedulingModule(app: FastifyInstance): void {
  registerConstraintMessages({
    availability_rules_no_overlap: {
      code: 'conflict',
      message: 'These working hours overlap other hours already set for that day. Change or remove those first.',
    },
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
