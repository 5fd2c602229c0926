/* eslint-disable max-lines -- the environment schema is one list; the payments keys (5 lines) tipped it over 400: split it when convenient */
import { isIP } from 'node:net';
import { EMERGENCY_ENVIRONMENT, emergencyConfigOf, type EmergencyConfig } from './emergency-config.js';
import path from 'node:path';
import { z } from 'zod';
import { STAFF_ROLES, type Role } from './auth/auth.tables.js';
import { isValidTimeZone } from './time/zoned-time.js';
import { paymentsConfigOf, paymentsEnvironment, type PaymentsConfig } from './payments-config.js';

/**
 * Configuration comes only from the environment and is validated once at start-up, so a bad value
 * stops the process with a message naming the variable instead of failing later in a request.
 */
const booleanFromEnv = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    error: 'must be one of true/false, 1/0, yes/no, on/off',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** A comma-separated list of ICE server URLs, each matching `pattern`; empty by default. */
function iceUrlList(pattern: RegExp, message: string) {
  return z
    .string()
    .default('')
    .transform((line) =>
      line
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(pattern, message)));
}

const environmentSchema = z.object({
  // Delivery (src/platform/outbox/delivery): each transport is on only when fully configured.
  RUN_WORKERS: booleanFromEnv.default(true),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SMTP_FROM: z.string().min(3, 'must be a sender address such as "Carewell <no-reply@hospital.example>"').optional(),
  SMS_API_URL: z.url({ error: 'must be the base URL of a Twilio-compatible API, e.g. https://api.twilio.com' }).optional(),
  SMS_ACCOUNT_SID: z.string().min(1).optional(),
  SMS_AUTH_TOKEN: z.string().min(1).optional(),
  SMS_FROM: z.string().min(1).optional(),
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{80,}$/, 'must be a URL-safe base64 P-256 public key')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{40,}$/, 'must be a URL-safe base64 P-256 private key')
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must be a mailto: address or an https:// URL')
    .optional(),
  PUSH_ENDPOINT_HOSTS: z.string().min(1).optional(),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(100).default(8),
  OUTBOX_POLL_SECONDS: z.coerce.number({ error: 'must be a whole number of seconds' }).int().min(1).max(3600).default(10),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Redis pub/sub carries real-time events between app instances when set (src/platform/events). */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters (use 64 random hex digits)').optional(),
  PUBLIC_URL: z.url({ error: 'must be an absolute URL such as https://carewell.example.org' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_SEED: booleanFromEnv.optional(),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(1_000_000).default(60),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('carewell-demo'),
  DEMO_TOTP_SECRET: z
    .string()
    .regex(/^[A-Z2-7]{16,}=*$/, 'must be base32 (A-Z, 2-7), at least 16 characters')
    .default('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'),
  /** The hospital's IANA zone: times for accounts without a zone of their own (docs/time.md). */
  HOSPITAL_TIME_ZONE: z.string().default('UTC').refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Paris or UTC'),
  /** The currency the hospital bills in (ISO 4217): prices and invoices are in it (docs/billing.md). */
  BILLING_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR or USD')
    .default('EUR'),
  ...paymentsEnvironment, // online payments (docs/billing.md)
  /** Online booking offers no slot starting sooner than this many minutes from now. */
  BOOKING_MIN_NOTICE_MINUTES: z.coerce.number({ error: 'must be a whole number of minutes' }).int().min(0).max(43_200).default(60),
  /** Patients may cancel or reschedule online until this many hours before the start; staff at any time. */
  /** An overridden prescribing alert stays collapsed for the same prescriber, patient and pair for this many months. */
  MEDICATION_OVERRIDE_COLLAPSE_MONTHS: z.coerce.number({ error: 'must be a whole number of months' }).int().min(0).max(120).default(12),
  APPOINTMENT_CANCEL_CUTOFF_HOURS: z.coerce.number({ error: 'must be a whole number of hours' }).int().min(0).max(720).default(24),
  /** When reminders go out before an appointment: e.g. "24h,2h" (m, h or d; 1 minute to 30 days each); "none" for no reminders. */
  WAITLIST_OFFER_MINUTES: z.coerce.number({ error: 'must be a whole number of minutes' }).int().min(1).max(10_080).default(60),
  ...EMERGENCY_ENVIRONMENT,
  /** Working days (Monday to Friday) within which a patient message is answered: the hospital default. */
  MESSAGE_RESPONSE_WORKING_DAYS: z.coerce.number({ error: 'must be a whole number of working days' }).int().min(1).max(30).default(2),
  /** Per-department answers, `CODE=days` separated by commas (e.g. `CARD=1,DERM=3`); others use the default. */
  MESSAGE_RESPONSE_WORKING_DAYS_BY_DEPARTMENT: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^[A-Za-z0-9_-]+=([1-9]|[12][0-9]|30)$/, 'each entry must be CODE=days (1 to 30), e.g. CARD=1')
          .transform((entry) => entry.split('=') as [string, string]),
      ),
    ),
  APPOINTMENT_REMINDER_OFFSETS: z
    .string()
    .default('24h,2h')
    .transform((line) =>
      line.trim().toLowerCase() === 'none'
        ? []
        : line
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[1-9]\d{0,5}[mhd]$/, 'each offset must be a whole number followed by m, h or d, such as 24h or 90m')))
    .transform((parts) =>
      [...new Set(parts.map((p) => Number(p.slice(0, -1)) * { m: 1, h: 60, d: 1440 }[p.slice(-1) as 'm' | 'h' | 'd']))].sort(
        (x, y) => y - x,
      ),
    )
    .pipe(z.array(z.number().max(43_200, 'each offset must be at most 30 days (30d, 720h)'))),
  // The resuscitation team a code blue goes to: the staff of the location's department with one of
  // these roles (default: every clinical role); nobody there, then these roles hospital-wide.
  ALERTS_CODE_BLUE_TEAM_ROLES: z
    .string()
    .default('doctor,nurse,pharmacist,lab_technician,radiologist,radiographer,paramedic')
    .transform((line) => [
      ...new Set(
        line
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z.array(z.enum(STAFF_ROLES, { error: `each role must be one of ${STAFF_ROLES.join(', ')}` })).min(1, 'name at least one staff role'),
    ),
  /** Minutes an acknowledgeable clinical alert waits before each escalation step (docs/clinical-alerts.md). */
  CLINICAL_ALERT_ESCALATION_MINUTES: z.coerce.number({ error: 'must be a whole number of minutes' }).int().min(1).max(1440).default(15),
  /** The last escalation step: "role:<staff role>", "department:<department code>", or "none". */
  CLINICAL_ALERT_FALLBACK: z
    .string()
    .default('role:doctor')
    .transform((line, ctx) => {
      const value = line.trim();
      if (value === 'none') return null;
      const [kind, target] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
      if (kind === 'role' && (STAFF_ROLES as readonly string[]).includes(target)) return { kind: 'role' as const, value: target as Role };
      if (kind === 'department' && /^\S+$/.test(target)) return { kind: 'department' as const, value: target };
      ctx.addIssue({
        code: 'custom',
        message: `must be role:<one of ${STAFF_ROLES.join(', ')}>, department:<department code>, or none`,
      });
      return z.NEVER;
    }),
  // Inbound HL7 v2 over MLLP (src/platform/hl7, docs/integration.md): off unless the port is set.
  HL7_MLLP_PORT: z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535).optional(),
  HL7_MLLP_HOST: z.string().min(1).default('127.0.0.1'),
  /** Registered senders: "APPLICATION^FACILITY" pairs (MSH-3^MSH-4), comma-separated. */
  HL7_SENDERS: z
    .string()
    .default('')
    .transform((line) =>
      line
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^^,\s]+\^[^^,\s]+$/, 'each sender must be APPLICATION^FACILITY, such as LIS^CITYLAB'))),
  /** Source addresses allowed to connect (exact IPv4/IPv6 addresses), comma-separated. */
  HL7_ALLOWED_ADDRESSES: z
    .string()
    .default('127.0.0.1,::1')
    .transform((line) =>
      line
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().refine((a) => isIP(a) !== 0, 'each address must be an IPv4 or IPv6 address'))),
  HL7_TLS_CERT_FILE: z.string().min(1).optional(),
  HL7_TLS_KEY_FILE: z.string().min(1).optional(),
  // Outbound HL7 v2 orders (ORM^O01) to an outside laboratory over MLLP, through the outbox:
  // captured in the outbox (never sent) unless the host and port are set.
  HL7_OUTBOUND_HOST: z.string().min(1).optional(),
  HL7_OUTBOUND_PORT: z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535).optional(),
  HL7_OUTBOUND_TLS: booleanFromEnv.default(false),
  HL7_OUTBOUND_ACK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  /** MSH-3^MSH-4 of the orders Carewell sends. */
  HL7_OUTBOUND_SENDER: z
    .string()
    .regex(/^[^^,\s]+\^[^^,\s]+$/, 'must be APPLICATION^FACILITY, such as CAREWELL^GENERAL')
    .default('CAREWELL^CAREWELL'),
  /** MSH-5^MSH-6: the outside laboratory's application and facility. */
  HL7_OUTBOUND_RECEIVER: z
    .string()
    .regex(/^[^^,\s]+\^[^^,\s]+$/, 'must be APPLICATION^FACILITY, such as LIS^CITYLAB')
    .default('LIS^OUTSIDELAB'),
  // Telemedicine video visits (docs/telemedicine.md): ICE servers for the browsers' WebRTC.
  /** STUN servers, comma-separated stun:/stuns: URLs; empty: host candidates only (one network). */
  TELEMEDICINE_STUN_URLS: iceUrlList(/^stuns?:\S+$/, 'each STUN URL must start with stun: or stuns:'),
  /** TURN servers, comma-separated turn:/turns: URLs (coturn with use-auth-secret). */
  TELEMEDICINE_TURN_URLS: iceUrlList(/^turns?:\S+$/, 'each TURN URL must start with turn: or turns:'),
  /** The TURN REST shared secret (coturn's static-auth-secret): from the environment only, never in the repo. */
  TELEMEDICINE_TURN_SECRET: z.string().min(16, 'must be at least 16 characters (use 64 random hex digits)').optional(),
  TELEMEDICINE_TURN_TTL_SECONDS: z.coerce.number({ error: 'must be a whole number of seconds' }).int().min(60).max(86_400).default(3600),
  /** How many minutes before the start the "Join video visit" button appears. */
  TELEMEDICINE_JOIN_OPENS_MINUTES: z.coerce.number({ error: 'must be a whole number of minutes' }).int().min(0).max(240).default(10),
  ALERTS_BROADCAST_ROLES: z
    .string()
    .default('admin')
    .transform((line) => [
      ...new Set(
        line
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z.array(z.enum(STAFF_ROLES, { error: `each role must be one of ${STAFF_ROLES.join(', ')}` })).min(1, 'name at least one staff role'),
    ),
});

