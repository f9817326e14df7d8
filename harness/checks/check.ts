// What a check is (Jepsen's checker): a pure comparison of observation and expectation that
// answers pass, fail or unknown. A check that throws is unknown, never pass.
import type { Expectation } from '../oracle/expect.ts';
import type { Verdict } from '../judge/verdict.ts';
import type { Observation, WitnessName } from './observation.ts';

export type CheckStatus = 'pass' | 'fail' | 'unknown';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  /** The verdict class a failure of this check stands for. */
  failsAs?: Verdict;
  expected?: string;
  observed?: string;
  detail: string;
  evidence?: unknown;
}

export interface Check {
  readonly name: string;
  /**
   * The check claims to witness which snapshot was restored (not only the state or the output): it
   * must then fail, or turn unknown, when the expectation names another snapshot. The self-proof
   * (harness/scenario/proofs.ts) reports one that passes against a wrong expectation too.
   */
  readonly witnessesRestoredSnapshot?: boolean;
  (observation: Observation, expectation: Expectation): CheckResult;
}

export interface CheckOptions {
  /** See Check.witnessesRestoredSnapshot. */
  witnessesRestoredSnapshot?: boolean;
}

/** Names a check function (the name lands in every result, even when the check throws). */
export function check(name: string, fn: (observation: Observation, expectation: Expectation) => Omit<CheckResult, 'name'>, options: CheckOptions = {}): Check {
  const named = (observation: Observation, expectation: Expectation): CheckResult => ({ name, ...fn(observation, expectation) });
  Object.defineProperty(named, 'name', { value: name });
  if (options.witnessesRestoredSnapshot) Object.defineProperty(named, 'witnessesRestoredSnapshot', { value: true });
  return named as Check;
}

/** The unknown result of a witness the scenario tried to read and could not; undefined when it was read. */
/** The snapshot Flink restored, or undefined when it restored nothing (an empty start or no restore seen). */
export function restoredSnapshot(obs: Observation): Exclude<NonNullable<Observation['restored']>, { kind: 'none' }> | undefined {
  return obs.restored && obs.restored.kind !== 'none' ? obs.restored : undefined;
}

export function unreadableResult(obs: Observation, witness: WitnessName): { status: 'unknown'; detail: string } | undefined {
  const reason = obs.unreadable?.[witness];
  return reason === undefined ? undefined : { status: 'unknown', detail: `could not be read: ${reason}` };
}

/** Runs every check and keeps each named result; never throws. */
export function runChecks(checks: readonly Check[], observation: Observation, expectation: Expectation): CheckResult[] {
  return checks.map((run) => {
    try {
      return run(observation, expectation);
    } catch (error) {
      return { name: run.name, status: 'unknown', detail: `the check itself failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  });
}

/** The trivial check: always passes; shows the contract and makes tests of the layers above cheap. */
export const noopCheck: Check = check('noop', () => ({ status: 'pass', detail: 'nothing checked' }));
