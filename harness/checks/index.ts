// The checks every scenario runs, in the order a person reads them.
import type { Check } from './check.ts';
import type { Observation } from './observation.ts';
import { haWitness, metadataWitness, probeMetricWitness, restoredIsExpected } from './restore-checks.ts';
import { outputContinuity } from './output-continuity.ts';

export { runChecks, check, noopCheck } from './check.ts';
export type { Check, CheckResult, CheckStatus } from './check.ts';
export type { Observation, OutputRecord, WitnessName } from './observation.ts';
export { restoredIsExpected, metadataWitness, probeMetricWitness, haWitness } from './restore-checks.ts';
export { outputContinuity, findContinuityProblems } from './output-continuity.ts';

/** REST against the expectation, then storage, the probe's gauge and the output as witnesses. */
export const coreChecks: readonly Check[] = [restoredIsExpected, metadataWitness, probeMetricWitness, outputContinuity];

/**
 * The core checks, plus the HA ConfigMap witness when the platform read it at the fault or tried
 * and could not (then it stands as unknown instead of vanishing from the verdict).
 */
export function checksFor(observation: Observation): readonly Check[] {
  return observation.haCheckpointIds || observation.unreadable?.ha !== undefined ? [...coreChecks, haWitness] : coreChecks;
}
