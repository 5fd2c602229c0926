import { expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { EXPECTED_STATEMENTS } from './expected-statements.js';
import { countBeforeAndAfterGrowth, expectExactCounts, openHospital, planPages } from './measure-pages.js';
import { routesOfGroup } from './page-measures.js';

/**
 * Issue 11, "a query-count test per page": every office page (page-measures.ts) is opened by a role
 * that may open it, its SQL statements counted, the data behind it grown, and counted again. The
 * count must not change (no N+1) and must be exactly the reviewed number (expected-statements.ts).
 */
const t = useTestApp();

it('runs a fixed, reviewed number of statements on every office page, however much data it shows', async () => {
  const hospital = await openHospital(t);
  const routes = routesOfGroup('office');
  expect(routes.length).toBeGreaterThan(5);
  const counts = await countBeforeAndAfterGrowth(hospital, await planPages(hospital, routes));
  expectExactCounts(counts, EXPECTED_STATEMENTS);
}, 120_000);