export interface Config {
  /** Run the job runner and outbox delivery in this process (false: the web process only enqueues). */
  runWorkers: boolean;
  smtp: { url: string; from: string } | undefined;
  sms: { apiUrl: string; accountSid: string; authToken: string; from: string } | undefined;
  /** Configured VAPID keys; without them a pair is generated into DATA_DIR on first use. */
  vapid: { publicKey: string; privateKey: string } | undefined;
  vapidSubject: string;
  /** Host names (a leading `*.` matches subdomains) a Web Push subscription endpoint may point at. */
  pushEndpointHosts: string[];
  outboxMaxAttempts: number;
  outboxPollSeconds: number;
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Real-time events travel between instances through Redis pub/sub when set. */
  redisUrl: string | undefined;
  dataDir: string;
  appSecret: string | undefined;
  publicUrl: string;
  /** True when PUBLIC_URL is https: cookies get `__Host-` and `Secure`, HSTS is sent. */
  secureCookies: boolean;
  logLevel: string;
  /** Demo mode: demo accounts may sign in, outbox texts are readable. Never in production. */
  demoMode: boolean;
  demoPassword: string;
  demoTotpSecret: string;
  /** Sign-in attempts per client IP per minute (a hospital behind one NAT shares an address). */
  authRateLimitPerMinute: number;
  /** Staff roles that may broadcast and resolve hospital-wide alerts (default: admin). */
  alertsBroadcastRoles: Role[];
  /** Staff roles of the resuscitation team a code blue reaches (ALERTS_CODE_BLUE_TEAM_ROLES; default: clinical roles). */
  alertsCodeBlueTeamRoles: Role[];
  /** Minutes before each escalation step of an unacknowledged clinical alert (CLINICAL_ALERT_ESCALATION_MINUTES). */
  clinicalAlertEscalationMinutes: number;
  /** The last escalation step's people: a staff role, or a department by code; null for none (CLINICAL_ALERT_FALLBACK). */
  clinicalAlertFallback: { kind: 'role'; value: Role } | { kind: 'department'; value: string } | null;
  /** Inbound HL7 v2 over MLLP; undefined (off) unless HL7_MLLP_PORT is set. */
  hl7Inbound: Hl7InboundConfig | undefined;
  /** Outbound HL7 v2 orders; `destination` undefined means they stay captured in the outbox. */
  hl7Outbound: Hl7OutboundConfig;
  /** Hours before an appointment after which a patient must call to cancel or reschedule. */
  appointmentCancelCutoffHours: number;
  /** Months an overridden prescribing alert stays collapsed (0: never collapse). */
  medicationOverrideCollapseMonths: number;
  /** The hospital's zone, for every account that has not chosen one (HOSPITAL_TIME_ZONE). */
  hospitalTimeZone: string;
  /** The currency of prices and invoices (BILLING_CURRENCY). */
  billingCurrency: string;
  payments: PaymentsConfig; // PAYMENT_PROVIDER and its keys
  /** Booking offers no slot starting sooner than this after now (BOOKING_MIN_NOTICE_MINUTES). */
  bookingMinNoticeMinutes: number;
  /** Minutes before an appointment's start at which reminders go out, largest first (APPOINTMENT_REMINDER_OFFSETS). */
  appointmentReminderOffsetsMinutes: number[];
  /** How long a freed slot is held for the waitlisted patient it is offered to (WAITLIST_OFFER_MINUTES). */
  waitlistOfferMinutes: number;
  /** Video visits: ICE servers and the join window (TELEMEDICINE_*; docs/telemedicine.md). */
  telemedicine: TelemedicineConfig;
  /** Emergencies (docs/emergency.md). */
  emergency: EmergencyConfig;
  /** Patient messaging: the emergency number, and the working days to an answer (hospital default, per department code). */
  patientMessaging: { emergencyNumber: string; responseWorkingDays: number; responseWorkingDaysByDepartment: Record<string, number> };
}

