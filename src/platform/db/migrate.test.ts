import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertLinearMigrationHistory } from './migrate.js';

function journal(entries: { idx: number; when: number; tag: string }[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'journal-'));
  mkdirSync(path.join(dir, 'meta'));
  writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ entries }));
  return dir;
}

describe('migration history', () => {
  it('the committed history is one straight line', () => {
    expect(assertLinearMigrationHistory().length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a migration dated before the previous one (drizzle would skip it silently)', () => {
    const dir = journal([
      { idx: 0, when: 2000, tag: '0000_a' },
      { idx: 1, when: 1000, tag: '0001_b' },
    ]);
    expect(() => assertLinearMigrationHistory(dir)).toThrow(/not linear/);
  });

  it('refuses a gap in the numbering', () => {
    const dir = journal([
      { idx: 0, when: 1000, tag: '0000_a' },
      { idx: 2, when: 2000, tag: '0002_b' },
    ]);
    expect(() => assertLinearMigrationHistory(dir)).toThrow(/index/);
  });
});
