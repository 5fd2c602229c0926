import { it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { planApi } from './api-measures.js';
import { EXPECTED_STATEMENTS } from './expected-statements.js';
import { countBeforeAndAfterGrowth, expectExactCounts, openHospital } from './measure-pages.js';

/**
 * Issue 11, "a query-count test per hot API route": the routes an app calls on each screen
 * (api-measures.ts) are counted before and after the data behind them grows. The count must not
 * change (no N+1) and must be exactly the reviewed number (expected-statements.ts).
 */
const t = useTestApp();

it('runs a fixed, reviewed number of statements on every hot API route, however much data it returns', async () => {
  const hospital = await openHospital(t);
  const counts = await countBeforeAndAfterGrowth(hospital, await planApi(hospital.ids));
  expectExactCounts(counts, EXPECTED_STATEMENTS);
}, 120_000);
