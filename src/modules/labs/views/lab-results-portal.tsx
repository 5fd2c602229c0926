import { Alert, Table } from '../../../platform/views/components.js';
import { formatZonedDateTime } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { DEFAULT_TESTS } from '../labs.catalogue-defaults.js';
import type { PatientLabResults, PatientLabValue } from '../services/lab-patient-results.service.js';
import { LabTrendChart } from './lab-trend-chart.js';

const WITH_ABOUT = new Set(DEFAULT_TESTS.map((x) => x.code));

/** Values of one test, oldest first. */
export function byTest(items: PatientLabValue[]): { code: string; name: string; values: PatientLabValue[] }[] {
  const groups = new Map<string, { code: string; name: string; values: PatientLabValue[] }>();
  for (const v of items) {
    const g = groups.get(v.testCode) ?? { code: v.testCode, name: v.testName, values: [] };
    g.values.push(v);
    groups.set(v.testCode, g);
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const num = (n: number) => String(Math.round(n * 1000) / 1000);

/**
 * Formats instants in the viewer's zone, each distinct instant once: a panel's values share their
 * observation time, so five years of monthly panels are 60 formats, not 480 (bench/lab-results.ts).
 * One per page render.
 */
export function instantFormatter(ctx: PageContext): (at: Date) => string {
  const formatted = new Map<number, string>();
  return (at) => {
    const key = at.getTime();
    let text = formatted.get(key);
    if (text === undefined) {
      text = formatZonedDateTime(ctx.locale, at, ctx.timeZone);
      formatted.set(key, text);
    }
    return text;
  };
}

/** One test: what it measures, its trend (numeric values) and the table of every value (the chart's fallback). */
export function LabTestTrend(props: {
  ctx: PageContext;
  code: string;
  name: string;
  values: PatientLabValue[];
  idPrefix: string;
  /** The page's formatter (instantFormatter), shared by its tests. */
  when?: (at: Date) => string;
}) {
  const { ctx, code, name, values } = props;
  const { t } = ctx;
  const when = props.when ?? instantFormatter(ctx);
  const numeric = values.filter((v): v is PatientLabValue & { value: number } => v.value !== null);
  const latest = values[values.length - 1]!;
  const id = `${props.idPrefix}-${code.toLowerCase()}`;
  // A test's values nearly all share one range: its words are made once per distinct range, not per row.
  const rangeWords = new Map<string, string>();
  const range = (v: PatientLabValue) => {
    const key = `${v.rangeLow}|${v.rangeHigh}|${v.unit}`;
    let words = rangeWords.get(key);
    if (words === undefined) {
      words =
        v.rangeLow === null && v.rangeHigh === null
          ? t('labs.no_range')
          : `${t('labs.range_text', { low: v.rangeLow === null ? '—' : num(v.rangeLow), high: v.rangeHigh === null ? '—' : num(v.rangeHigh) })}${v.unit ? ` ${v.unit}` : ''}`;
      rangeWords.set(key, words);
    }
    return words;
  };
  return (
    <section aria-labelledby={`${id}-h`} class="lab-test-trend">
      <h2 id={`${id}-h`}>{name}</h2>
      {WITH_ABOUT.has(code) && <p>{t(`labs.about_${code}`)}</p>}
      {numeric.length > 0 && (
        <LabTrendChart
          id={`${id}-chart`}
          title={t('labs.trend_title', { test: name })}
          description={t('labs.trend_desc', {
            count: numeric.length,
            first: when(numeric[0]!.observedAt),
            last: when(numeric[numeric.length - 1]!.observedAt),
          })}
          describedBy={`${id}-table`}
          points={numeric.map((v) => ({ at: v.observedAt, value: v.value, flag: v.flag }))}
          rangeLow={latest.rangeLow}
          rangeHigh={latest.rangeHigh}
        />
      )}
      <div id={`${id}-table`}>
        <Table
          caption={t('labs.trend_title', { test: name })}
          rows={[...values].reverse()}
          empty=""
          columns={[
            { header: t('labs.col_observed_at'), cell: (v) => when(v.observedAt) },
            {
              header: t('labs.col_value'),
              cell: (v) => (v.value !== null ? `${num(v.value)}${v.unit ? ` ${v.unit}` : ''}` : (v.text ?? '—')),
            },
            { header: t('labs.col_range'), cell: (v) => range(v) },
            { header: t('labs.col_flag'), cell: (v) => (v.flag ? t(`labs.flag_${v.flag}`) : '—') },
            { header: t('labs.col_result_status'), cell: (v) => t(`labs.result_status_${v.status}`) },
          ]}
        />
      </div>
    </section>
  );
}

/** The patient's portal page "My lab results": released values per test, with trends; only a count of what is not released. */
export function MyLabResultsPage(props: { ctx: PageContext; results: PatientLabResults }) {
  const { ctx } = props;
  const { t } = ctx;
  const tests = byTest(props.results.items);
  const when = instantFormatter(ctx);
  return (
    <Layout ctx={ctx} title={t('labs.portal_title')}>
      <PageHeader title={t('labs.portal_title')} subtitle={t('labs.portal_intro')} />
      {props.results.pending > 0 && <Alert kind="info">{t('labs.portal_pending', { count: props.results.pending })}</Alert>}
      {tests.length === 0 && <p>{t('labs.portal_empty')}</p>}
      {tests.map((g) => (
        <LabTestTrend ctx={ctx} code={g.code} name={g.name} values={g.values} idPrefix="my" when={when} />
      ))}
    </Layout>
  );
}

/** The care team's trends on the patient's laboratory orders page: every current value, per test. */
export function StaffLabTrends(props: { ctx: PageContext; values: PatientLabValue[] }) {
  const tests = byTest(props.values);
  if (tests.length === 0) return null;
  const when = instantFormatter(props.ctx);
  return (
    <section aria-labelledby="lab-trends-title">
      <h2 id="lab-trends-title">{props.ctx.t('labs.trends_title')}</h2>
      {tests.map((g) => (
        <LabTestTrend ctx={props.ctx} code={g.code} name={g.name} values={g.values} idPrefix="staff" when={when} />
      ))}
    </section>
  );
}
