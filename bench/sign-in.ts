import { TOTP } from 'otpauth';

/** The demo accounts' password and shared authenticator secret (docs/demo.md). */
export const DEMO_PASSWORD = 'carewell-demo';
const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** A bearer token for the demo's front desk (password and its authenticator code). */
export async function signInFrontDesk(base: string): Promise<{ authorization: string }> {
  return signInStaff(base, 'reception@carewell.test');
}

/** A bearer token for a demo staff account (password and its authenticator code). */
export async function signInStaff(base: string, email: string): Promise<{ authorization: string }> {
  const signIn = await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD, otp: await codeFor(email) }),
  });
  if (signIn.status !== 201) throw new Error(`${email}: sign-in failed: ${signIn.status}`);
  return { authorization: `Bearer ${((await signIn.json()) as { token: string }).token}` };
}

/**
 * A code is accepted once per account and 30-second window: a second sign-in of the same account in
 * one window waits for the next (the bench signs the front desk in more than once per backend).
 */
const usedWindows = new Map<string, number>();
async function codeFor(email: string): Promise<string> {
  let window = Math.floor(Date.now() / 30_000);
  if (usedWindows.get(email) === window) {
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
    window = Math.floor(Date.now() / 30_000);
  }
  usedWindows.set(email, window);
  return new TOTP({ secret: DEMO_TOTP_SECRET }).generate();
}

/** Cookies as a browser keeps them, enough for Carewell's own (no paths or expiry to honour). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** The value of a hidden form field on a page (CSRF token, form idempotency key). */
function hiddenField(html: string, name: string): string {
  const input = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
  const value = input?.match(/value="([^"]*)"/)?.[1];
  if (value === undefined) throw new Error(`no ${name} field on the page`);
  return value;
}

/** GETs a form page and POSTs its form as a browser would: the page's CSRF token and form key with the fields. */
async function submitForm(base: string, jar: CookieJar, path: string, fields: Record<string, string>): Promise<Response> {
  const page = await fetch(`${base}${path}`, { headers: { cookie: jar.header() }, redirect: 'manual' });
  jar.take(page);
  const html = await page.text();
  const body = new URLSearchParams({ ...fields, _csrf: hiddenField(html, '_csrf'), _idempotency: hiddenField(html, '_idempotency') });
  const sent = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
    redirect: 'manual',
  });
  jar.take(sent);
  return sent;
}

/** Signs a demo account in through the sign-in pages (and the second factor for staff): the browser's session cookie. */
export async function signInBrowser(base: string, email: string): Promise<{ jar: CookieJar; home: string }> {
  const jar = new CookieJar();
  let answer = await submitForm(base, jar, '/login', { email, password: DEMO_PASSWORD });
  let location = answer.headers.get('location') ?? '';
  if (location.startsWith('/login/otp')) {
    answer = await submitForm(base, jar, '/login/otp', { otp: await codeFor(email) });
    location = answer.headers.get('location') ?? '';
  }
  if (answer.status !== 303 || location.startsWith('/login')) throw new Error(`${email}: sign-in failed (${answer.status} → ${location})`);
  return { jar, home: location };
}
