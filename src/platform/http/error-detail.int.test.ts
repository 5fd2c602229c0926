import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount } from '../../../test/helpers/actors.js';
import { ERROR_STATUS, type ErrorCode } from '../errors.js';
import { loadCatalogs, SUPPORTED_LOCALES } from '../i18n/i18n.js';
import { codeKey, knownDetail, localisedDetail } from './error-detail.js';

/** API error `detail` follows Accept-Language (en, es, fr, ar; default en); `code` never changes. */
const t = useTestApp();

describe('error detail in the request language', () => {
  it('answers an unauthenticated call in Spanish and in Arabic, same code, English by default', async () => {
    const english = await api(t, 'GET', '/api/v1/reference/icd10?query=asthma');
    const spanish = await api(t, 'GET', '/api/v1/reference/icd10?query=asthma', {
      headers: { 'accept-language': 'es-ES,es;q=0.9,en;q=0.5' },
    });
    const arabic = await api(t, 'GET', '/api/v1/reference/icd10?query=asthma', { headers: { 'accept-language': 'ar' } });
    for (const res of [english, spanish, arabic]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('not_authenticated');
      expect(res.json().title).toBe('Unauthorized');
    }
    expect(english.json().detail).toBe('Sign in to continue.');
    expect(spanish.json().detail).toBe('Inicie sesión para continuar.');
    expect(spanish.headers['content-language']).toBe('es');
    expect(arabic.json().detail).toBe('سجّل الدخول للمتابعة.');
  });

  it('translates a specific detail it knows, and the general text of the code otherwise (French)', async () => {
    const french = { 'accept-language': 'fr-CA, en;q=0.8' };
    const nowhere = await api(t, 'GET', '/api/v1/no-such-thing', { headers: french });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json()).toMatchObject({ code: 'not_found', detail: 'Il n’y a rien à cette adresse.' });
    const doctor = await createAccount(t, { role: 'doctor' });
    const missing = await api(t, 'GET', '/api/v1/patients/00000000-0000-4000-8000-000000000000', { token: doctor.token, headers: french });
    expect(missing.json().code).toBe('not_found');
    expect(missing.json().detail).toBe('L’élément demandé est introuvable.');
    const english = await api(t, 'GET', '/api/v1/patients/00000000-0000-4000-8000-000000000000', { token: doctor.token });
    expect(english.json().detail).toBe('The patient was not found.');
  });

  it('keeps English for a language it does not have', async () => {
    const res = await api(t, 'GET', '/api/v1/no-such-thing', { headers: { 'accept-language': 'de-DE, ja' } });
    expect(res.json().detail).toBe('There is nothing at this address.');
    expect(res.headers['content-language']).toBe('en');
  });
});

describe('error texts', () => {
  const catalogs = loadCatalogs();
  it('every error code has its general text in all four locales', () => {
    const missing = SUPPORTED_LOCALES.flatMap((locale) =>
      (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((code) => !catalogs[locale]!.get(codeKey(code))).map((code) => `${locale}:${code}`),
    );
    expect(missing).toEqual([]);
  });

  it('beside a form: a known text translated, a specific one kept as written', () => {
    expect(knownDetail('This time was just booked by someone else.', 'es')).toBe('Otra persona acaba de reservar esta hora.');
    expect(knownDetail('E11.99 is not an ICD-10-CM code.', 'es')).toBe('E11.99 is not an ICD-10-CM code.');
    expect(knownDetail('This time was just booked by someone else.', 'en')).toBe('This time was just booked by someone else.');
  });

  it('never answers a key instead of a text', () => {
    for (const locale of SUPPORTED_LOCALES)
      for (const code of Object.keys(ERROR_STATUS) as ErrorCode[])
        expect(localisedDetail({ code, detail: 'Something specific.' }, locale)).not.toMatch(/^errors\./);
  });
});
