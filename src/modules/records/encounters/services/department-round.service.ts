import type { Placeholder } from 'drizzle-orm';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, preparedReadTogether } from '../../../../platform/db/read-together.js';
import { chosenOrOwnDepartment, departmentPatientsQuery, staffDepartmentQuery, type RoundPatient } from '../department-round.repository.js';
import { dayBounds } from './encounters-today.service.js';

/** A viewer without a staff profile has no department: the nil id matches no profile. */
const NIL_ID = '00000000-0000-0000-0000-000000000000';

/** The viewer's department with the patients of the chosen one (or of their own): ONE statement, built once. */
const departmentRoundStatement = preparedReadTogether(
  (db, param: (name: 'staffId' | 'requested' | 'dayStart' | 'dayEnd') => Placeholder) => ({
    own: deferRead(staffDepartmentQuery(db, param('staffId')), ([row]) => row?.departmentId ?? null),
    patients: deferRead(
      departmentPatientsQuery(db, {
        departmentId: chosenOrOwnDepartment(db, param('requested'), param('staffId')),
        dayStart: param('dayStart'),
        dayEnd: param('dayEnd'),
      }),
      (rows): RoundPatient[] => rows,
    ),
  }),
);

/**
 * A department's patients today in the viewer's zone, as the medication and observation rounds
 * define them (an open encounter, or an appointment today, with one of its clinicians): the one
 * `requested` (a board's choice), else the viewer's own department (none for a viewer without
 * one). One statement (issue 11). Registration data only; the caller audits what it shows.
 */
export async function departmentRound(
  db: Db,
  ctx: ServiceContext,
  requested: string | null = null,
): Promise<{ departmentId: string | null; patients: RoundPatient[] }> {
  const { from: dayStart, to: dayEnd } = dayBounds(ctx.now, ctx.actor.timeZone);
  const staffId = ctx.actor.staffId ?? NIL_ID;
  const { own, patients } = await departmentRoundStatement(db, { staffId, requested, dayStart, dayEnd });
  const departmentId = requested ?? own;
  return { departmentId, patients: departmentId ? patients : [] };
}
