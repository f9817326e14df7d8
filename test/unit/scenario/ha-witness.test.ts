// When the HA store witnesses a restore: read at once after a failover, as the stopped JobManager
// left it for a stop that keeps HA data, and never after a globally terminal end (said, not
// dropped). A store that cannot be read makes the witness unknown, never agreement.
import { describe, expect, it } from 'vitest';
import { haAfterFailover, haAtStop, haEvidence, haObservation, withoutCheckpointsAfterRestore } from '../../../harness/scenario/ha-witness.ts';
import { cancelJob, deleteHaMetadata, inSequence, killJobManager, killTaskManager, suspendJob, upgradeJob } from '../../../harness/faults/index.ts';
import type { Deployment, HaReading } from '../../../harness/platforms/platform.ts';
import type { FaultRecord } from '../../../harness/faults/fault.ts';
import { checksFor, runChecks } from '../../../harness/checks/index.ts';
import type { Observation } from '../../../harness/checks/index.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';
import { judge } from '../../../harness/judge/judge.ts';

const chk5 = { kind: 'checkpoint' as const, id: 5, path: 's3://flink/checkpoints/j/chk-5' };
const expectation: Expectation = {
  strategy: 'FAILOVER', expected: chk5, acceptable: [chk5], candidates: [], reasoning: [], configNotes: [],
  newestAtFault: { ...chk5, completedAt: 1_000, seenBy: ['rest'] },
};
const agreeing = (): Observation => ({ restored: chk5, metadata: { path: chk5.path, exists: true, checkpointId: 5 }, probeRestoredIds: [5, 5] });

function deployment(options: { read?: () => Promise<number[]>; atStop?: HaReading; ha?: 'zookeeper' | 'none' } = {}): Deployment {
  return {
    platform: 'fake', spec: { highAvailability: options.ha ?? 'zookeeper' },
    ...(options.read ? { haCheckpointIds: options.read } : {}),
    ...(options.atStop ? { haAtLastStop: options.atStop } : {}),
  } as unknown as Deployment;
}
const record = (at: number): FaultRecord => ({ fault: 'f', at, detail: {} });

/** The verdict of REST's agreeing answer and the HA witness, with the reading as the run turns it into an observation. */
function verdictWith(reading: HaReading | undefined): string {
  const { unreadable, ...seen } = haObservation(reading, 'right after the fault');
  const observation: Observation = { ...agreeing(), ...seen, ...(unreadable ? { unreadable } : {}) };
  const checks = checksFor(observation).filter((c) => c.name === 'restored-is-expected' || c.name === 'ha-store');
  return judge({ expectation, checks: runChecks(checks, observation, expectation) }).verdict;
}

describe('a failover reads the HA store at once', () => {
  it('keeps what it pointed to', async () => {
    const reading = await haAfterFailover(killJobManager(), deployment({ read: async () => [3, 4, 5] }));
    expect(reading).toMatchObject({ ids: [3, 4, 5] });
    expect(verdictWith(reading)).toBe('PASS');
  });

  it('a store that cannot be read is unknown, so INFRA_ERROR, never PASS', async () => {
    const reading = await haAfterFailover(killTaskManager(), deployment({ read: async () => { throw new Error('zkCli ls failed (exit 1): KeeperErrorCode = ConnectionLoss'); } }));
    expect(reading).toMatchObject({ error: expect.stringContaining('ConnectionLoss') });
    expect(haObservation(reading, 'right after the fault')).toEqual({ unreadable: { ha: expect.stringContaining('ConnectionLoss') } });
    expect(verdictWith(reading)).toBe('INFRA_ERROR');
  });

  it('does not apply without HA or after the fault deleted the HA metadata, and says why', async () => {
    expect(await haAfterFailover(killJobManager(), deployment({ ha: 'none', read: async () => [] }))).toMatchObject({ notApplicable: 'high availability is off' });
    const deleted = await haAfterFailover(inSequence(deleteHaMetadata(), killJobManager()), deployment({ read: async () => [] }));
    expect(deleted).toMatchObject({ notApplicable: expect.stringContaining('deleted the HA metadata') });
    expect(haEvidence(deleted!, 'right after the fault')).toMatchObject({ witness: 'not applicable', why: expect.stringContaining('deleted the HA metadata') });
    expect(verdictWith(deleted)).toBe('PASS');
  });

  it('leaves a redeploy to the platform\'s reading at the stop', async () => {
    expect(await haAfterFailover(cancelJob(), deployment({ read: async () => [5] }))).toBeUndefined();
  });
});

