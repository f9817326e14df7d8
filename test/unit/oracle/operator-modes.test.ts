// The Flink Kubernetes Operator's upgrade modes as the oracle applies them (see RestoreStrategy).
import { describe, expect, it } from 'vitest';
import { expectRestore } from '../../../harness/oracle/expect.ts';
import type { Snapshot, Witness } from '../../../harness/oracle/snapshot.ts';

const FAULT = 100_000;
const chk = (id: number, at: number, jobId = 'job-a', seenBy: Witness[] = ['rest', 'storage']): Snapshot =>
  ({ kind: 'checkpoint', id, path: `s3://flink/checkpoints/${jobId}/chk-${id}`, completedAt: at, jobId, seenBy });
const sp = (id: number, at: number, jobId = 'job-a', seenBy: Witness[] = ['trigger', 'storage']): Snapshot =>
  ({ kind: 'savepoint', id, path: `s3://flink/savepoints/savepoint-${id}`, completedAt: at, jobId, seenBy });

describe('LAST_STATE (upgradeMode: last-state)', () => {
  it('restores the newest checkpoint even when a manual savepoint is newer: HA metadata holds checkpoints only', () => {
    const exp = expectRestore({ strategy: 'LAST_STATE', faultKind: 'upgrade', faultAt: FAULT, jobId: 'job-a', observed: [chk(7, 90_000), sp(8, 95_000)] });
    expect(exp.expected).toEqual({ kind: 'checkpoint', id: 7, path: 's3://flink/checkpoints/job-a/chk-7' });
    expect(exp.acceptable).toHaveLength(1);
    expect(exp.reasoning.join('\n')).toMatch(/savepoint 8 .* is newer, but last-state restores from the job's HA metadata/);
  });

  it("never expects another job's checkpoint", () => {
    const exp = expectRestore({ strategy: 'LAST_STATE', faultKind: 'upgrade', faultAt: FAULT, jobId: 'job-a', observed: [chk(7, 90_000), chk(9, 95_000, 'job-b')] });
    expect(exp.expected).toMatchObject({ id: 7 });
  });

  it('before the first checkpoint of the job it returns to what the job started from', () => {
    const start = { kind: 'savepoint' as const, id: 3, path: 's3://flink/savepoints/savepoint-3' };
    const exp = expectRestore({ strategy: 'LAST_STATE', faultKind: 'upgrade', faultAt: FAULT, jobId: 'job-a', generationStart: start, observed: [] });
    expect(exp.expected).toEqual(start);
    expect(exp.reasoning.join('\n')).toMatch(/last-state upgrade returns to what this generation started from/);
  });
});

describe('UPGRADE_SAVEPOINT (upgradeMode: savepoint)', () => {
  it('expects the savepoint the stop wrote, though it completed after the stop was requested', () => {
    const observed = [chk(7, FAULT - 1_000), sp(8, FAULT + 2_000)];
    const exp = expectRestore({ strategy: 'UPGRADE_SAVEPOINT', faultKind: 'stop-with-savepoint', faultAt: FAULT, faultEffectiveAt: FAULT + 3_000, jobId: 'job-a', observed });
    expect(exp.expected).toMatchObject({ kind: 'savepoint', id: 8 });
  });

  it("an upgrade in savepoint mode is a stop: the savepoint it wrote is the expectation, the checkpoints racing it are not", () => {
    const observed = [chk(7, FAULT - 1_000), chk(8, FAULT + 500), sp(9, FAULT + 2_000)];
    const exp = expectRestore({ strategy: 'UPGRADE_SAVEPOINT', faultKind: 'upgrade', faultAt: FAULT, faultEffectiveAt: FAULT + 3_000, jobId: 'job-a', observed });
    expect(exp.expected).toMatchObject({ kind: 'savepoint', id: 9 });
    expect(exp.acceptable).toHaveLength(1);
  });

  it('when the stop wrote no savepoint the operator falls back to last-state: the newest checkpoint, not an older savepoint', () => {
    const exp = expectRestore({ strategy: 'UPGRADE_SAVEPOINT', faultKind: 'suspend', faultAt: FAULT, faultEffectiveAt: FAULT + 3_000, jobId: 'job-a', observed: [sp(5, 80_000), chk(7, 90_000)] });
    expect(exp.expected).toMatchObject({ kind: 'checkpoint', id: 7 });
    expect(exp.strategy).toBe('UPGRADE_SAVEPOINT');
    expect(exp.reasoning[0]).toMatch(/falls back to last-state/);
  });
});
