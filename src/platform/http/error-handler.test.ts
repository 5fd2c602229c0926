import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { toAppError } from './error-handler.js';

const request = { log: { warn() {}, error() {} }, routeOptions: {} } as unknown as FastifyRequest;
const frameworkError = (statusCode: number) => Object.assign(new Error('from the framework'), { statusCode });

describe('toAppError', () => {
  it('keeps the status of a 4xx the framework or a plugin raised, under the code for that status', () => {
    expect(toAppError(frameworkError(400), request)).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(toAppError(frameworkError(403), request)).toMatchObject({ status: 403, code: 'forbidden' });
    expect(toAppError(frameworkError(404), request)).toMatchObject({ status: 404, code: 'not_found' });
    expect(toAppError(frameworkError(406), request)).toMatchObject({ status: 406, code: 'not_acceptable' });
    expect(toAppError(frameworkError(412), request)).toMatchObject({ status: 412, code: 'version_mismatch' });
    expect(toAppError(frameworkError(416), request)).toMatchObject({ status: 416, code: 'range_not_satisfiable' });
  });

  it('answers any other 4xx as 400 validation_failed', () => {
    expect(toAppError(frameworkError(418), request)).toMatchObject({
      status: 400,
      code: 'validation_failed',
      detail: 'from the framework',
    });
  });
});
