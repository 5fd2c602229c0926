import type { LabFlag } from '../labs.vocabulary.js';

/** One value on a trend chart. */
export interface TrendPoint {
  at: Date;
  value: number;
  flag: LabFlag | null;
}

export const CHART = { width: 480, height: 160, padX: 40, padY: 16 } as const;

export interface TrendGeometry {
  points: { x: number; y: number; flagged: boolean }[];
  /** The reference range as a band (SVG y of its top and its height), when the range is known. */
  band: { y: number; height: number } | null;
  min: number;
  max: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Where the points and the reference band fall: time on x (oldest left), value on y (higher up),
 * the scale spanning the values and the range's ends. A flagged point is anything but `normal`.
 */
export function trendGeometry(points: TrendPoint[], rangeLow: number | null, rangeHigh: number | null): TrendGeometry {
  const values = [...points.map((p) => p.value), ...(rangeLow === null ? [] : [rangeLow]), ...(rangeHigh === null ? [] : [rangeHigh])];
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const times = points.map((p) => p.at.getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const plotW = CHART.width - 2 * CHART.padX;
  const plotH = CHART.height - 2 * CHART.padY;
  const x = (t: number) => round(t1 === t0 ? CHART.padX + plotW / 2 : CHART.padX + ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => round(CHART.padY + ((max - v) / (max - min)) * plotH);
  const bandTop = rangeHigh === null ? CHART.padY : y(rangeHigh);
  const bandBottom = rangeLow === null ? CHART.height - CHART.padY : y(rangeLow);
  return {
    points: points.map((p) => ({ x: x(p.at.getTime()), y: y(p.value), flagged: p.flag !== null && p.flag !== 'normal' })),
    band: rangeLow === null && rangeHigh === null ? null : { y: bandTop, height: round(bandBottom - bandTop) },
    min,
    max,
  };
}

/** The normal points as circles, or the flagged ones as diamonds: SVG text built from numbers only. */
export function pointsMarkup(points: TrendGeometry['points'], flagged: boolean): string {
  return points
    .filter((p) => p.flagged === flagged)
    .map((p) =>
      flagged
        ? `<path class="lab-trend-point lab-trend-flagged" d="M${p.x} ${round(p.y - 7)}l7 7l-7 7l-7-7z"></path>`
        : `<circle class="lab-trend-point" cx="${p.x}" cy="${p.y}" r="4"></circle>`,
    )
    .join('');
}

/**
 * A test's values over time as inline SVG (no script): the reference range shaded, flagged values
 * drawn as larger diamonds. Accessible: a title, a description, and `describedBy` names the table
 * that lists every point (the fallback).
 */
export function LabTrendChart(props: {
  id: string;
  title: string;
  description: string;
  describedBy: string;
  points: TrendPoint[];
  rangeLow: number | null;
  rangeHigh: number | null;
}) {
  if (props.points.length === 0) return null;
  const g = trendGeometry(props.points, props.rangeLow, props.rangeHigh);
  return (
    <svg
      class="lab-trend"
      viewBox={`0 0 ${CHART.width} ${CHART.height}`}
      width={CHART.width}
      height={CHART.height}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      aria-describedby={props.describedBy}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {g.band && (
        <rect
          class="lab-trend-band"
          x={CHART.padX}
          y={g.band.y}
          width={CHART.width - 2 * CHART.padX}
          height={g.band.height}
          fill="#d8f0dc"
        />
      )}
      <text x={4} y={CHART.padY + 4} font-size="10">
        {String(round(g.max))}
      </text>
      <text x={4} y={CHART.height - CHART.padY} font-size="10">
        {String(round(g.min))}
      </text>
      {g.points.length > 1 && (
        <polyline
          class="lab-trend-line"
          fill="none"
          stroke="#1f4e79"
          stroke-width="2"
          points={g.points.map((p) => `${p.x},${p.y}`).join(' ')}
        />
      )}
      {/* The points' colour once per group, not per point, flagged points on top; the points' markup
          is joined as text (numbers only, nothing to escape) rather than 60 elements per chart for
          the renderer to walk (issue 13: page cost). */}
      <g fill="#1f4e79" dangerouslySetInnerHTML={{ __html: pointsMarkup(g.points, false) }} />
      {g.points.some((p) => p.flagged) && <g fill="#b00020" dangerouslySetInnerHTML={{ __html: pointsMarkup(g.points, true) }} />}
    </svg>
  );
}
