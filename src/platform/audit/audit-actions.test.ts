import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalogs, SUPPORTED_LOCALES, translator } from '../i18n/i18n.js';
import { AUDIT_ACTIONS, AUDIT_RESOURCE_TYPES, auditActionKey, auditActionLabel, auditResourceLabel } from './audit-actions.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Event types (delivered to browsers), not audit actions, that share a prefix with them. */
const NOT_ACTIONS = new Set([
  'alert.acknowledged',
  'alert.cleared',
  'alert.resolved',
  'clinical_alert.changed',
  'staff_message.posted' /* a live event (docs/messaging.md), not an audit action */,
  'patient_thread.message' /* the live event of a new patient message (ids only) */,
  'patient_thread.escalated' /* the live event of an escalated patient thread */,
  'chart.js' /* the charting package's name */,
]);

/** Resource prefixes of audit actions: literals starting with one of them are action codes (prefixes that are also locale namespaces are found through `action:` only). */
const PREFIXES = new Set(
  AUDIT_ACTIONS.map((a) => a.split('.')[0]!).filter(
    (p) => !['admin', 'notifications', 'staff', 'audit', 'decision_support', 'billing', 'insurance', 'emergency', 'ed'].includes(p),
  ),
);

describe('audit action labels', () => {
  it('knows every action code the sources write', () => {
    const found = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/action: '([a-z_]+(?:\.[a-z_]+){1,2})'/g)) found.add(m[1]!);
      for (const m of text.matchAll(/'([a-z_]+(?:\.[a-z_]+){1,2})'/g)) if (PREFIXES.has(m[1]!.split('.')[0]!)) found.add(m[1]!);
    }
    const known = new Set<string>(AUDIT_ACTIONS);
    expect(found.size).toBeGreaterThan(100);
    expect([...found].filter((a) => !known.has(a) && !NOT_ACTIONS.has(a) && !a.startsWith('booking.')).sort()).toEqual([]);
  });

  it('has a label for every action in all four locales', () => {
    const catalogs = loadCatalogs();
    const missing = SUPPORTED_LOCALES.flatMap((l) =>
      AUDIT_ACTIONS.filter((a) => !catalogs[l]!.get(auditActionKey(a))).map((a) => `${l}:${a}`),
    );
    expect(missing).toEqual([]);
  });

  it('reads as words, and an unknown code never shows a bare key', () => {
    expect(auditActionLabel(translator('en'), 'care_plan.read')).toBe('Viewed a care plan');
    expect(auditActionLabel(translator('es'), 'auth.login')).toBe('Inició sesión');
    expect(auditActionLabel(translator('fr'), 'something.new')).toBe('Autre action (something.new)');
    expect(auditActionLabel(translator('ar'), 'note.sign')).not.toMatch(/note|audit\./);
  });

  it('labels every resource type the sources write, in all four locales', () => {
    const found = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/resourceType: '([a-z_]+)'/g)) found.add(m[1]!);
      for (const m of text.matchAll(/audit\((?:tx, ctx, )?'[a-z_.]+', '([a-z_]+)'/g)) found.add(m[1]!);
    }
    const known = new Set<string>(AUDIT_RESOURCE_TYPES);
    expect(found.size).toBeGreaterThan(25);
    expect([...found].filter((r) => !known.has(r)).sort()).toEqual([]);
    const catalogs = loadCatalogs();
    const missing = SUPPORTED_LOCALES.flatMap((l) =>
      AUDIT_RESOURCE_TYPES.filter((r) => !catalogs[l]!.get(`audit.resource.${r}`)).map((r) => `${l}:${r}`),
    );
    expect(missing).toEqual([]);
    expect(auditResourceLabel(translator('es'), 'care_plan')).toBe('Plan de cuidados');
    expect(auditResourceLabel(translator('en'), 'spaceship')).toBe('Other (spaceship)');
  });
});
