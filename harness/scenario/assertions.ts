// What a scenario's test asserts about its result, as a pure function: the test records the
// failures in the report and then fails on them, so results.json and junit.xml say what the test said.
import type { ScenarioDefinition } from './definition.ts';
import type { JudgedMaterial } from './run-scenario.ts';
import type { ScenarioResult } from '../report/results.ts';
import type { Verdict } from '../judge/verdict.ts';
import { describeRestorePoint } from '../oracle/snapshot.ts';
import { checksFor, runChecks } from '../checks/index.ts';
import { judge } from '../judge/judge.ts';
import { deliberatelyWrong } from './proofs.ts';

/** The verdict the same evidence earns against a deliberately wrong expectation. */
export type WrongExpectationJudge = (material: JudgedMaterial) => { verdict: Verdict; wrongExpected: string };

/** Re-judges the run's own observation with its own checks against an older or made-up snapshot. */
export const judgeAgainstWrongExpectation: WrongExpectationJudge = ({ expectation, observation }) => {
  const wrong = deliberatelyWrong(expectation);
  const { verdict } = judge({ expectation: wrong, checks: runChecks(checksFor(observation), observation, wrong) });
  return { verdict, wrongExpected: describeRestorePoint(wrong.expected) };
};

/**
 * Every assertion of the scenario's test that does not hold, one message each; empty when the
 * test passes. A PASS must come from judged evidence that a wrong expectation would have failed.
 */
export function failedAssertions(
  definition: Pick<ScenarioDefinition, 'expect' | 'alsoShows'>,
  result: ScenarioResult,
  material: JudgedMaterial | undefined,
  judgeWrong: WrongExpectationJudge = judgeAgainstWrongExpectation,
): string[] {
  const failures: string[] = [];
  const intended = definition.expect;
  if (result.verdict !== intended.verdict) failures.push(`verdict ${result.verdict}, intended ${intended.verdict}`);
  if (intended.restored && result.observed?.kind !== intended.restored) {
    failures.push(`restored ${result.observed ? result.observed.kind : 'unknown'}, intended ${intended.restored}`);
  }
  for (const { fact, holds } of definition.alsoShows ?? []) {
    try {
      if (!holds(result)) failures.push(`${fact}: does not hold (see ${result.id} in results.json)`);
    } catch (error) {
      failures.push(`${fact}: could not be evaluated (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (intended.verdict === 'PASS' && result.verdict === 'PASS') {
    if (!material) {
      failures.push('a PASS must come from judged evidence, and this run judged none');
    } else {
      const proof = judgeWrong(material);
      if (proof.verdict === 'PASS') failures.push(`the same evidence judged against ${proof.wrongExpected} also passes: the checks cannot tell that wrong restore point from the right one`);
    }
  }
  return failures;
}