export interface TelemedicineConfig {
  stunUrls: string[];
  turnUrls: string[];
  /** The TURN REST shared secret; TURN servers are offered only when it is set. */
  turnSecret: string | undefined;
  /** Lifetime of the short-lived TURN credentials handed to a browser. */
  turnTtlSeconds: number;
  /** Minutes before the start at which joining opens (until the appointment's end). */
  joinOpensMinutes: number;
}

export interface Hl7InboundConfig {
  port: number;
  /** The address to bind (HL7_MLLP_HOST; default 127.0.0.1: only this machine). */
  host: string;
  /** Sending application and facility pairs accepted (HL7_SENDERS). */
  senders: { application: string; facility: string }[];
  /** Peer addresses allowed to connect (HL7_ALLOWED_ADDRESSES; default the loopback addresses). */
  allowedAddresses: string[];
  /** MLLP over TLS when both files are set (HL7_TLS_CERT_FILE, HL7_TLS_KEY_FILE: PEM). */
  tls: { certFile: string; keyFile: string } | undefined;
}

export interface Hl7OutboundConfig {
  /** Where orders go (HL7_OUTBOUND_HOST, HL7_OUTBOUND_PORT, HL7_OUTBOUND_TLS); undefined: captured, not sent. */
  destination: { host: string; port: number; tls: boolean } | undefined;
  /** How long to wait for the laboratory's ACK before trying again later (HL7_OUTBOUND_ACK_TIMEOUT_SECONDS). */
  ackTimeoutSeconds: number;
  sender: { application: string; facility: string };
  receiver: { application: string; facility: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && e.DEMO_SEED === true) {
    throw new ConfigError(['DEMO_SEED: demo accounts are never allowed when NODE_ENV=production']);
  }
  const payments = paymentsConfigOf(e, production);
  const deliveryProblems = [...deliveryConfigProblems(e), ...hl7ConfigProblems(e), ...payments.problems];
  if (e.TELEMEDICINE_TURN_URLS.length > 0 && !e.TELEMEDICINE_TURN_SECRET)
    deliveryProblems.push("TELEMEDICINE_TURN_SECRET: required when TELEMEDICINE_TURN_URLS is set (the TURN server's static-auth-secret)");
  if (deliveryProblems.length > 0) throw new ConfigError(deliveryProblems);
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, '');
  return {
    runWorkers: e.RUN_WORKERS,
    smtp: e.SMTP_URL && e.SMTP_FROM ? { url: e.SMTP_URL, from: e.SMTP_FROM } : undefined,
    sms:
      e.SMS_API_URL && e.SMS_ACCOUNT_SID && e.SMS_AUTH_TOKEN && e.SMS_FROM
        ? { apiUrl: e.SMS_API_URL.replace(/\/$/, ''), accountSid: e.SMS_ACCOUNT_SID, authToken: e.SMS_AUTH_TOKEN, from: e.SMS_FROM }
        : undefined,
    vapid: e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY } : undefined,
    vapidSubject: e.VAPID_SUBJECT ?? (publicUrl.startsWith('https://') ? publicUrl : 'mailto:no-reply@carewell.invalid'),
    pushEndpointHosts: e.PUSH_ENDPOINT_HOSTS
      ? e.PUSH_ENDPOINT_HOSTS.split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean)
      : DEFAULT_PUSH_ENDPOINT_HOSTS,
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    outboxPollSeconds: e.OUTBOX_POLL_SECONDS,
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    dataDir: path.resolve(e.DATA_DIR),
    appSecret: e.APP_SECRET,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    logLevel: e.LOG_LEVEL,
    demoMode: !production && (e.DEMO_SEED ?? true),
    demoPassword: e.DEMO_PASSWORD,
    demoTotpSecret: e.DEMO_TOTP_SECRET,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    alertsBroadcastRoles: e.ALERTS_BROADCAST_ROLES,
    alertsCodeBlueTeamRoles: e.ALERTS_CODE_BLUE_TEAM_ROLES,
    clinicalAlertEscalationMinutes: e.CLINICAL_ALERT_ESCALATION_MINUTES,
    clinicalAlertFallback: e.CLINICAL_ALERT_FALLBACK,
    appointmentCancelCutoffHours: e.APPOINTMENT_CANCEL_CUTOFF_HOURS,
    medicationOverrideCollapseMonths: e.MEDICATION_OVERRIDE_COLLAPSE_MONTHS,
    hospitalTimeZone: e.HOSPITAL_TIME_ZONE,
    billingCurrency: e.BILLING_CURRENCY,
    payments: payments.config!,
    bookingMinNoticeMinutes: e.BOOKING_MIN_NOTICE_MINUTES,
    appointmentReminderOffsetsMinutes: e.APPOINTMENT_REMINDER_OFFSETS,
    waitlistOfferMinutes: e.WAITLIST_OFFER_MINUTES,
    telemedicine: {
      stunUrls: e.TELEMEDICINE_STUN_URLS,
      turnUrls: e.TELEMEDICINE_TURN_URLS,
      turnSecret: e.TELEMEDICINE_TURN_SECRET,
      turnTtlSeconds: e.TELEMEDICINE_TURN_TTL_SECONDS,
      joinOpensMinutes: e.TELEMEDICINE_JOIN_OPENS_MINUTES,
    },
    emergency: emergencyConfigOf(e),
    patientMessaging: {
      emergencyNumber: e.HOSPITAL_EMERGENCY_NUMBER,
      responseWorkingDays: e.MESSAGE_RESPONSE_WORKING_DAYS,
      responseWorkingDaysByDepartment: Object.fromEntries(
        e.MESSAGE_RESPONSE_WORKING_DAYS_BY_DEPARTMENT.map(([code, days]) => [code, Number(days)]),
      ),
    },
    hl7Inbound:
      e.HL7_MLLP_PORT === undefined
        ? undefined
        : {
            port: e.HL7_MLLP_PORT,
            host: e.HL7_MLLP_HOST,
            senders: e.HL7_SENDERS.map(applicationAndFacility),
            allowedAddresses: e.HL7_ALLOWED_ADDRESSES,
            tls: e.HL7_TLS_CERT_FILE && e.HL7_TLS_KEY_FILE ? { certFile: e.HL7_TLS_CERT_FILE, keyFile: e.HL7_TLS_KEY_FILE } : undefined,
          },
    hl7Outbound: {
      destination:
        e.HL7_OUTBOUND_HOST && e.HL7_OUTBOUND_PORT !== undefined
          ? { host: e.HL7_OUTBOUND_HOST, port: e.HL7_OUTBOUND_PORT, tls: e.HL7_OUTBOUND_TLS }
          : undefined,
      ackTimeoutSeconds: e.HL7_OUTBOUND_ACK_TIMEOUT_SECONDS,
      sender: applicationAndFacility(e.HL7_OUTBOUND_SENDER),
      receiver: applicationAndFacility(e.HL7_OUTBOUND_RECEIVER),
    },
  };
}

