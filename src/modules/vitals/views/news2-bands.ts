import {
  scorePulse,
  scoreRespiratoryRate,
  scoreSpo2Scale1,
  scoreSpo2Scale2,
  scoreSystolicBp,
  scoreTemperature,
  type Spo2Scale,
} from '../news2.js';

/** A shaded band of a trend chart: values in [from, to) score `score`. */
export interface ChartBand {
  from: number;
  to: number;
  score: number;
}

const bands = (edges: [number, number, number][]): ChartBand[] => edges.map(([from, to, score]) => ({ from, to, score }));

/**
 * The NEWS2 bands of each charted parameter, drawn between the chart's values (edges halfway
 * between the last value of one band and the first of the next, at the chart's precision).
 */
export function chartBandsOf(parameter: string, scale: Spo2Scale): ChartBand[] {
  switch (parameter) {
    case 'respiratoryRate':
      return bands([
        [0, 8.5, 3],
        [8.5, 11.5, 1],
        [11.5, 20.5, 0],
        [20.5, 24.5, 2],
        [24.5, 80, 3],
      ]);
    case 'spo2':
      return scale === 1
        ? bands([
            [50, 91.5, 3],
            [91.5, 93.5, 2],
            [93.5, 95.5, 1],
            [95.5, 100, 0],
          ])
        : bands([
            [50, 83.5, 3],
            [83.5, 85.5, 2],
            [85.5, 87.5, 1],
            [87.5, 92.5, 0],
            [92.5, 94.5, 1],
            [94.5, 96.5, 2],
            [96.5, 100, 3],
          ]);
    case 'systolicBp':
      return bands([
        [40, 90.5, 3],
        [90.5, 100.5, 2],
        [100.5, 110.5, 1],
        [110.5, 219.5, 0],
        [219.5, 300, 3],
      ]);
    case 'pulse':
      return bands([
        [20, 40.5, 3],
        [40.5, 50.5, 1],
        [50.5, 90.5, 0],
        [90.5, 110.5, 1],
        [110.5, 130.5, 2],
        [130.5, 300, 3],
      ]);
    case 'temperature':
      return bands([
        [25, 35.05, 3],
        [35.05, 36.05, 1],
        [36.05, 38.05, 0],
        [38.05, 39.05, 1],
        [39.05, 45, 2],
      ]);
    case 'total':
      return bands([
        [0, 4.5, 0],
        [4.5, 6.5, 2],
        [6.5, 20, 3],
      ]);
    default:
      return [];
  }
}

/** A reading's NEWS2 parameter score for the tables (null for parameters NEWS2 does not score). */
export function parameterScore(parameter: string, value: number, scale: Spo2Scale, onOxygen: boolean | null): number | null {
  switch (parameter) {
    case 'respiratoryRate':
      return scoreRespiratoryRate(value);
    case 'spo2':
      return scale === 1 ? scoreSpo2Scale1(value) : onOxygen === null && value > 92 ? null : scoreSpo2Scale2(value, onOxygen ?? false);
    case 'systolicBp':
      return scoreSystolicBp(value);
    case 'pulse':
      return scorePulse(value);
    case 'temperature':
      return scoreTemperature(value);
    default:
      return null;
  }
}

/** The y range a chart starts from, so a flat series still shows its neighbouring bands. */
export const CHART_RANGES: Record<string, [number, number]> = {
  respiratoryRate: [5, 35],
  spo2: [80, 100],
  systolicBp: [70, 230],
  diastolicBp: [40, 130],
  pulse: [30, 150],
  temperature: [34, 41],
  glucose: [40, 300],
  weight: [0, 150],
  total: [0, 12],
};
