import { and, desc, eq } from 'drizzle-orm';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import type { TestApp } from '../../../test/helpers/app.js';

/** The newest e-mail of a template sent to an address (tests read links from it). */
export async function lastEmail(t: TestApp, to: string, template: string) {
  const [row] = await t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.recipient, to), eq(outbox.template, template)))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(1);
  return row;
}

export function tokenFromText(text: string): string {
  const match = /token=([A-Za-z0-9_%-]+)/.exec(text);
  if (!match) throw new Error('no link token in the message');
  return decodeURIComponent(match[1]!);
}

let counter = 0;
export function uniqueEmail(prefix = 'person'): string {
  counter += 1;
  return `${prefix}.${counter}.${Math.random().toString(36).slice(2, 8)}@example.test`;
}
