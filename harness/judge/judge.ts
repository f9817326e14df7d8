// Turns check results into one verdict and one paragraph a person can act on.
import type { Expectation } from '../oracle/expect.ts';
import { describeRestorePoint } from '../oracle/snapshot.ts';
import { recoversFromHaStore } from '../oracle/expect.ts';
import type { CheckResult } from '../checks/check.ts';
import type { Verdict } from './verdict.ts';

export interface JudgeInput {
  expectation: Expectation;
  checks: CheckResult[];
  /** A verdict the runner already decided (TIMEOUT, INFRA_ERROR, BAD_INPUT …). */
  error?: { verdict: Verdict; message: string };
}

// INFRA_ERROR last: a check that found the fault never took effect (an upgrade the platform did not
// apply) says the run proved nothing, but any restore a witness saw wrong is still named first.
const PRECEDENCE: Verdict[] = ['RESTORE_MISMATCH', 'NO_RESTORE', 'STATE_LOSS', 'INFRA_ERROR'];

/**
 * The runner's error wins; then a failed check by precedence RESTORE_MISMATCH > NO_RESTORE >
 * STATE_LOSS > INFRA_ERROR; then any unknown is INFRA_ERROR (a PASS needs every check to pass).
 */
export function judge({ expectation, checks, error }: JudgeInput): { verdict: Verdict; explanation: string } {
  if (error) {
    const cause = expectation.configNotes.length > 0 ? ` Likely cause: ${expectation.configNotes.join('; ')}.` : '';
    return { verdict: error.verdict, explanation: `${error.verdict === 'NO_RESTORE' ? 'NO_RESTORE: ' : ''}${error.message}. ${whatExisted(expectation)} Expected ${describeRestorePoint(expectation.expected)}.${cause}` };
  }
  const failed = checks.filter((c) => c.status === 'fail');
  const verdict: Verdict | undefined = PRECEDENCE.find((v) => failed.some((c) => c.failsAs === v)) ?? (failed.length > 0 ? 'RESTORE_MISMATCH' : undefined);
  if (verdict) return { verdict, explanation: explainFailure(verdict, expectation, checks) };
  const unknown = checks.filter((c) => c.status === 'unknown');
  if (unknown.length > 0) {
    return { verdict: 'INFRA_ERROR', explanation: `Could not verify: ${unknown.map((c) => `${c.name}: ${c.detail}`).join('; ')}. ${whatExisted(expectation)} Witnesses: ${witnessesThatRan(checks)}.` };
  }
  if (checks.length === 0) return { verdict: 'INFRA_ERROR', explanation: 'No check ran, so nothing was verified.' };
  return { verdict: 'PASS', explanation: `${whatWasRestored(expectation, checks)}; ${checks.map((c) => c.name).join(', ')} agree.` };
}

/** A PASS names what was restored: the expected point, or an acceptable one raced at the fault and why it counts. */
function whatWasRestored(expectation: Expectation, checks: CheckResult[]): string {
  const expected = describeRestorePoint(expectation.expected);
  const observed = checks.find((c) => c.name === 'restored-is-expected')?.observed;
  if (!observed || observed === expected) return `Restored ${expected}, the newest at the fault`;
  const why = expectation.reasoning.filter((line) => line.endsWith('also acceptable'));
  return `Restored ${observed}, newer than ${expected} (the newest certain at the fault) and acceptable${why.length > 0 ? `: ${why.join('; ')}` : ''}`;
}

function whatExisted(expectation: Expectation): string {
  const newest = expectation.newestAtFault;
  if (expectation.strategy === 'NONE') return 'Strategy NONE (a fresh start): the job must start with empty state.';
  if (!newest) return `Newest state at the fault: none (nothing eligible for ${expectation.strategy} existed).`;
  const when = newest.completedAt ? ` completed ${new Date(newest.completedAt).toISOString()}` : '';
  // Savepoint mode names the kind it expected: the stop's savepoint, or the checkpoint of its fallback.
  return `Newest ${recoversFromHaStore(expectation.strategy) ? 'checkpoint' : expectation.strategy === 'UPGRADE_SAVEPOINT' ? newest.kind : 'state'} at the fault: ${newest.kind} ${newest.id} (${newest.path})${when}.`;
}

function explainFailure(verdict: Verdict, expectation: Expectation, checks: CheckResult[]): string {
  const primary = checks.find((c) => c.name === 'restored-is-expected');
  const restored = primary?.observed ?? 'unknown';
  const cause = expectation.configNotes.length > 0 ? ` Likely cause: ${expectation.configNotes.join('; ')}.` : '';
  // An INFRA_ERROR from failed checks leads with why the run proved nothing, before what was restored
  // (each failed check then stands for INFRA_ERROR: any other would have decided the verdict).
  const infra = verdict === 'INFRA_ERROR' ? checks.filter((c) => c.status === 'fail').map((c) => ` ${c.name}: ${c.detail}.`).join('') : '';
  return `${verdict}:${infra} ${whatExisted(expectation)} Expected ${describeRestorePoint(expectation.expected)}; restored ${restored}. Witnesses: ${witnessesThatRan(checks)}.${cause}`;
}

/** Every check that ran and what it said, so a reader sees which witnesses decided and which could not. */
function witnessesThatRan(checks: CheckResult[]): string {
  return checks.map((c) => `${c.name} ${c.status === 'pass' ? 'agrees' : c.status === 'fail' ? `disagrees (${c.detail})` : `unknown (${c.detail})`}`).join('; ');
}
