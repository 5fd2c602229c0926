import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import { STAFF_ROLES, type Role } from '../../../platform/auth/auth.tables.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound, unprocessable } from '../../../platform/errors.js';
import { translator } from '../../../platform/i18n/i18n.js';
import type { AlertDetailDto, BroadcastAlertInput, CodeBlueInput } from '../alerts.schemas.js';
import { departmentName, insertAlert, insertRecipients, selectAudienceMembers, type AudienceFilter } from '../alerts.repository.js';
import { bannerOf } from './alert-access.js';
import { getAlert } from './alert-queries.service.js';
import { notify, publishEvent, type EventAudience } from './alert-delivery.js';

/** Who receives the event: the same people the recipient rows name (staff only, never patients). */
export function eventAudienceOf(audience: AudienceFilter): EventAudience {
  if (audience.kind === 'department') return { departmentIds: [audience.departmentId!] };
  if (audience.kind === 'role') return { roles: [audience.role!] };
  return { roles: [...STAFF_ROLES] };
}

/** How many people an audience reaches now (the confirmation step of a critical alert shows it). */
export async function countAudience(db: Db, audience: AudienceFilter): Promise<number> {
  return (await selectAudienceMembers(db, audience)).length;
}

/**
 * Broadcasts a hospital-wide alert in one transaction: the alert, its recipients (every active
 * staff account in the audience, fixed now so acknowledgements are exact), the audit row, the event
 * that puts a banner on every open page of the audience, and — when external channels are chosen —
 * a notification per recipient (emergency category: quiet hours do not hold it back).
 */
export async function broadcastAlert(db: Db, ctx: ServiceContext, input: BroadcastAlertInput): Promise<AlertDetailDto> {
  const audience: AudienceFilter = { kind: input.audience, departmentId: input.departmentId, role: input.role };
  if (audience.kind === 'department' && !(await departmentName(db, audience.departmentId!))) throw notFound('The department');
  const { now } = ctx;
  const alertId = await db.transaction(async (tx) => {
    const members = await selectAudienceMembers(tx, audience);
    if (members.length === 0) throw unprocessable('Nobody is in this audience: choose another department or role.');
    const { id } = await insertAlert(
      tx,
      {
        type: input.type,
        severity: input.severity,
        message: input.message,
        location: input.location ?? null,
        audience: input.audience,
        departmentId: input.departmentId ?? null,
        audienceRole: input.role ?? null,
        channels: input.channels,
        sentBy: ctx.actor.userId,
      },
      now,
    );
    await insertRecipients(
      tx,
      id,
      members.map((m) => m.userId),
    );
    // Ids and codes only: the message is free text and could name a patient.
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'alert.broadcast',
        resourceType: 'alert',
        resourceId: id,
        category: 'administration',
        severity: input.severity === 'critical' ? 'high' : 'medium',
        detail: {
          type: input.type,
          severity: input.severity,
          audience: input.audience,
          departmentId: input.departmentId ?? null,
          role: input.role ?? null,
          channels: input.channels,
          recipients: members.length,
        },
      },
      now,
    );
    // One event for the whole audience, so its title is in the sender's language; banners fetched
    // later (GET /api/v1/banners/active) come in each reader's own language.
    const banner = bannerOf(translator(ctx.actor.locale), {
      id,
      type: input.type,
      severity: input.severity,
      message: input.message,
      location: input.location ?? null,
    });
    await publishEvent(
      tx,
      { type: 'alert.broadcast', audience: eventAudienceOf(audience), data: { alertId: id, type: input.type, banner } },
      now,
    );
    if (input.channels.length > 0) {
      for (const member of members) {
        const t = translator(member.locale);
        await notify(
          tx,
          {
            recipientUserId: member.userId,
            category: 'emergency',
            template: 'alerts.broadcast',
            params: {
              type: t(`alerts.type_${input.type}`),
              severity: t(`alerts.severity_${input.severity}`),
              message: input.message,
              location: input.location ?? '—',
            },
            link: `/alerts/${id}`,
            dedupeKey: `alert:${id}`,
            // The sender chose how this alert travels; personal preferences do not narrow it.
            channels: input.channels,
          },
          now,
        );
      }
    }
    return id;
  });
  return getAlert(db, ctx, alertId);
}

/**
 * A code blue called by a clinician (permission `alerts.code-blue`, every clinical role): always
 * type code_blue and severity critical, sent to the resuscitation team — the staff of the location's
 * department whose role is in ALERTS_CODE_BLUE_TEAM_ROLES; when nobody there has one of those roles,
 * the same roles hospital-wide (an emergency must reach someone). ALERTS_BROADCAST_ROLES still
 * governs every other type, through broadcastAlert.
 */
export async function callCodeBlue(db: Db, ctx: ServiceContext, input: CodeBlueInput, teamRoles: readonly Role[]): Promise<AlertDetailDto> {
  if (!(await departmentName(db, input.departmentId))) throw notFound('The department');
  const { now } = ctx;
  const t = translator(ctx.actor.locale);
  const message = input.message?.trim() || t('alerts.code_blue_default_message');
  const alertId = await db.transaction(async (tx) => {
    let members = await selectAudienceMembers(tx, { kind: 'department', departmentId: input.departmentId, roles: teamRoles });
    const hospitalWide = members.length === 0;
    if (hospitalWide) members = await selectAudienceMembers(tx, { kind: 'everyone', roles: teamRoles });
    if (members.length === 0) throw unprocessable('Nobody is in the resuscitation team: check ALERTS_CODE_BLUE_TEAM_ROLES.');
    const { id } = await insertAlert(
      tx,
      {
        type: 'code_blue',
        severity: 'critical',
        message,
        location: input.location,
        audience: hospitalWide ? 'everyone' : 'department',
        departmentId: hospitalWide ? null : input.departmentId,
        audienceRole: null,
        channels: [],
        sentBy: ctx.actor.userId,
      },
      now,
    );
    await insertRecipients(
      tx,
      id,
      members.map((m) => m.userId),
    );
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'alert.code_blue',
        resourceType: 'alert',
        resourceId: id,
        category: 'administration',
        severity: 'high',
        detail: { type: 'code_blue', departmentId: input.departmentId, hospitalWide, recipients: members.length },
      },
      now,
    );
    const banner = bannerOf(t, { id, type: 'code_blue', severity: 'critical', message, location: input.location });
    await publishEvent(
      tx,
      {
        type: 'alert.broadcast',
        audience: { userIds: members.map((m) => m.userId) },
        data: { alertId: id, type: 'code_blue', banner },
      },
      now,
    );
    return id;
  });
  return getAlert(db, ctx, alertId);
}
