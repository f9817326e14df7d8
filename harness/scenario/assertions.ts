// What a scenario's test asserts about its result, as a pure function: the test records the
// failures in the report and then fails on them, so results.json and junit.xml say what the test said.
import type { ScenarioDefinition } from './definition.ts';
import type { JudgedMaterial } from './run-scenario.ts';
import type { ScenarioResult } from '../report/results.ts';
import { proveItCouldFail, type Proof } from './proofs.ts';

/** How a PASS is proved to have been able to fail (the real re-judgement by default). */
export type ProveItCouldFail = (material: JudgedMaterial) => Proof;

/**
 * Every assertion of the scenario's test that does not hold, one message each; empty when the
 * test passes. A PASS must come from judged evidence that a wrong expectation would have failed.
 */
export function failedAssertions(
  definition: Pick<ScenarioDefinition, 'expect' | 'alsoShows'>,
  result: ScenarioResult,
  material: JudgedMaterial | undefined,
  prove: ProveItCouldFail = proveItCouldFail,
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
      const proof = prove(material);
      if (proof.verdict === 'PASS') failures.push(`the same evidence judged against ${proof.wrongExpected} also passes: the checks cannot tell that wrong restore point from the right one`);
      for (const name of proof.blindWitnesses) {
        failures.push(`${name} claims to witness which snapshot was restored, yet passes against ${proof.wrongExpected} as against the right one: it ignores the expectation`);
      }
    }
  }
  return failures;
}
