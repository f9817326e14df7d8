import { describe, expect, it } from 'vitest';
import { expectRestore, mergeWitnesses } from '../../../harness/oracle/expect.ts';
import type { Snapshot, Witness } from '../../../harness/oracle/snapshot.ts';

const FAULT = 100_000;
const chk = (id: number, at: number, seenBy: Witness[] = ['rest'], jobId = 'job-a'): Snapshot =>
  ({ kind: 'checkpoint', id, path: `s3://flink/checkpoints/${jobId}/chk-${id}`, completedAt: at, jobId, seenBy });
const sp = (id: number, at: number, seenBy: Witness[] = ['trigger']): Snapshot =>
  ({ kind: 'savepoint', id, path: `s3://flink/savepoints/savepoint-${id}`, completedAt: at, seenBy });

describe('expectRestore', () => {
  it('orders checkpoints numerically and by time: chk-10 beats chk-9', () => {
    const exp = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, observed: [chk(9, 90_000), chk(10, 95_000)] });
    expect(exp.expected).toMatchObject({ kind: 'checkpoint', id: 10 });
    expect(exp.acceptable).toHaveLength(1);
  });

  it('ignores snapshots that completed after the fault', () => {
    const exp = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, observed: [chk(4, 90_000), chk(5, FAULT + 5_000, ['storage'])] });
    expect(exp.expected).toMatchObject({ id: 4 });
    expect(exp.acceptable).toHaveLength(1);
  });

  it('a storage-only checkpoint completing during the fault is acceptable, not required', () => {
    const exp = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, observed: [chk(4, 90_000), chk(5, FAULT + 300, ['storage'])] });
    expect(exp.expected).toMatchObject({ id: 4 });
    expect(exp.acceptable.map((p) => (p.kind === 'none' ? 0 : p.id))).toEqual([4, 5]);
  });

  it('a checkpoint the last poll missed but storage shows well before the fault is the expectation', () => {
    const exp = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, observed: [chk(4, 90_000), chk(5, FAULT - 3_000, ['storage'])] });
    expect(exp.expected).toMatchObject({ id: 5 });
    expect(exp.acceptable).toHaveLength(1);
  });

  it('a checkpoint Flink confirmed just before the fault leaves no room for the older one', () => {
    const exp = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, observed: [chk(4, 90_000), chk(5, FAULT - 200, ['rest', 'storage'])] });
    expect(exp.expected).toMatchObject({ id: 5 });
    expect(exp.acceptable).toHaveLength(1);
  });

  it('a checkpoint Flink confirmed while the kill was under way is the expectation: the failover began after it', () => {
    const observed = [chk(4, FAULT - 200, ['rest', 'storage']), chk(5, FAULT + 87, ['rest', 'storage'])];
    const exp = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, faultEffectiveAt: FAULT + 150, observed });
    expect(exp.expected).toMatchObject({ id: 5 });
    expect(exp.acceptable.map((p) => (p.kind === 'none' ? 0 : p.id))).toEqual([5]);
    expect(exp.reasoning.join('\n')).toMatch(/completed 87 ms after the fault began and 63 ms before the restore began, so the restore could take it/);
  });

  it('a checkpoint Flink confirmed just after the restore began is acceptable within the clock tolerance, not beyond it', () => {
    const raced = [chk(4, FAULT - 200, ['rest', 'storage']), chk(5, FAULT + 151, ['rest', 'storage'])];
    const exp = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, faultEffectiveAt: FAULT + 150, observed: raced });
    expect(exp.acceptable.map((p) => (p.kind === 'none' ? 0 : p.id))).toEqual([4, 5]);
    expect(exp.reasoning.join('\n')).toMatch(/completed 1 ms after the restore began, within the clock tolerance \(1000 ms\)/);
    const later = [raced[0]!, chk(5, FAULT + 150 + 1_001, ['rest', 'storage'])];
    expect(expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, faultEffectiveAt: FAULT + 150, observed: later }).acceptable.map((p) => (p.kind === 'none' ? 0 : p.id))).toEqual([4]);
  });

  it('a checkpoint Flink committed just after a TaskManager kill, from acks sent before it, is acceptable, not required', () => {
    const observed = [chk(3, FAULT - 600, ['rest', 'storage']), chk(4, FAULT + 221, ['rest', 'storage'])];
    const input = { strategy: 'FAILOVER' as const, faultAt: FAULT, faultEffectiveAt: FAULT + 197, observed };
    const killed = expectRestore({ ...input, faultKind: 'taskmanager-loss' });
    expect(killed.expected).toMatchObject({ id: 3 });
    expect(killed.acceptable.map((p) => (p.kind === 'none' ? 0 : p.id))).toEqual([3, 4]);
    expect(killed.reasoning.join('\n')).toMatch(/completed 24 ms after the kill took effect, from acknowledgements sent before it/);
    // Only a TaskManager's loss leaves acks in flight: after a JobManager's it is only the clocks' tolerance.
    const jobManagerLost = expectRestore({ ...input, faultKind: 'jobmanager-loss' });
    expect(jobManagerLost.reasoning.join('\n')).not.toMatch(/acknowledgements/);
    expect(jobManagerLost.reasoning.join('\n')).toMatch(/24 ms after the restore began, within the clock tolerance/);
    expect(expectRestore({ ...input, faultKind: 'taskmanager-loss', observed: [observed[0]!, chk(4, FAULT + 221, ['storage'])] }).acceptable.map((p) => (p.kind === 'none' ? 0 : p.id))).toEqual([3, 4]);
    expect(expectRestore({ ...input, faultKind: 'taskmanager-loss', observed: [observed[0]!, chk(4, FAULT + 197 + 1_001, ['rest', 'storage'])] }).acceptable).toHaveLength(1);
  });

  it('no retained state means an empty start, or the initial savepoint when there is one', () => {
    expect(expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, observed: [] }).expected).toEqual({ kind: 'none' });
    const initial = { kind: 'savepoint' as const, id: 1, path: 's3://flink/savepoints/initial' };
    expect(expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, observed: [], config: { initialSavepoint: initial } }).expected).toEqual(initial);
  });

  it('LATEST_STATE takes a savepoint newer than the last checkpoint; FAILOVER does not (FLIP-193)', () => {
    const observed = [chk(7, 90_000), sp(8, 92_000)];
    expect(expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, observed }).expected).toMatchObject({ kind: 'savepoint', id: 8 });
    expect(expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, observed }).expected).toMatchObject({ kind: 'checkpoint', id: 7 });
  });

  it('LATEST_STATE takes a checkpoint newer than the last savepoint; LATEST_SAVEPOINT keeps the savepoint', () => {
    const observed = [sp(8, 92_000), chk(9, 95_000)];
    expect(expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, observed }).expected).toMatchObject({ kind: 'checkpoint', id: 9 });
    expect(expectRestore({ strategy: 'LATEST_SAVEPOINT', faultAt: FAULT, observed }).expected).toMatchObject({ kind: 'savepoint', id: 8 });
    expect(expectRestore({ strategy: 'NONE', faultAt: FAULT, observed }).expected).toEqual({ kind: 'none' });
  });

  it('time decides across lineages whose ids restarted lower', () => {
    const exp = expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, observed: [chk(50, 60_000, ['storage'], 'old'), chk(12, 90_000, ['storage'], 'new')] });
    expect(exp.expected).toMatchObject({ id: 12 });
  });

  it('FAILOVER only considers the failing job’s checkpoints', () => {
    const exp = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, jobId: 'job-a', observed: [chk(3, 80_000), chk(9, 90_000, ['storage'], 'job-b')] });
    expect(exp.expected).toMatchObject({ id: 3 });
  });

  it('explains configurations that lose the newest state, without changing the expectation', () => {
    const observed = [sp(2, 80_000), chk(5, 90_000)];
    const noRetention = expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, faultKind: 'cancel', observed, config: { externalizedRetention: 'NO_EXTERNALIZED_CHECKPOINTS' } });
    expect(noRetention.expected).toMatchObject({ kind: 'checkpoint', id: 5 });
    expect(noRetention.configNotes.join()).toMatch(/NO_EXTERNALIZED_CHECKPOINTS.*checkpoint 5/);
    const deleteOnCancel = expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, faultKind: 'cancel', observed, config: { externalizedRetention: 'DELETE_ON_CANCELLATION' } });
    expect(deleteOnCancel.configNotes.join()).toMatch(/DELETE_ON_CANCELLATION/);
    const haOff = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, faultKind: 'jobmanager-loss', observed, config: { haEnabled: false } });
    expect(haOff.expected).toMatchObject({ id: 5 });
    expect(haOff.configNotes.join()).toMatch(/high availability is off/);
    const localHa = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, faultKind: 'jobmanager-loss', observed, config: { haStorageDurable: false } });
    expect(localHa.configNotes.join()).toMatch(/storageDir does not survive a JobManager restart/);
    const lostHa = expectRestore({ strategy: 'FAILOVER', faultAt: FAULT, faultKind: 'ha-metadata-loss', observed, config: { haStore: 'ConfigMaps' } });
    expect(lostHa.expected).toMatchObject({ id: 5 });
    expect(lostHa.configNotes.join()).toMatch(/HA metadata \(ConfigMaps\) was deleted .* no record of checkpoint 5/);
  });

  it('a fresh start under a reused cluster-id expects empty state and names the stale HA data', () => {
    const exp = expectRestore({ strategy: 'NONE', faultAt: FAULT, faultKind: 'deployment-deleted', observed: [chk(5, 90_000)], config: { reusedClusterId: 'orders', haStore: 'ConfigMaps' } });
    expect(exp.expected).toEqual({ kind: 'none' });
    expect(exp.configNotes.join()).toMatch(/reuses cluster-id orders.*ConfigMaps/);
    const haOff = expectRestore({ strategy: 'NONE', faultAt: FAULT, observed: [chk(5, 90_000)], config: { reusedClusterId: 'orders', haEnabled: false } });
    expect(haOff.configNotes).toEqual([]);
  });
});

describe('mergeWitnesses', () => {
  it('unites witnesses of one snapshot and keeps the earliest completion', () => {
    const merged = mergeWitnesses([chk(3, 1_500, ['rest']), { ...chk(3, 1_000, ['storage']), path: 's3://flink/checkpoints/job-a/chk-3/' }]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ completedAt: 1_000, seenBy: ['rest', 'storage'] });
  });
});

describe('missing storage notes', () => {
  it('names the _metadata Flink confirmed but storage no longer holds', () => {
    const exp = expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, storageListed: true, observed: [chk(4, 80_000, ['rest', 'storage']), chk(5, 90_000, ['rest'])] });
    expect(exp.expected).toMatchObject({ id: 5 });
    expect(exp.configNotes[0]).toMatch(/job-a\/chk-5\/_metadata is missing from storage/);
    const listedBoth = expectRestore({ strategy: 'LATEST_STATE', faultAt: FAULT, storageListed: true, observed: [chk(5, 90_000, ['rest', 'storage'])] });
    expect(listedBoth.configNotes.join()).not.toMatch(/missing from storage/);
  });
});