describe('a redeploy uses the HA store as the stopped JobManager left it', () => {
  it('takes the platform\'s reading at the stop (a last-state suspend or upgrade)', () => {
    const atStop: HaReading = { ids: [4, 5], readAt: 2_000 };
    expect(haAtStop(suspendJob(), record(1_000), deployment({ read: async () => [], atStop }))).toBe(atStop);
    expect(haAtStop(upgradeJob({ parallelism: 1 }), record(1_000), deployment({ read: async () => [], atStop }))).toBe(atStop);
  });

  it('passes by a reading older than the fault (an earlier fault\'s)', () => {
    const stale: HaReading = { ids: [2], readAt: 500 };
    expect(haAtStop(upgradeJob({ parallelism: 1 }), record(1_000), deployment({ read: async () => [], atStop: stale }))).toMatchObject({ notApplicable: expect.any(String) });
  });

  it('an unreadable store at the stop stays unknown', () => {
    const atStop: HaReading = { error: 'configmaps is forbidden', readAt: 2_000 };
    expect(verdictWith(haAtStop(suspendJob(), record(1_000), deployment({ read: async () => [], atStop })))).toBe('INFRA_ERROR');
  });

  it('does not apply after a cancel: Flink removed the HA data, and the evidence says so', () => {
    const reading = haAtStop(cancelJob(), record(1_000), deployment({ read: async () => [] }));
    expect(reading).toMatchObject({ notApplicable: expect.stringMatching(/cancelled \(CANCELED\), a globally terminal state: Flink removed its HA data/) });
    expect(haObservation(reading, 'when the old JobManager had stopped')).toEqual({});
  });
});

describe('a read that lands after a quick recovery', () => {
  const stats = (...checkpoints: Array<[number, number]>) => ({ history: checkpoints.map(([id, triggeredAt]) => ({ id, status: 'COMPLETED', is_savepoint: false, trigger_timestamp: triggeredAt, latest_ack_timestamp: triggeredAt + 50 })) });

  it('leaves out the checkpoints the restored job took itself, and keeps what it recovered from', () => {
    const { reading, dropped } = withoutCheckpointsAfterRestore({ ids: [4, 5, 6], readAt: 3_000 }, stats([6, 2_600], [5, 1_000], [4, 800]), 2_500);
    expect(reading).toMatchObject({ ids: [4, 5] });
    expect(dropped).toEqual([6]);
    expect(verdictWith(reading)).toBe('PASS');
  });

  it('still contradicts a restore that passed over a checkpoint triggered before it', () => {
    const { reading } = withoutCheckpointsAfterRestore({ ids: [4, 5, 6], readAt: 3_000 }, stats([6, 2_600], [5, 1_000], [4, 800]), 2_500);
    const observation: Observation = { restored: { ...chk5, id: 4, path: 's3://flink/checkpoints/j/chk-4' }, ...haObservation(reading, 'right after the fault') };
    const exp = { ...expectation, acceptable: [chk5] };
    const checks = checksFor(observation).filter((c) => c.name === 'ha-store');
    expect(runChecks(checks, observation, exp)[0]).toMatchObject({ status: 'fail', failsAs: 'RESTORE_MISMATCH' });
  });

  it('is unknown when only the restored job\'s own checkpoints are left', () => {
    const { reading } = withoutCheckpointsAfterRestore({ ids: [7], readAt: 3_000 }, stats([7, 2_900]), 2_500);
    expect(reading).toMatchObject({ error: expect.stringContaining('read too late') });
    expect(verdictWith(reading)).toBe('INFRA_ERROR');
  });

  it('keeps every id without REST history', () => {
    expect(withoutCheckpointsAfterRestore({ ids: [4, 5, 6], readAt: 3_000 }, undefined, 2_500).reading).toMatchObject({ ids: [4, 5, 6] });
  });
});
