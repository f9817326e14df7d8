// The expectation's cutoff is the moment the platform began the restore, not the moment the fault
// began: a snapshot Flink confirmed in between was there to be restored, so restoring an older one is
// a wrong restore, judged by the real checks.
import { describe, expect, it } from 'vitest';
import { expectRestore } from '../../../harness/oracle/expect.ts';
import type { OracleInput } from '../../../harness/oracle/expect.ts';
import type { RestorePoint, Snapshot, Witness } from '../../../harness/oracle/snapshot.ts';
import { checksFor, runChecks } from '../../../harness/checks/index.ts';
import type { Observation } from '../../../harness/checks/index.ts';
import { judge } from '../../../harness/judge/judge.ts';

const T = 1_700_000_000_000;
const JOB = 'aaaaaa00000000000000000000000001';
const chk = (id: number, at: number, seenBy: Witness[] = ['rest', 'storage']): Snapshot =>
  ({ kind: 'checkpoint', id, path: `s3://flink/checkpoints/${JOB}/chk-${id}`, completedAt: at, jobId: JOB, seenBy });
const point = (s: Snapshot): RestorePoint => ({ kind: s.kind, id: s.id, path: s.path });
const ids = (points: RestorePoint[]): number[] => points.map((p) => (p.kind === 'none' ? 0 : p.id));

/** Every witness agrees with REST that `restored` came back: only the expectation can tell it is wrong. */
function verdictFor(input: OracleInput, restored: Snapshot): { verdict: string; explanation: string } {
  const expectation = expectRestore(input);
  const observation: Observation = {
    restored: point(restored),
    metadata: { path: restored.path, exists: true, checkpointId: restored.id },
    probeRestoredIds: [restored.id, restored.id],
    output: { records: [0, 1].map((seq) => ({ key: '0', seq, count: seq + 1, restoredCheckpointId: restored.id, probeVersion: 'v1' })), files: 1 },
  };
  return judge({ expectation, checks: runChecks(checksFor(observation), observation, expectation) });
}

describe('the newest snapshot Flink confirmed before the platform began the restore', () => {
  // Seen in the wild: a last-state upgrade under the Operator. chk-5 completed 0.5 s before the spec
  // change, chk-6 and chk-7 3 s and 6 s after it (reported over REST), the old JobManager was gone at 10 s.
  const chk5 = chk(5, T - 500);
  const chk6 = chk(6, T + 3_000);
  const chk7 = chk(7, T + 6_000);
  const lastStateUpgrade: OracleInput = {
    strategy: 'LAST_STATE', faultKind: 'upgrade', faultAt: T, faultEffectiveAt: T + 10_000, restoreBeganAt: T + 10_000,
    jobId: JOB, lineage: { jobIds: [JOB] }, observed: [chk5, chk6, chk7], config: { upgradeMode: 'last-state' },
  };

  it('an Operator last-state upgrade that restores chk-5 while chk-7 was confirmed is RESTORE_MISMATCH', () => {
    const exp = expectRestore(lastStateUpgrade);
    expect(exp.expected).toEqual(point(chk7));
    expect(ids(exp.acceptable)).toEqual([7]);
    expect(verdictFor(lastStateUpgrade, chk5).verdict).toBe('RESTORE_MISMATCH');
    expect(verdictFor(lastStateUpgrade, chk6).verdict).toBe('RESTORE_MISMATCH');
    expect(verdictFor(lastStateUpgrade, chk7).verdict).toBe('PASS');
  });

  it('without an explicit restoreBeganAt the moment the old JobManager was gone is the cutoff', () => {
    const { restoreBeganAt: _unset, ...input } = lastStateUpgrade;
    expect(expectRestore(input).expected).toEqual(point(chk7));
    expect(verdictFor(input, chk5).verdict).toBe('RESTORE_MISMATCH');
  });

  it('a cancel under LATEST_STATE: a checkpoint confirmed while the cancel was under way must be restored', () => {
    const chk4 = chk(4, T - 300);
    const chk5Late = chk(5, T + 2_000);
    const cancel: OracleInput = {
      strategy: 'LATEST_STATE', faultKind: 'cancel', faultAt: T, faultEffectiveAt: T + 4_000,
      jobId: JOB, lineage: { jobIds: [JOB] }, observed: [chk4, chk5Late], config: { externalizedRetention: 'RETAIN_ON_CANCELLATION' },
    };
    expect(ids(expectRestore(cancel).acceptable)).toEqual([5]);
    expect(verdictFor(cancel, chk4).verdict).toBe('RESTORE_MISMATCH');
    expect(verdictFor(cancel, chk5Late).verdict).toBe('PASS');
  });

  it('a resume command that skips the checkpoints completed during the fault is RESTORE_MISMATCH', () => {
    // The job was cancelled at T (CANCELED at T + 2.5 s); the command ran at T + 8 s and chose chk-5
    // although chk-6 and chk-7, both confirmed over REST, completed before the job ended.
    const skipped: OracleInput = {
      strategy: 'LATEST_STATE', faultKind: 'cancel', faultAt: T, faultEffectiveAt: T + 2_500, restoreBeganAt: T + 8_000,
      jobId: JOB, lineage: { jobIds: [JOB] }, observed: [chk(5, T - 300), chk(6, T + 1_200), chk(7, T + 2_100, ['rest'])], storageListed: true,
    };
    expect(expectRestore(skipped).expected).toMatchObject({ id: 7 });
    expect(verdictFor(skipped, chk(5, T - 300)).verdict).toBe('RESTORE_MISMATCH');
    expect(verdictFor(skipped, chk(6, T + 1_200)).verdict).toBe('RESTORE_MISMATCH');
    const { explanation } = verdictFor(skipped, chk(6, T + 1_200));
    expect(explanation).toMatch(/Expected checkpoint 7 .*; restored checkpoint 6/);
  });

  it('a storage-only checkpoint of a killed JobManager counts only once it is settled before the fault began', () => {
    // The JobManager may have died any time after the kill was sent: a file it wrote after that may
    // never have been committed to its HA store.
    const input: OracleInput = {
      strategy: 'FAILOVER', faultKind: 'jobmanager-loss', faultAt: T, faultEffectiveAt: T + 3_000, jobId: JOB,
      observed: [chk(4, T - 4_000), chk(5, T + 1_500, ['storage'])],
    };
    expect(expectRestore(input).expected).toMatchObject({ id: 4 });
    expect(ids(expectRestore(input).acceptable)).toEqual([4, 5]);
    // A TaskManager's loss leaves the JobManager running: it committed what it wrote or deleted it.
    expect(expectRestore({ ...input, faultKind: 'taskmanager-loss' }).expected).toMatchObject({ id: 5 });
  });
});
