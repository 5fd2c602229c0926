import { describe, expect, it } from 'vitest';
import { AppError, conflict, ERROR_STATUS, STATUS_TITLES, unprocessable, type ErrorCode } from './errors.js';

describe('AppError', () => {
  it('takes its status from the code, from the one table', () => {
    expect(new AppError('not_acceptable', 'x').status).toBe(406);
    expect(new AppError('version_mismatch', 'x', { currentVersion: 3 })).toMatchObject({ status: 412, extra: { currentVersion: 3 } });
    expect(conflict('taken', 'slot_taken').status).toBe(409);
    expect(unprocessable('late', 'slot_in_past').status).toBe(422);
  });

  it('gives every code an error status with a problem+json title', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS) as [ErrorCode, number][]) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(STATUS_TITLES[status], code).toBeDefined();
    }
  });
});
