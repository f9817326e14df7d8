// Proof that a passing scenario could have failed: re-judge its real observation, with the real
// checks and the real judge, against a deliberately wrong expectation (an older snapshot that really
// existed) and demand a failing verdict. Failing as a whole is not enough: one check that reads the
// expectation would carry every other. So each check that claims to witness which snapshot was
// restored must itself stop passing; one that passes against the right and the wrong expectation
// alike witnesses nothing and is reported by name.
import type { Expectation } from '../oracle/expect.ts';
import type { RestorePoint } from '../oracle/snapshot.ts';
import { describeRestorePoint, sameRestorePoint } from '../oracle/snapshot.ts';
import { checksFor, runChecks } from '../checks/index.ts';
import type { Check } from '../checks/index.ts';
import type { Observation } from '../checks/observation.ts';
import { judge } from '../judge/judge.ts';
import type { Verdict } from '../judge/verdict.ts';

/** What a proof re-judges: the run's own expectation and observation (run-scenario's JudgedMaterial). */
export interface ProofMaterial {
  expectation: Expectation;
  observation: Observation;
}

export interface Proof {
  /** The verdict the same evidence earns against the wrong expectation; anything but PASS. */
  verdict: Verdict;
  wrongExpected: string;
  /** Checks that claim to witness the restored snapshot and passed against the right and the wrong expectation alike. */
  blindWitnesses: string[];
}

/**
 * An expectation naming a snapshot other than every acceptable one: an older real candidate when
 * there is one, else the expected snapshot with its id shifted (a path that never existed).
 */
export function deliberatelyWrong(expectation: Expectation): Expectation {
  const isAcceptable = (point: RestorePoint): boolean => expectation.acceptable.some((ok) => sameRestorePoint(ok, point));
  const older = expectation.candidates
    .map((s): RestorePoint => ({ kind: s.kind, id: s.id, path: s.path }))
    .find((point) => !isAcceptable(point));
  const expected = expectation.expected;
  const wrong: RestorePoint = older
    ?? (expected.kind === 'none'
      ? { kind: 'checkpoint', id: 1, path: 's3://flink/checkpoints/never-existed/chk-1' }
      : { kind: expected.kind, id: expected.id + 1, path: `${expected.path}-never-existed` });
  return { ...expectation, expected: wrong, acceptable: [wrong], reasoning: [...expectation.reasoning, `deliberately wrong: expect ${wrong.kind}`] };
}

/** Re-judges the run's observation with `checks` (the run's own by default) against a deliberately wrong expectation. */
export function proveItCouldFail({ expectation, observation }: ProofMaterial, checks: readonly Check[] = checksFor(observation)): Proof {
  const wrong = deliberatelyWrong(expectation);
  const right = runChecks(checks, observation, expectation);
  const againstWrong = runChecks(checks, observation, wrong);
  const { verdict } = judge({ expectation: wrong, checks: againstWrong });
  const blindWitnesses = checks
    .filter((c, index) => c.witnessesRestoredSnapshot && right[index]?.status === 'pass' && againstWrong[index]?.status === 'pass')
    .map((c) => c.name);
  return { verdict, wrongExpected: describeRestorePoint(wrong.expected), blindWitnesses };
}
