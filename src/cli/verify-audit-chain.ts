import type { Db } from '../platform/db/database.js';
import { sealAndVerifyAuditChain, type ChainVerificationDto } from '../modules/admin/index.js';

export interface AuditVerificationReport {
  exitCode: 0 | 1;
  message: string;
  result: ChainVerificationDto;
}

/**
 * The core of `npm run audit:verify`: seals pending rows, walks the chain and says, in one line,
 * whether it holds or where it first breaks. Exit code 0 when intact, 1 when broken.
 */
export async function runAuditVerification(db: Db): Promise<AuditVerificationReport> {
  const result = await sealAndVerifyAuditChain(db);
  if (result.ok) return { exitCode: 0, message: `audit chain OK: ${result.checked} events`, result };
  const broken = result.firstBroken!;
  return { exitCode: 1, message: `audit chain BROKEN at seq ${broken.seq} (event id ${broken.id}): ${broken.reason}`, result };
}

export const LOCKED_MESSAGE =
  'The embedded database is in use by the running Carewell server, and two processes must never open it at once.\n' +
  'Either stop the server and run `npm run audit:verify` again, or ask the running server: POST /api/v1/admin/audit/verify (as an administrator).';
