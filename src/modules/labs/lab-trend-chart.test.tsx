import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { CHART, LabTrendChart, trendGeometry, type TrendPoint } from './views/lab-trend-chart.js';

const day = (d: number) => new Date(Date.UTC(2026, 0, d));
// Potassium 3.5–5.1: values 4 (normal), 6 (high), 5 (normal) on days 1, 2, 3.
const points: TrendPoint[] = [
  { at: day(1), value: 4, flag: 'normal' },
  { at: day(2), value: 6, flag: 'high' },
  { at: day(3), value: 5, flag: 'normal' },
];

describe('trend chart', () => {
  it('places the points by time and value and the band at the range', () => {
    const g = trendGeometry(points, 3.5, 5.1);
    // Scale 3.5 (bottom, y = 144) to 6 (top, y = 16); x from 40 to 440.
    expect(g.min).toBe(3.5);
    expect(g.max).toBe(6);
    expect(g.points).toEqual([
      { x: 40, y: 118.4, flagged: false },
      { x: 240, y: 16, flagged: true },
      { x: 440, y: 67.2, flagged: false },
    ]);
    // 5.1 → y 16 + (0.9/2.5)*128 = 62.1; 3.5 → 144.
    expect(g.band).toEqual({ y: 62.1, height: 81.9 });
  });

  it('one point sits in the middle; no range, no band', () => {
    const g = trendGeometry([{ at: day(1), value: 7, flag: null }], null, null);
    expect(g.points).toEqual([{ x: CHART.width / 2, y: 80, flagged: false }]);
    expect(g.band).toBeNull();
  });

  it('renders an accessible SVG: title, description, band, one marked point per flagged value', () => {
    const svg = render(
      <LabTrendChart
        id="k"
        title="Potassium over time"
        description="3 values"
        describedBy="k-table"
        points={points}
        rangeLow={3.5}
        rangeHigh={5.1}
      />,
    );
    expect(svg).toContain('<title id="k-title">Potassium over time</title>');
    expect(svg).toContain('<desc id="k-desc">3 values</desc>');
    expect(svg).toContain('aria-describedby="k-table"');
    expect(svg).toMatch(/<rect class="lab-trend-band" x="40" y="62.1" width="400" height="81.9"/);
    expect(svg).toContain('points="40,118.4 240,16 440,67.2"');
    expect(svg.match(/lab-trend-flagged/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(svg).not.toContain('<script');
  });
});
