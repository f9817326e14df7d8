// Every witness's result, word for word, on each of its paths: the status and verdict class decide
// the verdict, and expected, observed and detail are what a failing verdict shows a person (the
// judge quotes the detail of every witness that disagrees or could not decide).
import { describe, expect, it } from 'vitest';
import { haWitness, jobManagerLogWitness, metadataWitness, operatorStateWitness, platformRecordWitness, probeMetricWitness, restoredIsExpected } from '../../../harness/checks/restore-checks.ts';
import type { Check, CheckResult, Observation } from '../../../harness/checks/index.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';

const JOB = 'aaaaaa00000000000000000000000001';
const chk = (id: number) => ({ kind: 'checkpoint' as const, id, path: `s3://flink/checkpoints/${JOB}/chk-${id}` });
const NONE = { kind: 'none' as const };
const exp = (...acceptable: Expectation['acceptable']): Expectation => ({
  strategy: 'FAILOVER', expected: acceptable[0]!, acceptable, candidates: [], reasoning: [], configNotes: [], lineage: { jobIds: [JOB, 'cccccc00000000000000000000000003'] },
});

const cases: Array<[string, Check, Observation, Expectation, Omit<CheckResult, 'name'>]> = [
  ['rest: nothing expected, nothing restored', restoredIsExpected, { restored: null }, exp(NONE),
    {"status": "pass", "expected": "no snapshot (empty state)", "observed": "nothing (empty state)", "detail": "nothing was expected and nothing was restored"}],
  ['rest: empty start although a checkpoint existed', restoredIsExpected, { restored: { kind: 'none' } }, exp(chk(5)),
    {"status": "fail", "failsAs": "NO_RESTORE", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "no snapshot (empty state)", "detail": "the job came back with empty state although checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5) existed at the fault"}],
  ['rest: foreign', restoredIsExpected, { restored: { kind: 'checkpoint', id: 5, path: 's3://flink/checkpoints/bbbbbb00000000000000000000000002/chk-5' } }, exp(chk(5)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "checkpoint 5 (s3://flink/checkpoints/bbbbbb00000000000000000000000002/chk-5)", "detail": "restored checkpoint 5 (s3://flink/checkpoints/bbbbbb00000000000000000000000002/chk-5), written by job bbbbbb00000000000000000000000002, which is not one of this deployment's jobs (aaaaaa00000000000000000000000001, cccccc00000000000000000000000003), instead of checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)"}],
  ['rest: older', restoredIsExpected, { restored: chk(4) }, exp(chk(5)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "checkpoint 4 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-4)", "detail": "restored checkpoint 4 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-4) instead of checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)"}],
  ['rest: expected', restoredIsExpected, { restored: chk(5) }, exp(chk(5)),
    {"status": "pass", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "detail": "restored checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)"}],
  ['meta: nothing restored, nothing expected', metadataWitness, { restored: null }, exp(NONE),
    {"status": "pass", "detail": "n/a: nothing was restored"}],
  ['meta: nothing restored, a checkpoint expected', metadataWitness, { restored: null }, exp(chk(5)),
    {"status": "fail", "failsAs": "NO_RESTORE", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "nothing", "detail": "nothing was restored, so no _metadata witnesses a restore, not checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5) as expected"}],
  ['meta: not read', metadataWitness, { restored: chk(5) }, exp(chk(5)),
    {"status": "unknown", "detail": "storage was not read at s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5"}],
  ['meta: unreadable', metadataWitness, { restored: chk(5), unreadable: { metadata: 'MinIO answered 503' } }, exp(chk(5)),
    {"status": "unknown", "detail": "could not be read: MinIO answered 503"}],
  ['meta: gone', metadataWitness, { restored: chk(5), metadata: { path: chk(5).path, exists: false } }, exp(chk(5)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5/_metadata with id 5", "observed": "no such file", "detail": "s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5/_metadata does not exist"}],
  ['meta: other id', metadataWitness, { restored: chk(5), metadata: { path: chk(5).path, exists: true, checkpointId: 4 } }, exp(chk(5)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "id 5", "observed": "id 4", "detail": "s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5/_metadata carries id 4, REST says 5"}],
  ['meta: agrees with REST on an unexpected one', metadataWitness, { restored: chk(4), metadata: { path: chk(4).path, exists: true, checkpointId: 4 } }, exp(chk(5)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "checkpoint 4", "detail": "s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-4/_metadata carries id 4, not checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5) as expected"}],
  ['meta: pass', metadataWitness, { restored: chk(5), metadata: { path: chk(5).path, exists: true, checkpointId: 5 } }, exp(chk(5)),
    {"status": "pass", "expected": "id 5", "observed": "id 5", "detail": "s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5/_metadata carries id 5"}],
  ['probe: unreadable', probeMetricWitness, { restored: chk(5), unreadable: { probe: 'timed out' } }, exp(chk(5)),
    {"status": "unknown", "detail": "could not be read: timed out"}],
  ['probe: silent', probeMetricWitness, { restored: chk(5) }, exp(chk(5)),
    {"status": "unknown", "detail": "the probe reported no restoredCheckpointId metric"}],
  ['probe: a subtask differs', probeMetricWitness, { restored: chk(5), probeRestoredIds: [5, 4] }, exp(chk(5)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "5", "observed": "5,4", "detail": "probe subtasks report 5,4, REST says 5"}],
  ['probe: empty start unexpected', probeMetricWitness, { restored: null, probeRestoredIds: [-1, -1] }, exp(chk(5)),
    {"status": "fail", "failsAs": "NO_RESTORE", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "-1,-1", "detail": "all 2 probe subtasks restored -1, not checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5) as expected"}],
  ['probe: agrees on an unexpected one', probeMetricWitness, { restored: chk(4), probeRestoredIds: [4, 4] }, exp(chk(5)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "4,4", "detail": "all 2 probe subtasks restored 4, not checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5) as expected"}],
  ['probe: empty start expected', probeMetricWitness, { restored: { kind: 'none' }, probeRestoredIds: [-1] }, exp(NONE),
    {"status": "pass", "expected": "-1", "observed": "-1", "detail": "all 1 probe subtasks restored -1"}],
  ['probe: pass', probeMetricWitness, { restored: chk(5), probeRestoredIds: [5, 5, 5] }, exp(chk(5)),
    {"status": "pass", "expected": "5", "observed": "5,5,5", "detail": "all 3 probe subtasks restored 5"}],
  ['ha: not read', haWitness, { restored: chk(5) }, exp(chk(5)),
    {"status": "unknown", "detail": "the HA store was not read"}],
  ['ha: empty', haWitness, { restored: chk(5), haCheckpointIds: [] }, exp(chk(5), chk(6)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "5 or 6", "observed": "none", "detail": "the HA store pointed to no checkpoint, the newest was 5 or 6"}],
  ['ha: older', haWitness, { restored: chk(5), haCheckpointIds: [4, 3] }, exp(chk(5), chk(6)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "5 or 6", "observed": "4", "detail": "the HA store pointed to checkpoint 4, the newest was 5 or 6"}],
  ['ha: rest restored nothing', haWitness, { restored: null, haCheckpointIds: [3, 5, 4] }, exp(chk(5)),
    {"status": "fail", "failsAs": "NO_RESTORE", "expected": "5", "observed": "none", "detail": "the HA store pointed to checkpoint 5, REST says nothing was restored"}],
  ['ha: pass unordered', haWitness, { restored: chk(5), haCheckpointIds: [5, 3, 4] }, exp(chk(5)),
    {"status": "pass", "expected": "5", "observed": "5", "detail": "the HA store pointed to checkpoint 5"}],
  ['log: not read', jobManagerLogWitness, { restored: chk(5) }, exp(chk(5)),
    {"status": "unknown", "detail": "the JobManager log was not read"}],
  ['log: no line, rest restored', jobManagerLogWitness, { restored: chk(5), jobManagerLogRestore: null }, exp(chk(5)),
    {"status": "unknown", "detail": "the JobManager log names no restore, REST says checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)"}],
  ['log: no line, nothing restored, none expected', jobManagerLogWitness, { restored: null, jobManagerLogRestore: null }, exp(NONE),
    {"status": "pass", "expected": "no restore", "observed": "no \"Restoring job\" line", "detail": "the JobManager logged no restore, as REST says"}],
  ['log: no line, nothing restored, checkpoint expected', jobManagerLogWitness, { restored: { kind: 'none' }, jobManagerLogRestore: null }, exp(chk(5)),
    {"status": "fail", "failsAs": "NO_RESTORE", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "no \"Restoring job\" line", "detail": "the JobManager logged no restore, as REST says, not checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5) as expected"}],
  ['log: a line, rest restored nothing', jobManagerLogWitness, { restored: null, jobManagerLogRestore: { point: chk(5), line: 'Restoring job x from Checkpoint 5' } }, exp(chk(5)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "no restore", "observed": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "detail": "the JobManager logged \"Restoring job x from Checkpoint 5\" but REST reports no restore"}],
  ['log: a line naming none', jobManagerLogWitness, { restored: chk(5), jobManagerLogRestore: { point: NONE, line: 'Restoring job x' } }, exp(chk(5)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "nothing", "detail": "the JobManager logged a restore of nothing, REST says checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)"}],
  ['log: same id other path', jobManagerLogWitness, { restored: chk(5), jobManagerLogRestore: { point: { ...chk(5), path: 's3://flink/elsewhere/chk-5' }, line: 'l' } }, exp(chk(5)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "checkpoint 5 (s3://flink/elsewhere/chk-5)", "detail": "the JobManager logged a restore of checkpoint 5 (s3://flink/elsewhere/chk-5), REST says checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)"}],
  ['log: other id same path', jobManagerLogWitness, { restored: chk(5), jobManagerLogRestore: { point: { ...chk(5), id: 6 }, line: 'l' } }, exp(chk(5)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "checkpoint 6 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "detail": "the JobManager logged a restore of checkpoint 6 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5), REST says checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)"}],
  ['log: pass', jobManagerLogWitness, { restored: chk(5), jobManagerLogRestore: { point: chk(5), line: 'l' } }, exp(chk(5)),
    {"status": "pass", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "detail": "the JobManager logged the restore of checkpoint 5"}],
  ['platform: unreadable', platformRecordWitness, { restored: chk(5), unreadable: { platform: 'forbidden' } }, exp(chk(5)),
    {"status": "unknown", "detail": "could not be read: forbidden"}],
  ['platform: none', platformRecordWitness, { restored: chk(5) }, exp(chk(5)),
    {"status": "unknown", "detail": "the platform recorded no restore source"}],
  ['platform: nothing restored', platformRecordWitness, { restored: null, platformRecord: { savepoint: 'taken', field: 'status.jobStatus.upgradeSavepointPath', path: chk(5).path } }, exp(chk(5)),
    {"status": "fail", "failsAs": "NO_RESTORE", "expected": "s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5", "observed": "nothing", "detail": "the platform recorded status.jobStatus.upgradeSavepointPath = s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5, but Flink restored nothing"}],
  ['platform: another path', platformRecordWitness, { restored: chk(4), platformRecord: { savepoint: 'taken', field: 'status.jobStatus.upgradeSavepointPath', path: `${chk(5).path}/` } }, exp(chk(5)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5", "observed": "s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-4", "detail": "the platform recorded status.jobStatus.upgradeSavepointPath = s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5, but Flink restored checkpoint 4 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-4)"}],
  ['platform: agrees on unexpected', platformRecordWitness, { restored: chk(4), platformRecord: { savepoint: 'taken', field: 'status.jobStatus.upgradeSavepointPath', path: chk(4).path } }, exp(chk(5)),
    {"status": "fail", "failsAs": "RESTORE_MISMATCH", "expected": "checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5)", "observed": "s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-4", "detail": "status.jobStatus.upgradeSavepointPath names the restored checkpoint 4, not checkpoint 5 (s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5) as expected"}],
  ['platform: pass', platformRecordWitness, { restored: chk(5), platformRecord: { savepoint: 'taken', field: 'status.jobStatus.upgradeSavepointPath', path: `${chk(5).path}//` } }, exp(chk(5)),
    {"status": "pass", "expected": "s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5", "observed": "s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5", "detail": "status.jobStatus.upgradeSavepointPath names the restored checkpoint 5"}],
  ['opstate: two missing', operatorStateWitness, { restored: chk(5), operatorState: { checkpointId: 9, vertices: [{ id: 'a1', name: 'source', stateBytes: 10 }, { id: 'b2', name: 'window', stateBytes: 20 }, { id: 'c3', name: 'sink', stateBytes: 0 }], idsInMetadata: [] } }, exp(chk(5)),
    {"status": "fail", "failsAs": "STATE_LOSS", "expected": "state for source (a1), window (b2) in s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5/_metadata", "observed": "no entry for source (a1), window (b2)", "detail": "source (a1) holds 10 bytes of state in checkpoint 9; window (b2) holds 20 bytes of state in checkpoint 9, but s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5/_metadata has no entry for their operators: started empty (a changed UID, with allowNonRestoredState dropping the old operator's state)", "evidence": {"checkpointId": 9, "vertices": [{"id": "a1", "name": "source", "stateBytes": 10}, {"id": "b2", "name": "window", "stateBytes": 20}, {"id": "c3", "name": "sink", "stateBytes": 0}], "idsInMetadata": []}}],
  ['opstate: pass', operatorStateWitness, { restored: chk(5), operatorState: { checkpointId: 9, vertices: [{ id: 'a1', name: 'source', stateBytes: 10 }, { id: 'b2', name: 'window', stateBytes: 20 }, { id: 'c3', name: 'sink', stateBytes: 0 }], idsInMetadata: ['a1', 'b2'] } }, exp(chk(5)),
    {"status": "pass", "expected": "2 stateful operators", "observed": "2 in _metadata", "detail": "every stateful operator (source, window) has its state in s3://flink/checkpoints/aaaaaa00000000000000000000000001/chk-5/_metadata"}],
];

describe('each witness on each of its paths', () => {
  it.each(cases)('%s', (_name, check, observation, expectation, result) => {
    expect(check(observation, expectation)).toEqual({ name: check.name, ...result });
  });
});
