import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(full);
    return /\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('the PostgreSQL leg', () => {
  it('every test that needs PostgreSQL or Redis decides with postgresLegReady/redisLegReady, so REQUIRE_POSTGRES=1 can fail it', () => {
    // A skip decided straight from the environment (or from a variable read from it) would be
    // silently skipped by a misconfigured leg. Tests that run on both databases may read it.
    const fromEnvironment = /(\w+)\s*=\s*(?:Boolean\()?\s*process\.env\.TEST_(?:DATABASE|REDIS)_URL/g;
    const decidesSkip = (text: string) => {
      const names = ['process\\.env\\.TEST_(?:DATABASE|REDIS)_URL', ...[...text.matchAll(fromEnvironment)].map((m) => m[1]!)];
      return names.some((name) => new RegExp(`(runIf|skipIf)\\(\\s*!?\\s*${name}\\b`).test(text));
    };
    const offenders = [...testFiles(path.join(ROOT, 'src')), ...testFiles(path.join(ROOT, 'test'))]
      .filter((file) => decidesSkip(readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });
});
