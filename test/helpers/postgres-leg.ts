/**
 * Whether a test that only runs on the PostgreSQL leg (real PostgreSQL, Redis, the server programs)
 * has what it needs. On a developer's `npm test` without them, it is skipped. With
 * REQUIRE_POSTGRES=1 (`npm run test:pg`, CI's PostgreSQL leg) a missing requirement fails the test
 * file instead, so the leg can never pass by skipping the concurrency tests it is there to run.
 *
 * Every test that needs PostgreSQL (or Redis) decides with this helper, never with
 * `process.env.TEST_DATABASE_URL` directly.
 */
export function legReady(requirements: Record<string, unknown>): boolean {
  const missing = Object.entries(requirements)
    .filter(([, present]) => !present)
    .map(([name]) => name);
  if (missing.length === 0) return true;
  if (process.env.REQUIRE_POSTGRES === '1') {
    throw new Error(
      `REQUIRE_POSTGRES=1 but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: this test would be skipped. Run the leg with npm run test:pg.`,
    );
  }
  return false;
}

/** True when TEST_DATABASE_URL (and every extra requirement) is present; see legReady. */
export function postgresLegReady(extra: Record<string, unknown> = {}): boolean {
  return legReady({ TEST_DATABASE_URL: process.env.TEST_DATABASE_URL, ...extra });
}

/** True when TEST_REDIS_URL is present; see legReady. */
export function redisLegReady(): boolean {
  return legReady({ TEST_REDIS_URL: process.env.TEST_REDIS_URL });
}
