import { z } from 'zod';
import { AppError } from '../../../platform/errors.js';
import { Alert, LinkButton, Table } from '../../../platform/views/components.js';
import { formatDateTimeInZone, formatZonedDateTime, zoneLabel } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { DEFAULT_TESTS } from '../labs.catalogue-defaults.js';
import type { PatientLabResults, PatientLabValue } from '../services/lab-patient-results.service.js';
import { LabTrendChart } from './lab-trend-chart.js';

const WITH_ABOUT = new Set(DEFAULT_TESTS.map((x) => x.code));

/** The table under a chart shows this many values, newest first; the chart keeps every point (issue 13: page size). */
export const RECENT_ROWS = 12;

/** A LOINC code as `?test=` carries it (e.g. 2823-3); which codes are valid is decided against the patient's values. */
export const testQuerySchema = z.string().regex(/^[0-9]{1,8}-[0-9]$/);

interface TestGroup {
  code: string;
  loinc: string;
  name: string;
  values: PatientLabValue[];
}

/** Values of one test, oldest first. */
export function byTest(items: PatientLabValue[]): TestGroup[] {
  const groups = new Map<string, TestGroup>();
  for (const v of items) {
    const g = groups.get(v.testCode) ?? { code: v.testCode, loinc: v.loinc, name: v.testName, values: [] };
    g.values.push(v);
    groups.set(v.testCode, g);
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const num = (n: number) => String(Math.round(n * 1000) / 1000);

/**
 * Formats instants in the viewer's zone, each distinct instant once: a panel's values share their
 * observation time, so five years of monthly panels are 60 formats, not 480 (bench/lab-results.ts).
 * One per page render. `named: false` leaves the zone out, for the tables whose column header names
 * it once.
 */
export function instantFormatter(ctx: PageContext, named = true): (at: Date) => string {
  const formatted = new Map<number, string>();
  return (at) => {
    const key = at.getTime();
    let text = formatted.get(key);
    if (text === undefined) {
      text = named ? formatZonedDateTime(ctx.locale, at, ctx.timeZone) : formatDateTimeInZone(ctx.locale, at, ctx.timeZone);
      formatted.set(key, text);
    }
    return text;
  };
}

/**
 * One test: what it measures, its trend (every numeric value) and the table (the chart's fallback):
 * the most recent RECENT_ROWS values with a link to the test's full table (`fullHref`), or every
 * value when `full` (the page filtered to this test). The chart's description keeps the count and
 * the first and last dates, so a screen reader still hears the whole span.
 */
export function LabTestTrend(props: {
  ctx: PageContext;
  code: string;
  name: string;
  values: PatientLabValue[];
  idPrefix: string;
  /** Where the full table of this test is (the same page with `?test=<LOINC>`). */
  fullHref: string;
  /** Every value in the table (the page filtered to this test). */
  full?: boolean;
  /** The page's formatters (instantFormatter), shared by its tests: zone named, and not (table cells). */
  when?: (at: Date) => string;
  cellWhen?: (at: Date) => string;
}) {
  const { ctx, code, name, values } = props;
  const { t } = ctx;
  const when = props.when ?? instantFormatter(ctx);
  const cellWhen = props.cellWhen ?? instantFormatter(ctx, false);
  const numeric = values.filter((v): v is PatientLabValue & { value: number } => v.value !== null);
  const latest = values[values.length - 1]!;
  const newestFirst = [...values].reverse();
  const rows = props.full ? newestFirst : newestFirst.slice(0, RECENT_ROWS);
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
          caption={
            rows.length < values.length
              ? t('labs.recent_values_caption', { test: name, count: rows.length })
              : t('labs.trend_title', { test: name })
          }
          rows={rows}
          empty=""
          columns={[
            // The zone named once, in the header, not in each of up to 60 cells (issue 13: page size).
            { header: `${t('labs.col_observed_at')} (${zoneLabel(ctx.timeZone)})`, cell: (v) => cellWhen(v.observedAt) },
            {
              header: t('labs.col_value'),
              cell: (v) => (v.value !== null ? `${num(v.value)}${v.unit ? ` ${v.unit}` : ''}` : (v.text ?? '—')),
            },
            { header: t('labs.col_range'), cell: (v) => range(v) },
            { header: t('labs.col_flag'), cell: (v) => (v.flag ? t(`labs.flag_${v.flag}`) : '—') },
            { header: t('labs.col_result_status'), cell: (v) => t(`labs.result_status_${v.status}`) },
          ]}
        />
        {rows.length < values.length && (
          <p>
            <a href={props.fullHref}>{t('labs.all_values_of', { count: values.length, test: name })}</a>
          </p>
        )}
      </div>
    </section>
  );
}

/**
 * The tests to show: all of them, or only the one `?test=` names with its full table. A code that
 * is malformed or not among the patient's tests is 400 (API.md: filters are validated), checked by
 * the page handler with `selectTest`.
 */
export function selectTest(tests: TestGroup[], test: string | undefined): TestGroup[] | undefined {
  if (test === undefined) return tests;
  const one = tests.find((g) => g.loinc === test);
  return one ? [one] : undefined;
}

/** `?test=` must name one of the tests shown (400 otherwise, like any invalid filter). */
export function checkTestQuery(values: PatientLabValue[], test: string | undefined): void {
  if (test !== undefined && !values.some((v) => v.loinc === test))
    throw new AppError('validation_failed', 'There are no values of this test.', { errors: [{ path: 'test', message: 'Unknown test' }] });
}

function TestSections(props: { ctx: PageContext; values: PatientLabValue[]; test: string | undefined; base: string; idPrefix: string }) {
  const { ctx } = props;
  const shown = selectTest(byTest(props.values), props.test) ?? [];
  const when = instantFormatter(ctx);
  const cellWhen = instantFormatter(ctx, false);
  return (
    <>
      {props.test !== undefined && (
        <p>
          <LinkButton href={props.base}>{ctx.t('labs.all_tests')}</LinkButton>
        </p>
      )}
      {shown.map((g) => (
        <LabTestTrend
          ctx={ctx}
          code={g.code}
          name={g.name}
          values={g.values}
          idPrefix={props.idPrefix}
          when={when}
          cellWhen={cellWhen}
          fullHref={`${props.base}?test=${encodeURIComponent(g.loinc)}`}
          full={props.test !== undefined}
        />
      ))}
    </>
  );
}

/** The patient's portal page "My lab results": released values per test, with trends; only a count of what is not released. */
export function MyLabResultsPage(props: { ctx: PageContext; results: PatientLabResults; test?: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('labs.portal_title')}>
      <PageHeader title={t('labs.portal_title')} subtitle={t('labs.portal_intro')} />
      {props.results.pending > 0 && <Alert kind="info">{t('labs.portal_pending', { count: props.results.pending })}</Alert>}
      {props.results.items.length === 0 && <p>{t('labs.portal_empty')}</p>}
      <TestSections ctx={ctx} values={props.results.items} test={props.test} base="/portal/lab-results" idPrefix="my" />
    </Layout>
  );
}

/** The care team's trends on the patient's laboratory orders page: every current value, per test (or one test's, `test`). */
export function StaffLabTrends(props: { ctx: PageContext; values: PatientLabValue[]; base: string; test?: string }) {
  if (props.values.length === 0) return null;
  return (
    <section aria-labelledby="lab-trends-title">
      <h2 id="lab-trends-title">{props.ctx.t('labs.trends_title')}</h2>
      <TestSections ctx={props.ctx} values={props.values} test={props.test} base={props.base} idPrefix="staff" />
    </section>
  );
}
