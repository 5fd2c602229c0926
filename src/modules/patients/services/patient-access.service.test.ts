import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../platform/auth/auth.tables.js';
import { decideAccessTier, isClinicalTier } from './patient-access.service.js';

const CLINICIANS = ['doctor', 'nurse', 'pharmacist', 'lab_technician', 'radiologist', 'radiographer', 'paramedic'] as const;
const BREAK_GLASS = ['doctor', 'nurse', 'paramedic'];

describe('decideAccessTier (every role × every relationship)', () => {
  const bools = [false, true];
  for (const role of ROLES) {
    for (const isSelf of bools) {
      for (const onCareTeam of bools) {
        for (const hasBreakGlass of bools) {
          const facts = { role, isSelf, onCareTeam, hasBreakGlass };
          let expected: string | null;
          if (role === 'patient') expected = isSelf ? 'self' : null;
          else if ((CLINICIANS as readonly string[]).includes(role))
            expected = onCareTeam ? 'care_team' : hasBreakGlass && BREAK_GLASS.includes(role) ? 'break_glass' : null;
          else if (role === 'receptionist' || role === 'billing' || role === 'admin') expected = 'registration';
          else expected = null;
          it(`${role} self=${isSelf} team=${onCareTeam} glass=${hasBreakGlass} → ${expected}`, () => {
            expect(decideAccessTier(facts)).toBe(expected);
          });
        }
      }
    }
  }

  it('opens the clinical tier only to self, care team and break-the-glass', () => {
    expect(isClinicalTier('self')).toBe(true);
    expect(isClinicalTier('care_team')).toBe(true);
    expect(isClinicalTier('break_glass')).toBe(true);
    expect(isClinicalTier('registration')).toBe(false);
  });
});
