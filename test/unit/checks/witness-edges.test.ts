// The witnesses' results, word for word, on the paths witness-results.test.ts does not walk: an
// expectation that accepts both an empty start and a checkpoint (a first checkpoint raced at the
// fault), an HA store that points nowhere, a log or a platform record that agrees with REST on an
// unexpected snapshot, the operator-state witness's n/a and unknown results, and the kind of
// snapshot a scenario asserts. Written for the mutants `./run mutation checks` left alive.
import { describe, expect, it } from 'vitest';
import { haWitness, jobManagerLogWitness, metadataWitness, operatorStateWitness, platformRecordWitness, restoredKindIs } from '../../../harness/checks/restore-checks.ts';
import type { Check, CheckResult, Observation } from '../../../harness/checks/index.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';

const JOB = 'aaaaaa00000000000000000000000001';
const chk = (id: number) => ({ kind: 'checkpoint' as const, id, path: `s3://flink/checkpoints/${JOB}/chk-${id}` });
const CHK4 = `checkpoint 4 (s3://flink/checkpoints/${JOB}/chk-4)`;
const CHK5 = `checkpoint 5 (s3://flink/checkpoints/${JOB}/chk-5)`;
const sp7 = { kind: 'savepoint' as const, id: 7, path: 's3://flink/savepoints/savepoint-7' };
const NONE = { kind: 'none' as const };
const exp = (acceptable: Expectation['acceptable'], reasoning: string[] = []): Expectation => ({
  strategy: 'FAILOVER', expected: acceptable[0]!, acceptable, candidates: [], reasoning, configNotes: [], lineage: { jobIds: [JOB] },
});
const tookNone = { savepoint: 'none' as const, modeUsed: 'last-state' as const, restoresAs: 'LAST_STATE' as const, field: 'status.jobStatus.upgradeMode' };
const opState = (vertices: Array<{ id: string; name: string; stateBytes: number }>, idsInMetadata: string[]) => ({ checkpointId: 9, vertices, idsInMetadata });