/** Push services browsers use; a subscription endpoint elsewhere is refused (no request forgery). */
const DEFAULT_PUSH_ENDPOINT_HOSTS = ['fcm.googleapis.com', 'updates.push.services.mozilla.com', '*.push.apple.com', '*.notify.windows.com'];

/** A transport is configured completely or not at all: half a configuration is a mistake to report. */
function deliveryConfigProblems(e: z.infer<typeof environmentSchema>): string[] {
  const problems: string[] = [];
  if (e.SMTP_URL && !e.SMTP_FROM) problems.push('SMTP_FROM: required when SMTP_URL is set (the sender address)');
  const sms = { SMS_API_URL: e.SMS_API_URL, SMS_ACCOUNT_SID: e.SMS_ACCOUNT_SID, SMS_AUTH_TOKEN: e.SMS_AUTH_TOKEN, SMS_FROM: e.SMS_FROM };
  const missing = Object.entries(sms)
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0 && missing.length < 4) {
    for (const name of missing) problems.push(`${name}: required when any SMS_* variable is set (all four configure the SMS provider)`);
  }
  if (Boolean(e.VAPID_PUBLIC_KEY) !== Boolean(e.VAPID_PRIVATE_KEY))
    problems.push('VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both or neither (without them a key pair is generated into DATA_DIR)');
  return problems;
}

