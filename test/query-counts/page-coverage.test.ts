import { describe, expect, it } from 'vitest';
import { EXPECTED_PAGE_ROUTES } from '../authz/expected-page-routes.js';
import { EXPECTED_STATEMENTS } from './expected-statements.js';
import { NOT_MEASURED, PAGE_MEASURES } from './page-measures.js';

/**
 * Every GET page route has a query count or a written reason why not. The route table is held
 * equal to the live registry by the authorization matrix, so a new page fails here until it is
 * given a viewer (and a count) in page-measures.ts.
 */
describe('query-count coverage', () => {
  const getRoutes = Object.keys(EXPECTED_PAGE_ROUTES).filter((key) => key.startsWith('GET '));

  it('counts every GET page route or names why not', () => {
    const uncovered = getRoutes.filter((route) => !(route in PAGE_MEASURES) && !(route in NOT_MEASURED));
    expect(uncovered, 'page routes with no query count: add them to PAGE_MEASURES').toEqual([]);
  });

  it('measures only routes that exist, and none both counted and excluded', () => {
    // POST routes too: a search page whose results a form posts back (the patient search, the audit filter).
    expect(Object.keys(PAGE_MEASURES).filter((route) => !(route in EXPECTED_PAGE_ROUTES))).toEqual([]);
    expect(Object.keys(NOT_MEASURED).filter((route) => !getRoutes.includes(route))).toEqual([]);
    expect(Object.keys(NOT_MEASURED).filter((route) => route in PAGE_MEASURES)).toEqual([]);
  });

  it('has a reviewed count for every page measure', () => {
    const keys = Object.entries(PAGE_MEASURES).flatMap(([route, measures]) =>
      measures.map((m) => `${route} as ${m.viewer}${m.state ? ` (${m.state})` : ''}`),
    );
    expect(keys.filter((key) => !(key in EXPECTED_STATEMENTS))).toEqual([]);
  });
});
