import { index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, updatedAt, version } from '../../platform/db/columns.js';
import { storedFiles } from '../../platform/files/files.tables.js';

export const departments = pgTable(
  'departments',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('departments_code_key').on(t.code)],
);

export const specialties = pgTable(
  'specialties',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    departmentId: uuid('department_id').references(() => departments.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('specialties_code_key').on(t.code)],
);

/** The staff side of an account: one per staff user, invited by an administrator. */
export const staffProfiles = pgTable(
  'staff_profiles',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    title: text('title'),
    departmentId: uuid('department_id').references(() => departments.id),
    /** BCP 47 language tags the person speaks with patients (scheduling matches on them). */
    languages: jsonb('languages').$type<string[]>().notNull().default([]),
    /** An optional photo (PNG or JPEG), stored encrypted (src/platform/files). */
    photoFileId: uuid('photo_file_id').references(() => storedFiles.id, { onDelete: 'set null' }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('staff_profiles_user_key').on(t.userId),
    index('staff_profiles_department_idx').on(t.departmentId),
    index('staff_profiles_name_idx').on(t.familyName, t.givenName, t.id),
  ],
);

export const staffSpecialties = pgTable(
  'staff_specialties',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffProfiles.id, { onDelete: 'cascade' }),
    specialtyId: uuid('specialty_id')
      .notNull()
      .references(() => specialties.id),
  },
  (t) => [
    primaryKey({ name: 'staff_specialties_pkey', columns: [t.staffId, t.specialtyId] }),
    index('staff_specialties_specialty_idx').on(t.specialtyId),
  ],
);
