// The checks every scenario runs, in the order a person reads them.
import type { Check } from './check.ts';
import type { Observation } from './observation.ts';
import { haWitness, jobManagerLogWitness, metadataWitness, operatorStateWitness, platformRecordWitness, probeMetricWitness, restoredIsExpected } from './restore-checks.ts';
import { outputContinuity } from './output-continuity.ts';
import { statefulOperatorsKept } from './operator-entries.ts';
import { changeTookEffect } from './change-took-effect.ts';

export { runChecks, check, noopCheck } from './check.ts';
export type { Check, CheckResult, CheckStatus } from './check.ts';
export type { Observation, OutputRecord, WitnessName } from './observation.ts';
export { restoredIsExpected, metadataWitness, probeMetricWitness, haWitness, jobManagerLogWitness, platformRecordWitness, operatorStateWitness, restoredKindIs } from './restore-checks.ts';
export { outputContinuity, findContinuityProblems } from './output-continuity.ts';
export { statefulOperatorsKept } from './operator-entries.ts';
export { changeTookEffect, changeFindings } from './change-took-effect.ts';

/** REST against the expectation, then storage, the probe's gauge and the output as witnesses. */
export const coreChecks: readonly Check[] = [restoredIsExpected, metadataWitness, probeMetricWitness, outputContinuity];

/** What a user's job (no probe) is checked with: REST, storage and the operator states in place of the probe's witnesses. */
export const userJobChecks: readonly Check[] = [restoredIsExpected, metadataWitness, operatorStateWitness, statefulOperatorsKept];

/** The witnesses only the probe gives; with a user's job they are reported as not run, never as passed. */
export const PROBE_ONLY_CHECKS = [probeMetricWitness.name, outputContinuity.name] as const;

/** The checks that did not run on `observation`, each with why. */
export function checksNotRun(observation: Observation): Array<{ name: string; reason: string }> {
  return observation.userJob ? PROBE_ONLY_CHECKS.map((name) => ({ name, reason: 'needs the probe; a user job ran' })) : [];
}

/**
 * The core checks (the user-job checks for a user's job), plus each optional witness the platform offers: every operator's entry in the `_metadata` files, the HA store read at the
 * fault (or as the stopped JobManager left it), the JobManager's restore log line, the platform's own record, and after an upgrade
 * what the resumed job runs. A witness that was to be read
 * and could not stands as unknown instead of vanishing from the verdict.
 */
export function checksFor(observation: Observation): readonly Check[] {
  const tried = (witness: keyof NonNullable<Observation['unreadable']>, value: unknown): boolean => value !== undefined || observation.unreadable?.[witness] !== undefined;
  return [
    ...(observation.userJob ? userJobChecks : coreChecks),
    // The probe's output already shows lost keyed state; every operator's entry is one more witness.
    ...(!observation.userJob && tried('operator-entries', observation.operatorEntries) ? [statefulOperatorsKept] : []),
    ...(tried('ha', observation.haCheckpointIds) ? [haWitness] : []),
    ...(tried('jobmanager-log', observation.jobManagerLogRestore) ? [jobManagerLogWitness] : []),
    ...(tried('platform', observation.platformRecord) ? [platformRecordWitness] : []),
    // After an upgrade: the resumed job runs what it changed (else the restore was not tested under it).
    ...(observation.change ? [changeTookEffect] : []),
  ];
}
