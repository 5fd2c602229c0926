import type { Role, SessionKind } from './auth.tables.js';

/**
 * Who is making a request, resolved once per request from the session cookie or bearer token.
 * Services receive it (never the raw request) to decide what the person may do.
 */
export interface UserActor {
  kind: 'user';
  userId: string;
  role: Role;
  flags: { nurseLead: boolean; privacyOfficer: boolean; dispatcher?: boolean };
  email: string;
  locale: string;
  timeZone: string;
  patientId: string | null;
  staffId: string | null;
  sessionId: string;
  sessionKind: SessionKind;
  mfaEnrolled: boolean;
}

export interface ApiKeyActor {
  kind: 'api_key';
  apiKeyId: string;
  scopes: string[];
}

export type Actor = UserActor | ApiKeyActor;

/** Where a request came from, for audit rows. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface ServiceContext {
  actor: UserActor;
  origin: RequestOrigin;
  now: Date;
}

/**
 * A request made with an integration key: a service principal with scopes, no person, no role and no
 * care team. Services that accept it give it at most the registration tier of a record.
 */
export interface IntegrationContext {
  actor: ApiKeyActor;
  origin: RequestOrigin;
  now: Date;
}

export const isIntegration = (ctx: ServiceContext | IntegrationContext): ctx is IntegrationContext => ctx.actor.kind === 'api_key';

export const isStaff = (actor: UserActor) => actor.role !== 'patient';
