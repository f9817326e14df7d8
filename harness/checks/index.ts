// The checks every scenario runs, in the order a person reads them.
import type { Check } from './check.ts';
import type { Observation } from './observation.ts';
import { haWitness, jobManagerLogWitness, metadataWitness, platformRecordWitness, probeMetricWitness, restoredIsExpected } from './restore-checks.ts';
import { outputContinuity } from './output-continuity.ts';

export { runChecks, check, noopCheck } from './check.ts';
export type { Check, CheckResult, CheckStatus } from './check.ts';
export type { Observation, OutputRecord, WitnessName } from './observation.ts';
export { restoredIsExpected, metadataWitness, probeMetricWitness, haWitness, jobManagerLogWitness, platformRecordWitness } from './restore-checks.ts';
export { outputContinuity, findContinuityProblems } from './output-continuity.ts';

/** REST against the expectation, then storage, the probe's gauge and the output as witnesses. */
export const coreChecks: readonly Check[] = [restoredIsExpected, metadataWitness, probeMetricWitness, outputContinuity];

/**
 * The core checks, plus each optional witness the platform offers: the HA ConfigMap read at the
 * fault, the JobManager's restore log line, the platform's own record. A witness that was to be read
 * and could not stands as unknown instead of vanishing from the verdict.
 */
export function checksFor(observation: Observation): readonly Check[] {
  const tried = (witness: keyof NonNullable<Observation['unreadable']>, value: unknown): boolean => value !== undefined || observation.unreadable?.[witness] !== undefined;
  return [
    ...coreChecks,
    ...(tried('ha', observation.haCheckpointIds) ? [haWitness] : []),
    ...(tried('jobmanager-log', observation.jobManagerLogRestore) ? [jobManagerLogWitness] : []),
    ...(tried('platform', observation.platformRecord) ? [platformRecordWitness] : []),
  ];
}
