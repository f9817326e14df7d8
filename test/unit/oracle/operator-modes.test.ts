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

  const FIELD = 'status.jobStatus.savepointInfo.lastSavepoint';

  it("falls back to the newest checkpoint only when the operator's record says its stop took no savepoint (last-state)", () => {
    const exp = expectRestore({
      strategy: 'UPGRADE_SAVEPOINT', faultKind: 'suspend', faultAt: FAULT, faultEffectiveAt: FAULT + 3_000, jobId: 'job-a', observed: [sp(5, 80_000), chk(7, 90_000)],
      stopSavepoint: { savepoint: 'none', modeUsed: 'last-state', restoresAs: 'LAST_STATE', field: 'status.reconciliationStatus.lastReconciledSpec' },
    });
    expect(exp.expected).toMatchObject({ kind: 'checkpoint', id: 7 });
    expect(exp.acceptable).toHaveLength(1);
    expect(exp.strategy).toBe('UPGRADE_SAVEPOINT');
    expect(exp.reasoning[0]).toMatch(/lastReconciledSpec records that the operator's stop took no savepoint \(it stopped the job in last-state mode\), so savepoint mode falls back to last-state/);
  });

  it('without a record no savepoint of the stop is no fallback: the savepoint is expected, a newer checkpoint only acceptable', () => {
    const exp = expectRestore({ strategy: 'UPGRADE_SAVEPOINT', faultKind: 'suspend', faultAt: FAULT, faultEffectiveAt: FAULT + 3_000, jobId: 'job-a', observed: [chk(4, 70_000), sp(5, 80_000), chk(7, 90_000)] });
    expect(exp.expected).toMatchObject({ kind: 'savepoint', id: 5 });
    expect(exp.acceptable.map((p) => (p.kind === 'none' ? 'none' : `${p.kind} ${p.id}`))).toEqual(['savepoint 5', 'checkpoint 7']);
    expect(exp.reasoning.join('\n')).toMatch(/record of the stop's savepoint is unknown \(no record was read\): the savepoint is expected, and checkpoint 7 .*, newer, is also acceptable/);
  });

  it('an unreadable record expects the savepoint the stop wrote and accepts nothing older', () => {
    const exp = expectRestore({
      strategy: 'UPGRADE_SAVEPOINT', faultKind: 'upgrade', faultAt: FAULT, faultEffectiveAt: FAULT + 3_000, jobId: 'job-a', observed: [chk(7, FAULT - 1_000), sp(8, FAULT + 2_000)],
      stopSavepoint: { savepoint: 'unknown', why: 'the FlinkDeployment could not be read: 503' },
    });
    expect(exp.expected).toMatchObject({ kind: 'savepoint', id: 8 });
    expect(exp.acceptable).toHaveLength(1);
    expect(exp.reasoning.join('\n')).toMatch(/unknown \(the FlinkDeployment could not be read: 503\): the savepoint is expected$/m);
  });

  it("the operator's record names the stop's savepoint even when its time, off by more than the tolerance, dates it after the stop", () => {
    const stored: Snapshot = { kind: 'savepoint', id: 8, path: 's3://flink/savepoints/savepoint-8', completedAt: FAULT + 4_500, seenBy: ['storage'] };
    const input = { strategy: 'UPGRADE_SAVEPOINT' as const, faultKind: 'upgrade' as const, faultAt: FAULT, faultEffectiveAt: FAULT + 3_000, jobId: 'job-a', observed: [chk(7, FAULT - 5_000), stored] };
    expect(expectRestore(input).expected).toEqual({ kind: 'none' });
    const withRecord = expectRestore({ ...input, stopSavepoint: { savepoint: 'taken', path: 's3://flink/savepoints/savepoint-8/', field: FIELD } });
    expect(withRecord.expected).toMatchObject({ kind: 'savepoint', id: 8 });
    expect(withRecord.acceptable).toHaveLength(1);
    expect(withRecord.reasoning).toContain(`${FIELD} records the savepoint the stop took: s3://flink/savepoints/savepoint-8`);
  });

  it('a recorded savepoint no witness saw is said so, and the newest savepoint a witness saw stays expected', () => {
    const exp = expectRestore({
      strategy: 'UPGRADE_SAVEPOINT', faultKind: 'upgrade', faultAt: FAULT, faultEffectiveAt: FAULT + 3_000, jobId: 'job-a', observed: [sp(5, 80_000), chk(7, 90_000)],
      stopSavepoint: { savepoint: 'taken', path: 's3://flink/savepoints/savepoint-9', field: FIELD },
    });
    expect(exp.expected).toMatchObject({ kind: 'savepoint', id: 5 });
    expect(exp.acceptable).toHaveLength(1);
    expect(exp.reasoning.join('\n')).toMatch(/savepoint-9, but no witness \(REST, storage\) saw it/);
  });

  it('a stateless stop starts the job empty', () => {
    const exp = expectRestore({
      strategy: 'UPGRADE_SAVEPOINT', faultKind: 'upgrade', faultAt: FAULT, faultEffectiveAt: FAULT + 3_000, jobId: 'job-a', observed: [chk(7, 90_000)],
      stopSavepoint: { savepoint: 'none', modeUsed: 'stateless', restoresAs: 'NONE', field: FIELD },
    });
    expect(exp.acceptable).toEqual([{ kind: 'none' }]);
  });
});
