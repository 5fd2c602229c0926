import { z } from 'zod';

/** Emergencies (docs/emergency.md): the variables, merged into the environment schema of config.ts. */
export const EMERGENCY_ENVIRONMENT = {
  /** The hospital's emergency number: the SOS page always shows it; patient messaging's compose page too (docs/messaging.md). */
  HOSPITAL_EMERGENCY_NUMBER: z
    .string()
    .regex(/^[0-9+() -]{2,20}$/, 'must be a telephone number such as 112 or +44 20 7946 0000')
    .default('112'),
  /** Emergencies (docs/emergency.md): seconds an SOS may wait unacknowledged before dispatch staff are notified on every channel. */
  EMERGENCY_ACK_TIMEOUT_SECONDS: z.coerce.number({ error: 'must be a whole number of seconds' }).int().min(10).max(3600).default(60),
  /** Days the patients' shared positions are kept; a daily job deletes older ones. */
  EMERGENCY_LOCATION_RETENTION_DAYS: z.coerce.number({ error: 'must be a whole number of days' }).int().min(1).max(3650).default(30),
  /** The speed model for ambulance ETAs (straight-line distance at this average speed). */
  EMERGENCY_AMBULANCE_SPEED_KMH: z.coerce.number({ error: 'must be a speed in km/h' }).min(5).max(300).default(50),
  /** The dispatch map's tile server, e.g. https://tile.example.org/{z}/{x}/{y}.png; empty: no tiles (positions and distances in a list). */
  EMERGENCY_MAP_TILE_URL: z
    .string()
    .default('')
    .refine((v) => v === '' || /^https:\/\/[^\s"'<>]+\{z\}[^\s"'<>]*$/.test(v), 'must be an https URL with {z}, {x} and {y}, or empty'),
};

export interface EmergencyConfig {
  emergencyNumber: string;
  ackTimeoutSeconds: number;
  locationRetentionDays: number;
  ambulanceSpeedKmh: number;
  /** Empty: the dispatch map has no tiles (positions and distances in a list). */
  mapTileUrl: string;
}

export function emergencyConfigOf(e: {
  HOSPITAL_EMERGENCY_NUMBER: string;
  EMERGENCY_ACK_TIMEOUT_SECONDS: number;
  EMERGENCY_LOCATION_RETENTION_DAYS: number;
  EMERGENCY_AMBULANCE_SPEED_KMH: number;
  EMERGENCY_MAP_TILE_URL: string;
}): EmergencyConfig {
  return {
    emergencyNumber: e.HOSPITAL_EMERGENCY_NUMBER,
    ackTimeoutSeconds: e.EMERGENCY_ACK_TIMEOUT_SECONDS,
    locationRetentionDays: e.EMERGENCY_LOCATION_RETENTION_DAYS,
    ambulanceSpeedKmh: e.EMERGENCY_AMBULANCE_SPEED_KMH,
    mapTileUrl: e.EMERGENCY_MAP_TILE_URL,
  };
}
