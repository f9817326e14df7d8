// The oracle under the conditions issue 12 names: faults that take a while to take effect, resumes
// from savepoints, corrupt metadata, foreign jobs in the same bucket, rounded times, skewed clocks.
import { describe, expect, it } from 'vitest';
import { expectRestore } from '../../../harness/oracle/expect.ts';
import { foreignJobOf } from '../../../harness/oracle/lineage.ts';
import { orderNewestFirst } from '../../../harness/oracle/recency.ts';
import type { RestorePoint, Snapshot, Witness } from '../../../harness/oracle/snapshot.ts';

const FAULT = 100_000;
const JOB = 'aaaaaa00000000000000000000000001';
const OTHER = 'bbbbbb00000000000000000000000002';
const chk = (id: number, at: number, seenBy: Witness[] = ['rest'], jobId = JOB, problem?: string): Snapshot =>
  ({ kind: 'checkpoint', id, path: `s3://flink/checkpoints/${jobId}/chk-${id}`, completedAt: at, jobId, seenBy, ...(problem ? { problem } : {}) });
const sp = (id: number, at: number, seenBy: Witness[] = ['storage'], jobId = JOB): Snapshot =>
  ({ kind: 'savepoint', id, path: `s3://flink/savepoints/savepoint-${jobId.slice(0, 6)}-${id}0f0f0f0f0f`, completedAt: at, seenBy });
const ids = (points: RestorePoint[]): number[] => points.map((p) => (p.kind === 'none' ? 0 : p.id));

describe('a fault that takes a while to take effect (cancel, stop-with-savepoint)', () => {
  it('a checkpoint Flink confirmed between the cancel request and CANCELED is the expectation: the resume came after it', () => {
    const observed = [chk(4, FAULT - 500, ['rest', 'storage']), chk(5, FAULT + 400, ['rest', 'storage'])];
    const exp = expectRestore({ strategy: 'LATEST_STATE', faultKind: 'cancel', faultAt: FAULT, faultEffectiveAt: FAULT + 900, observed });
    expect(exp.expected).toMatchObject({ id: 5 });
    expect(ids(exp.acceptable)).toEqual([5]);
    expect(exp.reasoning.join('\n')).toMatch(/checkpoint 5 .* completed 400 ms after the fault began and 500 ms before the restore began/);
  });

  it('a checkpoint only storage shows, written just before the job ended, is acceptable, not required', () => {
    const observed = [chk(4, FAULT - 500, ['rest', 'storage']), chk(5, FAULT + 400, ['storage'])];
    const exp = expectRestore({ strategy: 'LATEST_STATE', faultKind: 'cancel', faultAt: FAULT, faultEffectiveAt: FAULT + 900, observed });
    expect(exp.expected).toMatchObject({ id: 4 });
    expect(ids(exp.acceptable)).toEqual([4, 5]);
    expect(exp.reasoning.join('\n')).toMatch(/only storage shows it, so Flink may not have committed it: also acceptable/);
  });

  it("stop-with-savepoint: the stop's own savepoint, completed after the request, is the expectation", () => {
    const stopSavepoint = { ...sp(6, FAULT + 700, ['storage']) };
    const observed = [chk(4, FAULT - 3_000), chk(5, FAULT + 200, ['rest', 'storage']), stopSavepoint];
    const exp = expectRestore({ strategy: 'LATEST_STATE', faultKind: 'stop-with-savepoint', faultAt: FAULT, faultEffectiveAt: FAULT + 1_500, jobId: JOB, observed });
    expect(exp.expected).toMatchObject({ kind: 'savepoint', id: 6 });
    expect(ids(exp.acceptable)).toEqual([6]);
    expect(exp.reasoning.join('\n')).toMatch(/written by the stop itself/);
  });
});

describe('a failover right after a resume from a savepoint', () => {
  const resumedFrom: RestorePoint = { kind: 'savepoint', id: 8, path: 's3://flink/savepoints/savepoint-cccccc-0123456789ab' };

  it('before the generation completed a checkpoint, the failover returns to the savepoint it started from', () => {
    const exp = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, jobId: JOB, generationStart: resumedFrom, observed: [chk(7, 50_000, ['storage'], OTHER)] });
    expect(exp.expected).toEqual(resumedFrom);
    expect(exp.candidates.map((s) => s.path)).toContain(resumedFrom.path);
    expect(exp.reasoning.join('\n')).toMatch(/what this generation started from, savepoint 8/);
  });

  it("once the generation's own checkpoint exists, that checkpoint wins", () => {
    const exp = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, jobId: JOB, generationStart: resumedFrom, observed: [chk(9, 90_000)] });
    expect(exp.expected).toMatchObject({ kind: 'checkpoint', id: 9 });
  });
});

