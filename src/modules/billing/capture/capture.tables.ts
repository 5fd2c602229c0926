import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';

/**
 * A captured event billing could not price (docs/billing.md "Capture sources"): no price-list item
 * for its code on its day, or a quantity that is not a whole number of units. Kept in a queue for
 * billing staff (never lost); each source event at most once, like its charge.
 */
export const unpricedEvents = pgTable(
  'billing_unpriced_events',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    source: text('source').$type<'lab_test' | 'dispense' | 'procedure'>().notNull(),
    sourceId: uuid('source_id').notNull(),
    encounterId: uuid('encounter_id'),
    /** The source's code: a LOINC, a formulary product's id, a procedure code (null when the procedure has none). */
    code: text('code'),
    description: text('description').notNull(),
    /** The dispensed amount as given (text, exact), e.g. "7.5 mL". */
    quantity: text('quantity').notNull(),
    serviceDate: date('service_date').notNull(),
    reason: text('reason').$type<'no_price' | 'not_whole_units'>().notNull(),
    resolvedAt: instant('resolved_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('billing_unpriced_events_source_key').on(t.source, t.sourceId),
    // The open queue, oldest first (keyset on created_at, id).
    index('billing_unpriced_events_open_idx')
      .on(t.createdAt, t.id)
      .where(sql`${t.resolvedAt} is null`),
    check('billing_unpriced_events_source_check', sql`${t.source} in ('lab_test','dispense','procedure')`),
    check('billing_unpriced_events_reason_check', sql`${t.reason} in ('no_price','not_whole_units')`),
    check('billing_unpriced_events_resolved_check', sql`(${t.resolvedAt} is null) = (${t.resolvedBy} is null)`),
  ],
);
