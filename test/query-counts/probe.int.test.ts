import { it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { planApi } from './api-measures.js';
import { countBeforeAndAfterGrowth, diffStatements, formatCounts, openHospital } from './measure-pages.js';

const t = useTestApp();
it('probe', async () => {
  const h = await openHospital(t);
  const counts = await countBeforeAndAfterGrowth(h, await planApi(h.ids));
  console.log(formatCounts(counts));
  for (const c of counts) if (c.before !== c.after) console.log(diffStatements(c));
}, 300_000);
