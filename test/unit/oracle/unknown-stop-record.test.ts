// Savepoint mode when the operator's record of its stop's savepoint is unknown: the savepoint is
// expected, and only what the operator's fallback to last-state would restore, when that is newer,
// is also acceptable. Nothing older than the savepoint may pass. Written for mutants
// `./run mutation oracle` left alive in that branch of expectRestore.
import { describe, expect, it } from 'vitest';
import { expectRestore } from '../../../harness/oracle/expect.ts';
import type { OracleInput } from '../../../harness/oracle/expect.ts';
import type { RestorePoint, Snapshot } from '../../../harness/oracle/snapshot.ts';

const FAULT = 100_000;
const chk = (id: number, at: number, jobId = 'job-a'): Snapshot =>
  ({ kind: 'checkpoint', id, path: `s3://flink/checkpoints/${jobId}/chk-${id}`, completedAt: at, jobId, seenBy: ['rest', 'storage'] });
const sp = (id: number, at: number): Snapshot =>
  ({ kind: 'savepoint', id, path: `s3://flink/savepoints/savepoint-${id}`, completedAt: at, jobId: 'job-a', seenBy: ['trigger', 'storage'] });
const unknownRecord = (observed: Snapshot[]): OracleInput => ({
  strategy: 'UPGRADE_SAVEPOINT', faultKind: 'upgrade', faultAt: FAULT, faultEffectiveAt: FAULT + 3_000, jobId: 'job-a', observed,
  stopSavepoint: { savepoint: 'unknown', why: 'the FlinkDeployment could not be read: 503' },
});
const named = (points: RestorePoint[]): string[] => points.map((p) => (p.kind === 'none' ? 'none' : `${p.kind} ${p.id} ${p.path}`));

describe("savepoint mode, the operator's record unknown", () => {
  it('no savepoint seen: an empty start is expected, and the newest checkpoint (the fallback to last-state) is also acceptable', () => {
    const exp = expectRestore(unknownRecord([chk(7, 90_000)]));
    expect(named(exp.acceptable)).toEqual(['none', 'checkpoint 7 s3://flink/checkpoints/job-a/chk-7']);
    expect(exp.reasoning.at(-2)).toBe("the operator's record of the stop's savepoint is unknown (the FlinkDeployment could not be read: 503): the savepoint is expected, "
      + 'and checkpoint 7 (s3://flink/checkpoints/job-a/chk-7), newer, is also acceptable: the operator\'s fallback to last-state would restore it');
  });

  it('no checkpoint at all: the fallback would start empty, which is not newer than the savepoint, so only the savepoint passes', () => {
    const exp = expectRestore(unknownRecord([sp(8, FAULT + 2_000)]));
    expect(named(exp.acceptable)).toEqual(['savepoint 8 s3://flink/savepoints/savepoint-8']);
    expect(exp.reasoning).toContain("the operator's record of the stop's savepoint is unknown (the FlinkDeployment could not be read: 503): the savepoint is expected");
  });

  it('every newer point the fallback would restore is named: the newest checkpoint and one that raced the restore', () => {
    // The restore began at FAULT + 3 s; chk-8 completed 500 ms later, within the clock tolerance.
    const exp = expectRestore(unknownRecord([sp(5, 80_000), chk(7, FAULT - 1_000), chk(8, FAULT + 3_500)]));
    expect(named(exp.acceptable)).toEqual(['savepoint 5 s3://flink/savepoints/savepoint-5', 'checkpoint 7 s3://flink/checkpoints/job-a/chk-7', 'checkpoint 8 s3://flink/checkpoints/job-a/chk-8']);
    expect(exp.reasoning).toContain("the operator's record of the stop's savepoint is unknown (the FlinkDeployment could not be read: 503): the savepoint is expected, "
      + "and checkpoint 7 (s3://flink/checkpoints/job-a/chk-7), checkpoint 8 (s3://flink/checkpoints/job-a/chk-8), newer, is also acceptable: the operator's fallback to last-state would restore it");
  });

  it('the savepoint this generation started from, older than the savepoint seen, never passes (though the fallback would return to it)', () => {
    const start = { kind: 'savepoint' as const, id: 3, path: 's3://flink/savepoints/savepoint-3' };
    const exp = expectRestore({ ...unknownRecord([sp(5, 80_000)]), generationStart: start });
    expect(named(exp.acceptable)).toEqual(['savepoint 5 s3://flink/savepoints/savepoint-5']);
  });

  it("another job's checkpoint with the same number does not make this job's older checkpoint look newer than the savepoint", () => {
    // job-b's chk-7 is the newest snapshot of all; job-a's chk-7 is older than the savepoint.
    const exp = expectRestore(unknownRecord([chk(7, FAULT - 30_000), sp(8, FAULT - 20_000), chk(7, FAULT - 5_000, 'job-b')]));
    expect(exp.expected).toMatchObject({ kind: 'savepoint', id: 8 });
    expect(named(exp.acceptable)).toEqual(['savepoint 8 s3://flink/savepoints/savepoint-8']);
  });
});

describe("savepoint mode, the operator's record names the savepoint", () => {
  it('says the recorded savepoint was seen when a witness saw it, though an older savepoint was seen too', () => {
    const exp = expectRestore({
      strategy: 'UPGRADE_SAVEPOINT', faultKind: 'upgrade', faultAt: FAULT, faultEffectiveAt: FAULT + 3_000, jobId: 'job-a', observed: [sp(5, 80_000), sp(8, FAULT + 2_000)],
      stopSavepoint: { savepoint: 'taken', path: 's3://flink/savepoints/savepoint-8', field: 'status.jobStatus.savepointInfo.lastSavepoint' },
    });
    expect(named(exp.acceptable)).toEqual(['savepoint 8 s3://flink/savepoints/savepoint-8']);
    expect(exp.reasoning).toContain('status.jobStatus.savepointInfo.lastSavepoint records the savepoint the stop took: s3://flink/savepoints/savepoint-8');
  });
});
