import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { validationFailed } from '../../../platform/errors.js';
import { addDays, daysBetween, localDateOf, localTimeToInstantOrAfterGap } from '../../../platform/time/zoned-time.js';
import { selectRaisedBetween, selectTimeToAcknowledge } from '../clinical-alerts.repository.js';
import type { TimeToAcknowledgeDto } from '../clinical-alerts.schemas.js';
import { CLINICAL_ALERT_KINDS, ESCALATION_STEPS } from '../clinical-alerts.vocabulary.js';

const LIST_LIMIT = 200;
const MAX_DAYS = 366;

/**
 * "Time to acknowledge" over local dates [from, to] (inclusive) in the viewer's zone (default: the
 * last 30 days): per kind, how many were raised and acknowledged, and of the acknowledged ones the
 * median, the 90th percentile (both linearly interpolated, PostgreSQL `percentile_cont`) and the
 * longest time, in seconds; and the alerts themselves, oldest first (at most 200). No patient data:
 * kinds, times and steps only.
 */
export async function timeToAcknowledgeReport(
  db: Db,
  ctx: ServiceContext,
  query: { from?: string; to?: string },
): Promise<TimeToAcknowledgeDto> {
  const zone = ctx.actor.timeZone;
  const to = query.to ?? localDateOf(ctx.now, zone);
  const from = query.from ?? addDays(to, -29);
  if (daysBetween(from, to) < 0) throw validationFailed([{ path: 'from', message: 'The start must be on or before the end.' }]);
  if (daysBetween(from, to) >= MAX_DAYS) throw validationFailed([{ path: 'from', message: 'Choose at most a year.' }]);
  const start = localTimeToInstantOrAfterGap(from, 0, zone);
  const end = localTimeToInstantOrAfterGap(addDays(to, 1), 0, zone);
  const [figures, rows] = await Promise.all([selectTimeToAcknowledge(db, start, end), selectRaisedBetween(db, start, end, LIST_LIMIT + 1)]);
  const byKind = new Map(figures.map((f) => [f.kind, f]));
  return {
    from,
    to,
    timeZone: zone,
    kinds: CLINICAL_ALERT_KINDS.map((kind) => {
      const f = byKind.get(kind);
      return {
        kind,
        raised: f?.raised ?? 0,
        acknowledged: f?.acknowledged ?? 0,
        medianSeconds: f?.medianSeconds ?? null,
        p90Seconds: f?.p90Seconds ?? null,
        maxSeconds: f?.maxSeconds ?? null,
      };
    }),
    items: rows.slice(0, LIST_LIMIT).map((r) => ({
      id: r.id,
      kind: r.kind,
      severity: r.severity,
      raisedAt: r.raisedAt.toISOString(),
      acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
      secondsToAcknowledge: r.acknowledgedAt ? Math.round((r.acknowledgedAt.getTime() - r.raisedAt.getTime()) / 1000) : null,
      escalationStep: ESCALATION_STEPS[r.escalationStep] ?? 'fallback',
    })),
    truncated: rows.length > LIST_LIMIT,
  };
}