/** A listener that would accept nobody, or TLS half-configured, is a mistake to report at start-up. */
function hl7ConfigProblems(e: z.infer<typeof environmentSchema>): string[] {
  const problems: string[] = [];
  if (Boolean(e.HL7_TLS_CERT_FILE) !== Boolean(e.HL7_TLS_KEY_FILE))
    problems.push('HL7_TLS_CERT_FILE, HL7_TLS_KEY_FILE: set both (MLLP over TLS) or neither (plain MLLP)');
  if (Boolean(e.HL7_OUTBOUND_HOST) !== (e.HL7_OUTBOUND_PORT !== undefined))
    problems.push(
      'HL7_OUTBOUND_HOST, HL7_OUTBOUND_PORT: set both (orders are sent to the outside laboratory) or neither (they stay captured in the outbox)',
    );
  if (e.HL7_MLLP_PORT !== undefined && e.HL7_SENDERS.length === 0)
    problems.push('HL7_SENDERS: required when HL7_MLLP_PORT is set (the APPLICATION^FACILITY pairs accepted, comma-separated)');
  return problems;
}

/** "APP^FACILITY" (already checked by the schema) → its two parts. */
function applicationAndFacility(pair: string): { application: string; facility: string } {
  const [application, facility] = pair.split('^') as [string, string];
  return { application, facility };
}

/**
 * For process entry points (server, worker, CLI commands): the configuration, or `null` after the
 * operator has been told which variable is wrong — a bad value is a message, never a stack trace.
 */
export function loadConfigOrReport(env: NodeJS.ProcessEnv = process.env): Config | null {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return null;
  }
}
