import { z } from 'zod';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors.js';
import { requireVisitType } from '../availability/services/availability.service.js';
import type { SlotSearchItem } from '../availability/services/slots-search.service.js';
import type { BookingOptions } from '../appointments/services/book-appointment.service.js';
import { selectPreferredLanguage } from '../waitlist/auto-assign.repository.js';
import { REASON_CODES } from '../waitlist/auto-assign.schemas.js';
import type { ReasonCode } from '../waitlist/auto-assign.scoring.js';
import { assignmentReasonWords, autoAssign } from '../waitlist/services/auto-assign.service.js';
import { findFirstSlot, type SlotSearchForm } from './booking-support.js';

/** Why "first available" chose a time, as the confirm page's query string carries it (codes, never shown). */
export const firstAvailableWhySchema = z.object({
  why: z.string().max(100).optional(),
  whyLanguage: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/)
    .optional(),
});

export interface FirstAvailable {
  slot: Pick<SlotSearchItem, 'staffId' | 'visitTypeId' | 'startsAt'>;
  /** Extra query fields for the confirm page: the reason codes and the language they name. */
  why: Record<string, string>;
}

/**
 * "First available": the scored automatic assignment (waitlist/services/auto-assign.service.ts:
 * earliest slot, language, previous clinician, load) among the clinicians of the specialty, with
 * its reasons. When the person chose one clinician, or the visit type has no specialty to choose
 * among, it is simply that search's earliest slot ("earliest available"). Undefined: nothing free.
 */
export async function chooseFirstAvailable(
  db: Db,
  ctx: ServiceContext,
  form: SlotSearchForm,
  dates: { from: string; to: string },
  options: { minNoticeMinutes: number; patientId?: string | undefined; logger: BookingOptions['logger'] },
): Promise<FirstAvailable | undefined> {
  if (!form.visitType) return undefined;
  const visitType = await requireVisitType(db, form.visitType);
  const specialtyId = form.specialty ?? visitType.specialtyId ?? undefined;
  if (form.staffId || !specialtyId) {
    const slot = await findFirstSlot(db, ctx, form, dates, options.minNoticeMinutes);
    return slot ? { slot, why: { why: 'earliest' } } : undefined;
  }
  const patientId = ctx.actor.role === 'patient' ? ctx.actor.patientId : options.patientId;
  const language = form.language ?? (patientId ? await selectPreferredLanguage(db, patientId) : null);
  try {
    const outcome = await autoAssign(
      db,
      ctx,
      {
        specialtyId,
        visitTypeId: form.visitType,
        from: dates.from,
        to: dates.to,
        ...(options.patientId && ctx.actor.role !== 'patient' ? { patientId: options.patientId } : {}),
        ...(language ? { preferredLanguage: language } : {}),
      },
      { logger: options.logger, hooks: [], minNoticeMinutes: options.minNoticeMinutes },
    );
    if (outcome.replayed) return undefined;
    const choice = outcome.body;
    return {
      slot: { staffId: choice.staffId, visitTypeId: choice.visitTypeId, startsAt: choice.startsAt },
      why: { why: choice.reasonCodes.join(','), ...(language ? { whyLanguage: language } : {}) },
    };
  } catch (error) {
    // 422: no clinician of the specialty is free in the period; the page says so as for a search.
    if (error instanceof AppError && error.status === 422) return undefined;
    throw error;
  }
}

/** The confirm page's "why this time" in the reader's words; empty for anything but known codes. */
export function firstAvailableReasons(
  reader: { locale: string; isPatient: boolean },
  query: z.infer<typeof firstAvailableWhySchema>,
): string[] {
  const codes = (query.why ?? '').split(',').filter((code): code is ReasonCode => (REASON_CODES as readonly string[]).includes(code));
  return assignmentReasonWords(reader, [...new Set(codes)], query.whyLanguage ?? null);
}