const cases: Array<[string, Check, Observation, Expectation, Omit<CheckResult, 'name'>]> = [
  ['meta: nothing restored where an empty start is one of the acceptable points', metadataWitness, { restored: null }, exp([NONE, chk(1)]),
    { status: 'pass', detail: 'n/a: nothing was restored' }],
  ['ha: empty store, nothing expected, but REST restored a checkpoint', haWitness, { restored: chk(5), haCheckpointIds: [] }, exp([NONE]),
    { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: 'none', observed: 'none', detail: 'the HA store pointed to no checkpoint, the newest was none' }],
  ['ha: empty store, nothing expected, nothing restored', haWitness, { restored: null, haCheckpointIds: [] }, exp([NONE]),
    { status: 'pass', expected: 'none', observed: 'none', detail: 'the HA store pointed to no checkpoint and nothing was restored, as expected' }],
  ['ha: empty store, nothing restored, a checkpoint expected', haWitness, { restored: { kind: 'none' }, haCheckpointIds: [] }, exp([chk(5)]),
    { status: 'fail', failsAs: 'NO_RESTORE', expected: '5', observed: 'none', detail: 'the HA store pointed to no checkpoint, the newest was 5' }],
  ['log: agrees with REST on an unexpected one', jobManagerLogWitness, { restored: chk(4), jobManagerLogRestore: { point: chk(4), line: 'l' } }, exp([chk(5)]),
    { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: CHK5, observed: CHK4, detail: `the JobManager logged the restore of checkpoint 4, not ${CHK5} as expected` }],
  ['platform: record unknown', platformRecordWitness, { restored: chk(5), platformRecord: { savepoint: 'unknown', why: 'no status' } }, exp([chk(5)]),
    { status: 'unknown', detail: "the platform's record of the savepoint its stop took is unknown: no status" }],
  ['platform: no savepoint taken, the restore its mode makes', platformRecordWitness, { restored: chk(5), platformRecord: tookNone }, exp([chk(5)]),
    { status: 'pass', expected: 'no savepoint of the stop (last-state)', observed: CHK5, detail: `status.jobStatus.upgradeMode: the stop took no savepoint (last-state), and Flink restored ${CHK5} as that mode does` }],
  ['platform: no savepoint taken, an older checkpoint restored', platformRecordWitness, { restored: chk(4), platformRecord: tookNone }, exp([chk(5)]),
    { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: CHK5, observed: CHK4, detail: `status.jobStatus.upgradeMode: the stop took no savepoint (last-state); Flink restored ${CHK4}, not ${CHK5} as expected` }],
  ['platform: no savepoint taken, nothing restored', platformRecordWitness, { restored: null, platformRecord: tookNone }, exp([chk(5)]),
    { status: 'fail', failsAs: 'NO_RESTORE', expected: CHK5, observed: 'nothing (empty state)', detail: `status.jobStatus.upgradeMode: the stop took no savepoint (last-state); Flink restored nothing (empty state), not ${CHK5} as expected` }],
  ['opstate: nothing restored', operatorStateWitness, { restored: null }, exp([chk(5)]),
    { status: 'pass', detail: 'n/a: nothing was restored' }],
  ['opstate: not read', operatorStateWitness, { restored: chk(5) }, exp([chk(5)]),
    { status: 'unknown', detail: 'operator states were not read' }],
  ['opstate: no vertex wrote state', operatorStateWitness, { restored: chk(5), operatorState: opState([{ id: 'c3', name: 'sink', stateBytes: 0 }], []) }, exp([chk(5)]),
    { status: 'unknown', detail: `no vertex wrote state in checkpoint 9: nothing to compare with s3://flink/checkpoints/${JOB}/chk-5/_metadata` }],
  ['opstate: one missing, singular wording', operatorStateWitness,
    { restored: chk(5), operatorState: opState([{ id: 'a1', name: 'source', stateBytes: 10 }, { id: 'b2', name: 'window', stateBytes: 20 }], ['a1']) }, exp([chk(5)]),
    {
      status: 'fail', failsAs: 'STATE_LOSS', expected: `state for source (a1), window (b2) in s3://flink/checkpoints/${JOB}/chk-5/_metadata`, observed: 'no entry for window (b2)',
      detail: `window (b2) holds 20 bytes of state in checkpoint 9, but s3://flink/checkpoints/${JOB}/chk-5/_metadata has no entry for its operator: started empty (a changed UID, with allowNonRestoredState dropping the old operator's state)`,
      evidence: opState([{ id: 'a1', name: 'source', stateBytes: 10 }, { id: 'b2', name: 'window', stateBytes: 20 }], ['a1']),
    }],
  ['kind: an empty start asserted, nothing restored (REST null)', restoredKindIs('none'), { restored: null }, exp([NONE], ['strategy NONE']),
    { status: 'pass', expected: 'nothing (empty state)', observed: 'nothing (empty state)', detail: 'restored nothing (empty state), as the scenario asserts' }],
  ['kind: a savepoint asserted, the oracle fell back to a checkpoint: its first reason and the record', restoredKindIs('savepoint'),
    { restored: chk(5), platformRecord: tookNone }, exp([chk(5)], ['the stop took no savepoint: the newest checkpoint', 'second reason']),
    {
      status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: 'a savepoint', observed: CHK5,
      detail: `the scenario asserts a savepoint is restored, but Flink restored ${CHK5}; the oracle expected ${CHK5} (the stop took no savepoint: the newest checkpoint); `
        + "the platform's record: status.jobStatus.upgradeMode: the stop took no savepoint (last-state)",
    }],
  ['kind: a savepoint asserted and expected, nothing restored, the record unreadable', restoredKindIs('savepoint'),
    { restored: null, unreadable: { platform: 'forbidden' } }, exp([sp7], ['newest savepoint at the fault']),
    {
      status: 'fail', failsAs: 'NO_RESTORE', expected: 'a savepoint', observed: 'nothing (empty state)',
      detail: "the scenario asserts a savepoint is restored, but Flink restored nothing (empty state); the oracle expected savepoint 7 (s3://flink/savepoints/savepoint-7); the platform's record could not be read: forbidden",
    }],
  ['kind: a savepoint asserted, a checkpoint expected without a reason, no record', restoredKindIs('savepoint'), { restored: chk(5) }, exp([chk(5)]),
    { status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: 'a savepoint', observed: CHK5, detail: `the scenario asserts a savepoint is restored, but Flink restored ${CHK5}; the oracle expected ${CHK5}` }],
  ['kind: a checkpoint asserted, an empty start expected: the oracle’s reason is not repeated', restoredKindIs('checkpoint'), { restored: sp7 }, exp([NONE], ['strategy NONE']),
    {
      status: 'fail', failsAs: 'RESTORE_MISMATCH', expected: 'a checkpoint', observed: 'savepoint 7 (s3://flink/savepoints/savepoint-7)',
      detail: 'the scenario asserts a checkpoint is restored, but Flink restored savepoint 7 (s3://flink/savepoints/savepoint-7); the oracle expected no snapshot (empty state)',
    }],
];

describe('each witness on the edges of its paths', () => {
  it.each(cases)('%s', (_name, check, observation, expectation, result) => {
    expect(check(observation, expectation)).toEqual({ name: check.name, ...result });
  });
});
