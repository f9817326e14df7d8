// The Operator's savepoint mode judged end to end without a cluster: the operator's status as it
// records the stop, the oracle, every check with the scenario's `restored: savepoint`, the judge and
// the scenario's assertions. A checkpoint restored where a savepoint is asserted is a wrong restore
// (RESTORE_MISMATCH naming the expected savepoint, the restored checkpoint and the operator's
// record), never a PASS with a failed assertion (which a run reports as INFRA_ERROR).
import { describe, expect, it } from 'vitest';
import { expectRestore } from '../../../harness/oracle/expect.ts';
import type { OracleInput } from '../../../harness/oracle/expect.ts';
import type { Snapshot, StopSavepointRecord } from '../../../harness/oracle/snapshot.ts';
import { stopSavepointRecord } from '../../../harness/platforms/operator/stop-savepoint.ts';
import { checksFor, restoredKindIs, runChecks } from '../../../harness/checks/index.ts';
import type { Observation } from '../../../harness/checks/observation.ts';
import { judge } from '../../../harness/judge/judge.ts';
import { shortfallOf } from '../../../harness/judge/verdict.ts';
import { failedAssertions } from '../../../harness/scenario/assertions.ts';
import type { ScenarioResult } from '../../../harness/report/results.ts';

const JOB = 'a1b2c3d4000000000000000000000001';
const REQUESTED = Date.UTC(2026, 11, 7, 19, 0, 0);
const chk7 = { kind: 'checkpoint' as const, id: 7, path: `s3://flink/checkpoints/${JOB}/chk-7` };
const sp8 = { kind: 'savepoint' as const, id: 8, path: 's3://flink/savepoints/savepoint-a1b2c3-5f2e9d0c1b7a' };
const observed: Snapshot[] = [
  { ...chk7, jobId: JOB, completedAt: REQUESTED - 4_000, seenBy: ['rest', 'storage'] },
  { ...sp8, completedAt: REQUESTED + 3_000, seenBy: ['storage'] },
];
const oracleInput: OracleInput = {
  strategy: 'UPGRADE_SAVEPOINT', faultKind: 'upgrade', faultAt: REQUESTED, faultEffectiveAt: REQUESTED + 6_000, restoreBeganAt: REQUESTED + 6_000,
  jobId: JOB, lineage: { jobIds: [JOB] }, observed, storageListed: true,
};
const reconciledSpec = (upgradeMode: string) => ({
  state: 'DEPLOYED', reconciliationTimestamp: REQUESTED + 20_000,
  lastReconciledSpec: JSON.stringify({ spec: { job: { state: 'running', upgradeMode } }, resource_metadata: {} }),
});
const savepointTaken = stopSavepointRecord({
  jobStatus: { savepointInfo: { lastSavepoint: { timeStamp: REQUESTED + 3_100, location: sp8.path, triggerType: 'UPGRADE' } } },
  reconciliationStatus: reconciledSpec('savepoint'),
}, REQUESTED, 2_000);
const fellBackToLastState = stopSavepointRecord({ reconciliationStatus: reconciledSpec('last-state') }, REQUESTED, 2_000);

/** What the run observed after Flink restored `point`: every witness agrees with REST. */
function restoredObservation(point: typeof chk7 | typeof sp8, record: Partial<Pick<Observation, 'platformRecord' | 'unreadable'>>): Observation {
  return {
    restored: point, metadata: { path: point.path, exists: true, checkpointId: point.id }, probeRestoredIds: [point.id, point.id],
    output: { records: [{ key: '0', seq: 0, count: 1, restoredCheckpointId: -1, probeVersion: 'v1' }, { key: '0', seq: 1, count: 2, restoredCheckpointId: point.id, probeVersion: 'v2' }], files: 2 },
    ...record,
  };
}

