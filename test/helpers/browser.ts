import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';

/**
 * A browser-like session over app.inject: keeps cookies, and reads the CSRF token from the last
 * page so forms can be posted the way a person's browser would.
 */
export class PageSession {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;
  lastResponse: LightMyRequestResponse | undefined;

  constructor(
    private readonly t: TestApp,
    cookieHeader?: string,
  ) {
    if (cookieHeader) {
      for (const part of cookieHeader.split(';')) {
        const [name, ...value] = part.trim().split('=');
        if (name) this.cookies.set(name, value.join('='));
      }
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies) {
      // A cleared cookie comes back empty or with an expiry in 1970.
      if (cookie.value === '' || cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() <= 0)) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match) this.csrf = match[1];
    this.lastResponse = response;
    return response;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.t.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), accept: 'text/html' } }));
  }

  /** Posts a form; fetches `csrfFrom` first (default: the login page) when no token is known yet. */
  async post(
    url: string,
    fields: Record<string, string | string[]>,
    options: { csrfFrom?: string; csrf?: string | null } = {},
  ): Promise<LightMyRequestResponse> {
    if (!this.csrf && options.csrf === undefined) await this.get(options.csrfFrom ?? '/login');
    const body = new URLSearchParams();
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    if (token) body.append('_csrf', token);
    for (const [key, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    return this.remember(
      await this.t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: body.toString(),
      }),
    );
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
