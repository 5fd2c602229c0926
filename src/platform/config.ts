import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes only from the environment and is validated once at start-up, so a bad value
 * stops the process with a message naming the variable instead of failing later in a request.
 */
const booleanFromEnv = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    error: 'must be one of true/false, 1/0, yes/no, on/off',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
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
});

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
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
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, '');
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    appSecret: e.APP_SECRET,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    logLevel: e.LOG_LEVEL,
    demoMode: !production && (e.DEMO_SEED ?? true),
    demoPassword: e.DEMO_PASSWORD,
    demoTotpSecret: e.DEMO_TOTP_SECRET,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
  };
}
