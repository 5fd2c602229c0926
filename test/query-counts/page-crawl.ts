import type { TestApp } from '../helpers/app.js';

import { pageRouteOf as routeOf } from '../authz/page-route-patterns.js';

export { routeOf };

const HREF = /<a\b[^>]*?\shref="([^"]+)"[^>]*>/gi;

/** Same-origin GET links a person could follow (no downloads, sign-out, API or assets). */
export function linksIn(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(HREF)) {
    if (/\sdownload[\s=>]/i.test(match[0]) || /\starget="(?!_self)/i.test(match[0])) continue;
    const href = match[1]!.replace(/&amp;/g, '&');
    if (!href.startsWith('/') || href.startsWith('//')) continue;
    const url = new URL(href, 'http://carewell.test');
    if (/\.(pdf|ics|csv)$/i.test(url.pathname) || url.pathname.endsWith('/download')) continue;
    if (url.pathname === '/logout' || url.pathname.startsWith('/api/') || url.pathname.startsWith('/assets/')) continue;
    links.push(url.pathname + url.search);
  }
  return links;
}

/**
 * Follows links breadth-first from a role's home, as the e2e crawl does in a browser, and answers
 * the first URL met for each page route (at most `perRoute` URLs of one route are opened).
 */
export async function crawlFrom(t: TestApp, cookie: string, home: string, perRoute = 2, maxVisits = 200): Promise<Map<string, string>> {
  const firstUrl = new Map<string, string>();
  const opened = new Map<string, number>();
  const seen = new Set([home]);
  const queue = [home];
  let visits = 0;
  while (queue.length > 0 && visits < maxVisits) {
    const url = queue.shift()!;
    visits++;
    const response = await t.app.inject({ method: 'GET', url, headers: { cookie } });
    if (response.statusCode !== 200 || !String(response.headers['content-type']).startsWith('text/html')) continue;
    const key = routeOf(url.split('?')[0]!);
    if (key && !firstUrl.has(key)) firstUrl.set(key, url);
    for (const link of linksIn(response.body)) {
      if (seen.has(link)) continue;
      seen.add(link);
      const linked = routeOf(link.split('?')[0]!) ?? link;
      const n = opened.get(linked) ?? 0;
      if (n >= perRoute) continue;
      opened.set(linked, n + 1);
      queue.push(link);
    }
  }
  return firstUrl;
}