describe('a snapshot whose _metadata cannot be restored', () => {
  it('never counts as existing state, and the reasoning names the file', () => {
    const observed = [chk(4, 80_000, ['rest', 'storage']), chk(5, 90_000, ['storage'], JOB, 'empty _metadata'), chk(5, 90_000, ['rest'])];
    const exp = expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, observed });
    expect(exp.expected).toMatchObject({ id: 4 });
    expect(ids(exp.acceptable)).toEqual([4]);
    expect(exp.candidates.map((s) => s.id)).toEqual([4]);
    expect(exp.reasoning.join('\n')).toMatch(/chk-5\/_metadata is unusable \(empty _metadata\)/);
    expect(exp.configNotes.join('\n')).toMatch(/chk-5\/_metadata is unusable/);
  });

  it('a header naming another id than its directory: both ids, once, in one phrase', () => {
    const observed = [chk(4, 80_000), chk(5, 90_000, ['storage'], JOB, 'header says checkpoint 3')];
    const text = expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, observed }).reasoning.join('\n');
    expect(text).toMatch(/chk-5\/_metadata carries checkpoint id 3 inside a directory for 5: checkpoint 5 does not count as existing state/);
    expect(text.match(/header says/g)).toBeNull();
    expect(text.match(/chk-5\/_metadata/g)).toHaveLength(1);
  });
});

describe('snapshots of other jobs in the same bucket', () => {
  const lineage = { jobIds: [JOB] };

  it('are never candidates and are listed as foreign', () => {
    const observed = [chk(4, 80_000, ['storage']), chk(40, 95_000, ['storage'], OTHER), sp(41, 96_000, ['storage'], OTHER)];
    const exp = expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, lineage, observed });
    expect(exp.expected).toMatchObject({ id: 4 });
    expect(exp.candidates.map((s) => s.id)).toEqual([4]);
    expect(exp.reasoning.join('\n')).toMatch(/foreign: checkpoint 40 .* written by job bbbbbb00000000000000000000000002/);
    expect(exp.reasoning.join('\n')).toMatch(/foreign: savepoint 41 .* a job whose id starts with bbbbbb/);
  });

  it('a restore point is foreign when its path names a job outside the lineage; the initial savepoint is adopted', () => {
    const foreign: RestorePoint = { kind: 'checkpoint', id: 40, path: `s3://flink/checkpoints/${OTHER}/chk-40` };
    expect(foreignJobOf(foreign, lineage)).toBe(`job ${OTHER}`);
    expect(foreignJobOf({ kind: 'checkpoint', id: 4, path: `s3://flink/checkpoints/${JOB}/chk-4/` }, lineage)).toBeUndefined();
    expect(foreignJobOf({ kind: 'savepoint', id: 6, path: 's3://flink/savepoints/savepoint-aaaaaa-0123456789ab' }, lineage)).toBeUndefined();
    const initial: RestorePoint = { kind: 'savepoint', id: 2, path: 's3://flink/savepoints/savepoint-dddddd-0123456789ab' };
    expect(foreignJobOf(initial, lineage)).toBe('a job whose id starts with dddddd');
    expect(foreignJobOf(initial, lineage, [initial])).toBeUndefined();
    expect(foreignJobOf(foreign, undefined)).toBeUndefined();
  });
});

describe('ordering: ids within a lineage, time across', () => {
  it('a savepoint whose rounded storage time is earlier than the checkpoint before it is still newer', () => {
    const observed = [chk(5, 12_000, ['storage']), sp(6, 11_000, ['storage'])];
    expect(expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, observed }).expected).toMatchObject({ kind: 'savepoint', id: 6 });
    expect(orderNewestFirst(observed).map((s) => s.id)).toEqual([6, 5]);
  });

  it("a later generation's snapshots are newer than an earlier one's, whatever their ids", () => {
    const lineage = { jobIds: [JOB, OTHER] };
    const observed = [chk(50, 60_000, ['storage'], JOB), chk(3, 59_000, ['storage'], OTHER)];
    expect(orderNewestFirst(observed, lineage).map((s) => s.id)).toEqual([3, 50]);
    expect(orderNewestFirst(observed).map((s) => s.id)).toEqual([50, 3]);
  });
});

describe('a remote clock that runs ahead of the host', () => {
  it('gives no false verdict once its measured offset is applied', () => {
    const skew = 5_000;
    // Completed 2 s before the fault on the host's timeline; storage's clock says 3 s after.
    const observed = [chk(4, 80_000 + skew, ['storage']), chk(5, FAULT - 2_000 + skew, ['storage'])];
    const naive = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, observed });
    expect(naive.expected).toMatchObject({ id: 4 });
    const corrected = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, observed, clockOffsetMs: skew });
    expect(corrected.expected).toMatchObject({ id: 5 });
    expect(ids(corrected.acceptable)).toEqual([5]);
    const perWitness = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, observed, clockOffsetMs: { storage: skew } });
    expect(perWitness.expected).toMatchObject({ id: 5 });
  });

  it("never shifts the trigger's times, which the host took", () => {
    const observed = [chk(4, 80_000 + 5_000, ['rest']), { ...sp(5, FAULT - 2_000, ['trigger']), jobId: JOB }];
    expect(expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, observed, clockOffsetMs: 5_000 }).expected).toMatchObject({ id: 5 });
  });
});
