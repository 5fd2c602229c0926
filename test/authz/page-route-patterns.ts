import { EXPECTED_PAGE_ROUTES } from './expected-page-routes.js';

/** A GET page route of the reviewed table as a pattern over concrete paths. */
export interface PageRoutePattern {
  key: string;
  pattern: RegExp;
  hasParams: boolean;
}

/**
 * The GET page routes of the reviewed route table as patterns, static routes first
 * (/staff/patients/new before /staff/patients/:id): the crawls (browser, query counts, bench) name
 * the route of each URL they meet with it.
 */
export const GET_PAGE_ROUTES: readonly PageRoutePattern[] = Object.keys(EXPECTED_PAGE_ROUTES)
  .filter((key) => key.startsWith('GET '))
  .map((key) => {
    const path = key.slice(4);
    const source = path
      .split('/')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+'))
      .join('/');
    return { key, pattern: new RegExp(`^${source}$`), hasParams: path.includes(':') };
  })
  .sort((a, b) => Number(a.hasParams) - Number(b.hasParams));

/** The route key ("GET /staff/patients/:id") of a concrete path, if it is a page route. */
export const pageRouteOf = (pathname: string): string | undefined => GET_PAGE_ROUTES.find((r) => r.pattern.test(pathname))?.key;
