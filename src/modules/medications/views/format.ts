import { formatNumber } from '../../../platform/views/format.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { StrengthUnit } from '../medications.vocabulary.js';

/** Translation key of each UCUM unit: codes such as `[iU]` or `ug/{actuat}` are never shown raw. */
const UNIT_KEYS: Record<StrengthUnit, string> = {
  mg: 'mg',
  g: 'g',
  ug: 'ug',
  mmol: 'mmol',
  meq: 'meq',
  '[iU]': 'iu',
  U: 'u',
  'mg/mL': 'mg_per_ml',
  'ug/mL': 'ug_per_ml',
  'mmol/mL': 'mmol_per_ml',
  'meq/mL': 'meq_per_ml',
  '[iU]/mL': 'iu_per_ml',
  'U/mL': 'u_per_ml',
  'ug/h': 'ug_per_h',
  'ug/{actuat}': 'ug_per_actuation',
  '%': 'percent',
};

export function unitLabel(ctx: PageContext, unit: string): string {
  const key = UNIT_KEYS[unit as StrengthUnit];
  return key ? ctx.t(`medications.unit_${key}`) : unit;
}

/** A strength as people read it: the number localised, then the unit's label (`5 mg`, `1,5 mg/mL`). */
export function formatStrength(ctx: PageContext, strength: { value: number; unit: string }): string {
  const value = formatNumber(ctx.locale, strength.value, { maximumFractionDigits: 4 });
  return `${value} ${unitLabel(ctx, strength.unit)}`;
}