/** The run's judgement as run-scenario makes it, and what the scenario's test then says of it. */
function judgedRun(observation: Observation) {
  const stopSavepoint: StopSavepointRecord = observation.platformRecord ?? { savepoint: 'unknown', why: `could not be read: ${observation.unreadable?.platform}` };
  const expectation = expectRestore({ ...oracleInput, stopSavepoint });
  const checks = runChecks([...checksFor(observation), restoredKindIs('savepoint')], observation, expectation);
  const { verdict, explanation } = judge({ expectation, checks });
  const result: ScenarioResult = {
    id: 'op-savepoint-job-version-upgrade', title: 't', platform: 'operator', flinkVersion: '1.20.0', verdict, expectedVerdict: 'PASS',
    expected: expectation.expected, observed: observation.restored ?? { kind: 'none' }, explanation, checks, evidence: {}, timings: { startedAt: 0, finishedAt: 1, phases: {} },
  };
  const assertionFailures = failedAssertions({ expect: { verdict: 'PASS', restored: 'savepoint' } }, result, { expectation, observation });
  return { verdict, explanation, checks, shortfall: shortfallOf({ verdict, expectedVerdict: 'PASS', assertionFailures }) };
}

describe("the Operator's savepoint mode, from its status to the scenario's verdict", () => {
  it('PASS when Flink restored the savepoint the operator recorded', () => {
    expect(savepointTaken).toMatchObject({ savepoint: 'taken', path: sp8.path });
    const run = judgedRun(restoredObservation(sp8, { platformRecord: savepointTaken }));
    expect(run.verdict).toBe('PASS');
    expect(run.shortfall).toBeUndefined();
    expect(run.checks.find((c) => c.name === 'platform-record')?.status).toBe('pass');
  });

  it('RESTORE_MISMATCH when the operator recorded its savepoint and Flink restored the older checkpoint: expected savepoint, observed checkpoint, the record', () => {
    const run = judgedRun(restoredObservation(chk7, { platformRecord: savepointTaken }));
    expect(run.verdict).toBe('RESTORE_MISMATCH');
    expect(run.shortfall).toBe('RESTORE_MISMATCH');
    expect(run.explanation).toContain(`Expected savepoint 8 (${sp8.path}); restored checkpoint 7 (${chk7.path})`);
    expect(run.explanation).toContain(`platform-record disagrees (the platform recorded status.jobStatus.savepointInfo.lastSavepoint (triggerType UPGRADE, recorded 2026-12-07T19:00:03.100Z) = ${sp8.path}, but Flink restored checkpoint 7`);
  });

  it('RESTORE_MISMATCH, not INFRA_ERROR, when the operator fell back to last-state and the scenario asserts a savepoint: the oracle accepts the checkpoint, the assertion does not', () => {
    expect(fellBackToLastState).toMatchObject({ savepoint: 'none', modeUsed: 'last-state' });
    const run = judgedRun(restoredObservation(chk7, { platformRecord: fellBackToLastState }));
    expect(run.checks.find((c) => c.name === 'restored-is-expected')?.status).toBe('pass');
    expect(run.verdict).toBe('RESTORE_MISMATCH');
    expect(run.shortfall).toBe('RESTORE_MISMATCH');
    expect(run.explanation).toContain(`restored-kind disagrees (the scenario asserts a savepoint is restored, but Flink restored checkpoint 7 (${chk7.path}); the oracle expected checkpoint 7 (${chk7.path}) (status.reconciliationStatus.lastReconciledSpec job.upgradeMode = last-state (reconciled 2026-12-07T19:00:20.000Z) records that the operator's stop took no savepoint (it stopped the job in last-state mode)`);
    expect(run.explanation).toContain("the platform's record: status.reconciliationStatus.lastReconciledSpec job.upgradeMode = last-state (reconciled 2026-12-07T19:00:20.000Z): the stop took no savepoint (last-state))");
  });

  it('an unreadable record never vanishes: its witness is unknown, and a checkpoint where a savepoint is asserted is still RESTORE_MISMATCH', () => {
    const run = judgedRun(restoredObservation(chk7, { unreadable: { platform: 'flinkdeployments "probe" is forbidden' } }));
    expect(run.checks.find((c) => c.name === 'platform-record')).toMatchObject({ status: 'unknown', detail: 'could not be read: flinkdeployments "probe" is forbidden' });
    expect(run.verdict).toBe('RESTORE_MISMATCH');
    expect(run.explanation).toContain(`Expected savepoint 8 (${sp8.path}); restored checkpoint 7 (${chk7.path})`);
    expect(run.explanation).toContain("the platform's record could not be read: flinkdeployments \"probe\" is forbidden");
    // The savepoint itself, restored while the record is unreadable, is not a PASS: the witness is unknown.
    expect(judgedRun(restoredObservation(sp8, { unreadable: { platform: 'timeout' } })).verdict).toBe('INFRA_ERROR');
  });
});
