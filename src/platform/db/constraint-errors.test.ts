import { describe, expect, it } from 'vitest';
import { registerConstraintMessages, translateConstraintViolation } from './constraint-errors.js';

/** Drizzle wraps the driver error; the SQLSTATE and constraint name sit on `cause`. */
const wrapped = (code: string, constraint?: string) => Object.assign(new Error('Failed query: insert …'), { cause: { code, constraint } });

describe('translateConstraintViolation', () => {
  it('turns a registered unique violation into its sentence and keeps the constraint name', () => {
    registerConstraintMessages({ things_name_key: 'A thing with this name already exists.' });
    const result = translateConstraintViolation(wrapped('23505', 'things_name_key'));
    expect(result?.error).toMatchObject({ status: 409, code: 'conflict', detail: 'A thing with this name already exists.' });
    expect(result?.constraint).toBe('things_name_key');
  });

  it('gives a specific code when the module registered one (exclusion → slot_taken)', () => {
    registerConstraintMessages({ appointments_no_overlap: { code: 'conflict', message: 'That time is already booked.' } });
    expect(translateConstraintViolation(wrapped('23P01', 'appointments_no_overlap'))?.error).toMatchObject({
      status: 409,
      detail: 'That time is already booked.',
    });
  });

  it('falls back to a generic sentence for unknown constraints, 409 for FK and 422 for CHECK', () => {
    expect(translateConstraintViolation(wrapped('23503', 'x_fk'))?.error).toMatchObject({ status: 409, code: 'conflict' });
    expect(translateConstraintViolation(wrapped('23514', 'x_check'))?.error).toMatchObject({ status: 422, code: 'unprocessable' });
  });

  it('leaves other errors alone', () => {
    expect(translateConstraintViolation(new Error('boom'))).toBeUndefined();
    expect(translateConstraintViolation(wrapped('42P01'))).toBeUndefined();
  });
});
