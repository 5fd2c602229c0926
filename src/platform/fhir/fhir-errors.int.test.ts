import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';

describe('FHIR errors', () => {
  const t = useTestApp();

  it('answers an error under /fhir/ as an OperationOutcome in application/fhir+json, elsewhere as problem+json', async () => {
    const fhir = await t.app.inject({ method: 'GET', url: '/fhir/r4/Nothing' });
    expect(fhir.statusCode).toBe(404);
    expect(fhir.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(fhir.json()).toEqual({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-found', details: { text: 'There is nothing at this address.' } }],
    });
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(api.headers['content-type']).toContain('application/problem+json');
  });

  it('reads application/fhir+json bodies (a malformed one is a 400 OperationOutcome, not a 415)', async () => {
    const broken = await t.app.inject({
      method: 'POST',
      url: '/fhir/r4/Nothing',
      headers: { 'content-type': 'application/fhir+json' },
      payload: '{"resourceType":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid' }] });
  });
});
