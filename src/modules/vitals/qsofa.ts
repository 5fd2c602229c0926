import type { Acvpu } from './news2.js';

/**
 * qSOFA (Singer et al., Sepsis-3, JAMA 2016;315:801-810): one point each for respiratory rate
 * ≥ 22/min, altered mentation, systolic pressure ≤ 100 mmHg. Shown only as supplementary "things to
 * consider" when it reaches 2 — the Surviving Sepsis Campaign 2021 recommends against qSOFA as a
 * single screening tool, so it is never a sepsis screen and never a diagnosis. Altered mentation is
 * read from ACVPU (anything but alert), as no GCS is recorded with a set.
 */
export function qsofa(input: { respiratoryRate?: number; systolicBp?: number; consciousness?: Acvpu }): number | null {
  if (input.respiratoryRate === undefined || input.systolicBp === undefined || input.consciousness === undefined) {
    const known = [
      input.respiratoryRate !== undefined && input.respiratoryRate >= 22,
      input.systolicBp !== undefined && input.systolicBp <= 100,
      input.consciousness !== undefined && input.consciousness !== 'alert',
    ].filter(Boolean).length;
    // Two known criteria are enough to prompt; fewer cannot be scored on a partial set.
    return known >= 2 ? known : null;
  }
  return (input.respiratoryRate >= 22 ? 1 : 0) + (input.systolicBp <= 100 ? 1 : 0) + (input.consciousness !== 'alert' ? 1 : 0);
}

export const QSOFA_SOURCE =
  'Singer M et al. The Third International Consensus Definitions for Sepsis and Septic Shock (Sepsis-3). JAMA 2016;315:801-810; Evans L et al. Surviving Sepsis Campaign 2021.';

/** The "things to consider" prompt, or none below 2. */
export function qsofaConsiderations(input: Parameters<typeof qsofa>[0]): { text: string; source: string }[] {
  const score = qsofa(input);
  if (score === null || score < 2) return [];
  return [
    {
      text: `qSOFA ${score}/3: if infection is suspected, consider sepsis and a full assessment (qSOFA is supplementary information, not a screen or a diagnosis).`,
      source: QSOFA_SOURCE,
    },
  ];
}
