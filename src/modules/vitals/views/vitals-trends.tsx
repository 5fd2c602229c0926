import { Table } from '../../../platform/views/components.js';
import { formatZonedDateTime } from '../../../platform/views/format.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { Spo2Scale } from '../news2.js';
import type { DeviceChartReading } from '../services/vitals-queries.service.js';
import type { VitalSetDto } from '../vitals.schemas.js';
import { CHART_RANGES, chartBandsOf, parameterScore } from './news2-bands.js';

/** The parameters charted, in RCP chart order, then the others; `total` is the NEWS2 total. */
const CHARTED = ['total', 'respiratoryRate', 'spo2', 'systolicBp', 'pulse', 'temperature', 'diastolicBp', 'glucose', 'weight'] as const;

export const fmt = (n: number) => String(Math.round(n * 10) / 10);

/** One point of a trend: a set's value, or a device's reading (its own series: "home device"). */
type TrendPoint = { at: string; value: number } & ({ set: VitalSetDto; device?: undefined } | { device: true; set?: undefined });

/** The points of one parameter, sets and device readings merged, oldest first. */
function seriesOf(sets: VitalSetDto[], devices: DeviceChartReading[], parameter: string): TrendPoint[] {
  const out: TrendPoint[] = [];
  for (const set of [...sets].reverse()) {
    const value = parameter === 'total' ? set.news2.total : set.readings.find((r) => r.field === parameter)?.value;
    if (value !== undefined && value !== null) out.push({ at: set.takenAt, value, set });
  }
  for (const d of devices) if (d.field === parameter) out.push({ at: d.effectiveAt, value: d.value, device: true });
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * One Chart.js canvas per parameter with its NEWS2 bands shaded (drawn by /assets/vitals-chart.js
 * from data attributes: no inline script under the CSP), each followed by its table — the accessible
 * fallback and what prints — with the parameter score in words. Device readings are a second
 * series (its own colour and marker, a legend "home device"), unscored: NEWS2 scores sets only.
 */
export function VitalsTrends(props: { ctx: PageContext; sets: VitalSetDto[]; deviceReadings: DeviceChartReading[]; scale: Spo2Scale }) {
  const { ctx, sets, scale } = props;
  const { t } = ctx;
  const when = (iso: string) => formatZonedDateTime(ctx.locale, new Date(iso), ctx.timeZone, 'short');
  return (
    <section aria-labelledby="vitals-trends-h" class="vitals-trends">
      <h2 id="vitals-trends-h">{t('vitals.trends')}</h2>
      {CHARTED.map((parameter) => {
        const series = seriesOf(sets, props.deviceReadings, parameter);
        if (series.length === 0) return null;
        const anyDevice = series.some((p) => p.device);
        const name = parameter === 'total' ? t('vitals.total_chart') : t(`vitals.field_${parameter}`);
        const id = `trend-${parameter}`;
        return (
          <section aria-labelledby={`${id}-h`} class="vitals-trend">
            <h3 id={`${id}-h`}>{name}</h3>
            <div class="vitals-chart-box">
              <canvas
                data-vitals-chart="1"
                data-label={name}
                data-points={JSON.stringify(series.map((p) => (p.device ? null : p.value)))}
                data-labels={JSON.stringify(series.map((p) => when(p.at)))}
                {...(anyDevice
                  ? {
                      'data-device-points': JSON.stringify(series.map((p) => (p.device ? p.value : null))),
                      'data-series-label': t('vitals.series_entered'),
                      'data-device-label': t('vitals.series_home_device'),
                    }
                  : {})}
                data-bands={JSON.stringify(chartBandsOf(parameter, scale))}
                data-range={JSON.stringify(CHART_RANGES[parameter] ?? null)}
                role="img"
                aria-label={t('vitals.trend_desc', {
                  count: series.length,
                  first: when(series[0]!.at),
                  last: when(series[series.length - 1]!.at),
                })}
              ></canvas>
            </div>
            <Table
              caption={t('vitals.trend_title', { parameter: name })}
              rows={[...series].reverse()}
              empty=""
              columns={[
                { header: t('vitals.col_taken_at'), cell: (p) => when(p.at) },
                { header: t('vitals.col_value'), cell: (p) => fmt(p.value) },
                {
                  header: t('vitals.col_score'),
                  cell: (p) => {
                    const s = parameter === 'total' || !p.set ? null : parameterScore(parameter, p.value, scale, p.set.onOxygen);
                    return s === null ? '—' : String(s);
                  },
                },
                {
                  header: t('vitals.col_source'),
                  cell: (p) => (p.set ? t(`vitals.source_${p.set.source}`) : t('vitals.series_home_device')),
                },
              ]}
            />
          </section>
        );
      })}
    </section>
  );
}
