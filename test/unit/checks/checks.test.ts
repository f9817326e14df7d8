import { describe, expect, it } from 'vitest';
import { checksFor, coreChecks, jobManagerLogWitness, platformRecordWitness, findContinuityProblems, haWitness, metadataWitness, outputContinuity, probeMetricWitness, restoredIsExpected, runChecks, check } from '../../../harness/checks/index.ts';
import type { Observation, OutputRecord } from '../../../harness/checks/index.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';
import { judge } from '../../../harness/judge/judge.ts';

const chk5 = { kind: 'checkpoint' as const, id: 5, path: 's3://flink/checkpoints/j/chk-5' };
const chk4 = { kind: 'checkpoint' as const, id: 4, path: 's3://flink/checkpoints/j/chk-4' };
const expectation = (expected = chk5 as Expectation['expected']): Expectation => ({
  strategy: 'FAILOVER', expected, acceptable: [expected], candidates: [], reasoning: [], configNotes: ['only one checkpoint is retained'],
  newestAtFault: { ...chk5, completedAt: 1_000, seenBy: ['rest'] },
});
const run = (keys: number, perKey: number, restored = 5): OutputRecord[] =>
  Array.from({ length: keys * perKey }, (_, n) => ({ key: String(n % keys), seq: Math.floor(n / keys), count: Math.floor(n / keys) + 1, restoredCheckpointId: n > keys * perKey - 3 ? restored : -1, probeVersion: 'v1', file: `part-${Math.floor(n / 10)}` }));
const good = (): Observation => ({ restored: chk5, metadata: { path: chk5.path, exists: true, checkpointId: 5 }, probeRestoredIds: [5, 5], output: { records: run(4, 20), files: 8 } });

describe('checks', () => {
  it('all pass on a correct restore and judge says PASS', () => {
    const results = runChecks(coreChecks, good(), expectation());
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(judge({ expectation: expectation(), checks: results }).verdict).toBe('PASS');
  });

  it('an older checkpoint is a RESTORE_MISMATCH naming both ids', () => {
    const obs = { ...good(), restored: chk4, metadata: { path: chk4.path, exists: true, checkpointId: 4 }, probeRestoredIds: [4, 4] };
    const { verdict, explanation } = judge({ expectation: expectation(), checks: runChecks(coreChecks, obs, expectation()) });
    expect(verdict).toBe('RESTORE_MISMATCH');
    expect(explanation).toMatch(/Expected checkpoint 5 .*restored checkpoint 4/);
    expect(explanation).toMatch(/Likely cause: only one checkpoint is retained/);
  });

  it('an empty start while a checkpoint existed is NO_RESTORE', () => {
    const result = restoredIsExpected({ ...good(), restored: null }, expectation());
    expect(result).toMatchObject({ status: 'fail', failsAs: 'NO_RESTORE' });
    expect(restoredIsExpected({ restored: null }, expectation({ kind: 'none' })).status).toBe('pass');
  });

  it('accepts any acceptable point, compares paths without trailing slashes, not kinds', () => {
    const exp = { ...expectation(), acceptable: [chk4, chk5] };
    expect(restoredIsExpected({ restored: { ...chk5, kind: 'savepoint', path: `${chk5.path}/` } }, exp).status).toBe('pass');
    expect(restoredIsExpected({ restored: { ...chk5, path: 's3://flink/elsewhere/chk-5' } }, exp).status).toBe('fail');
  });

  it('the storage witness names a missing _metadata and a wrong header id', () => {
    expect(metadataWitness({ ...good(), metadata: { path: chk5.path, exists: false } }, expectation()).detail).toMatch(/chk-5\/_metadata does not exist/);
    expect(metadataWitness({ ...good(), metadata: { path: chk5.path, exists: true, checkpointId: 4 } }, expectation()).status).toBe('fail');
    expect(metadataWitness({ restored: chk5 }, expectation()).status).toBe('unknown');
  });

  it('the probe witness fails when a subtask restored something else, unknown when silent', () => {
    expect(probeMetricWitness({ ...good(), probeRestoredIds: [5, -1] }, expectation()).status).toBe('fail');
    expect(probeMetricWitness({ ...good(), probeRestoredIds: [] }, expectation()).status).toBe('unknown');
    expect(probeMetricWitness({ restored: null, probeRestoredIds: [-1] }, expectation({ kind: 'none' })).status).toBe('pass');
    // Agreeing with REST is not enough: the gauge is a witness of what was restored, against the expectation too.
    expect(probeMetricWitness({ restored: null, probeRestoredIds: [-1] }, expectation())).toMatchObject({ status: 'fail', failsAs: 'NO_RESTORE' });
    expect(probeMetricWitness({ ...good(), restored: chk4, probeRestoredIds: [4, 4] }, expectation())).toMatchObject({ status: 'fail', failsAs: 'RESTORE_MISMATCH' });
  });

  it('output continuity finds the first duplicate, gap and lost count', () => {
    const records = run(2, 5);
    expect(findContinuityProblems(records)).toEqual([]);
    const duplicate = [...records, { ...records[4]!, file: 'replayed' }];
    expect(findContinuityProblems(duplicate)[0]).toMatchObject({ kind: 'duplicate', key: '0', seq: 2 });
    const gap = records.filter((r) => !(r.key === '1' && r.seq === 3));
    expect(findContinuityProblems(gap)[0]).toMatchObject({ kind: 'gap', key: '1', seq: 3 });
    const reset = records.map((r) => (r.seq >= 3 ? { ...r, count: r.seq - 2 } : r));
    expect(findContinuityProblems(reset)[0]).toMatchObject({ kind: 'count', key: '0', seq: 3 });
    const { verdict, explanation } = judge({ expectation: expectation(), checks: runChecks(coreChecks, { ...good(), output: { records: run(4, 20).map((r) => (r.seq >= 10 ? { ...r, count: r.seq - 9 } : r)), files: 8 } }, expectation()) });
    expect(verdict).toBe('STATE_LOSS');
    expect(explanation).toMatch(/key 0 seq 10 has count 1/);
  });

  it('output continuity is unknown until output since the restore exists', () => {
    expect(outputContinuity({ ...good(), output: { records: run(4, 20, 3), files: 8 } }, expectation()).status).toBe('unknown');
  });

  it('a check that throws is unknown, and any unknown makes the verdict INFRA_ERROR', () => {
    const broken = check('broken', () => { throw new Error('boom'); });
    const results = runChecks([restoredIsExpected, broken], good(), expectation());
    expect(results[1]).toMatchObject({ name: 'broken', status: 'unknown' });
    expect(judge({ expectation: expectation(), checks: results }).verdict).toBe('INFRA_ERROR');
    expect(judge({ expectation: expectation(), checks: [] }).verdict).toBe('INFRA_ERROR');
  });

  it('an explicit runner error wins', () => {
    expect(judge({ expectation: expectation(), checks: runChecks(coreChecks, good(), expectation()), error: { verdict: 'TIMEOUT', message: 'job never came back' } }).verdict).toBe('TIMEOUT');
  });

  it('a runner error still says what was expected and why the configuration explains it', () => {
    const noted = { ...expectation(), configNotes: ['the HA storageDir does not survive a JobManager restart'] };
    const { verdict, explanation } = judge({ expectation: noted, checks: [], error: { verdict: 'NO_RESTORE', message: 'the job never came back: the JobManager exited: FileNotFoundException' } });
    expect(verdict).toBe('NO_RESTORE');
    expect(explanation).toMatch(/^NO_RESTORE: the job never came back: .*FileNotFoundException\. Newest .* Expected .*Likely cause: the HA storageDir/);
  });
});

describe('the HA store witness (ZooKeeper, Kubernetes ConfigMaps)', () => {
  it('is added only when the platform read the HA store', () => {
    expect(checksFor(good())).toEqual(coreChecks);
    expect(checksFor({ ...good(), haCheckpointIds: [3, 4, 5] })).toContain(haWitness);
  });

  it('agrees when its newest checkpoint is the expected one and the one restored', () => {
    expect(haWitness({ ...good(), haCheckpointIds: [3, 4, 5] }, expectation()).status).toBe('pass');
  });

  it('disagrees when it pointed to an older checkpoint than the newest at the fault', () => {
    const result = haWitness({ ...good(), haCheckpointIds: [3, 4] }, expectation());
    expect(result).toMatchObject({ status: 'fail', failsAs: 'RESTORE_MISMATCH', observed: '4' });
  });

  it('disagrees when REST reports a restore of something else than what it pointed to', () => {
    const result = haWitness({ ...good(), restored: chk4, haCheckpointIds: [4, 5] }, expectation());
    expect(result).toMatchObject({ status: 'fail', failsAs: 'RESTORE_MISMATCH', detail: expect.stringMatching(/pointed to checkpoint 5, REST says 4/) });
  });

  it('counts an empty start against the checkpoint it pointed to as NO_RESTORE, as REST does', () => {
    const result = haWitness({ ...good(), restored: null, haCheckpointIds: [4, 5] }, expectation());
    expect(result).toMatchObject({ status: 'fail', failsAs: 'NO_RESTORE', expected: '5', observed: 'none' });
  });

  it('pointing to no checkpoint agrees only with an expected empty start', () => {
    expect(haWitness({ restored: null, haCheckpointIds: [] }, expectation({ kind: 'none' })).status).toBe('pass');
    expect(haWitness({ restored: null, haCheckpointIds: [] }, expectation())).toMatchObject({ status: 'fail', failsAs: 'NO_RESTORE', observed: 'none' });
    expect(haWitness({ ...good(), haCheckpointIds: [] }, expectation())).toMatchObject({ status: 'fail', failsAs: 'RESTORE_MISMATCH' });
  });

  it('a store that could not be read is unknown, never agreement', () => {
    const result = haWitness({ ...good(), unreadable: { ha: 'zkCli ls failed (exit 1): KeeperErrorCode = ConnectionLoss' } }, expectation());
    expect(result).toMatchObject({ status: 'unknown', detail: expect.stringContaining('ConnectionLoss') });
    expect(haWitness({ ...good(), haCheckpointIds: [3, 4, 5], unreadable: { ha: 'half read' } }, expectation()).status).toBe('unknown');
  });
});

describe('the JobManager log and platform record witnesses', () => {
  const restoredPoint = { kind: 'checkpoint' as const, id: 5, path: 's3://flink/checkpoints/job/chk-5' };
  const line = 'Restoring job x from Checkpoint 5 @ 1 for x located at s3://flink/checkpoints/job/chk-5.';

  it('are added only when read, or tried and unreadable', () => {
    expect(checksFor({ ...good(), jobManagerLogRestore: null })).toContain(jobManagerLogWitness);
    expect(checksFor({ ...good(), unreadable: { 'jobmanager-log': 'pod gone' } })).toContain(jobManagerLogWitness);
    expect(checksFor({ ...good(), platformRecord: { savepoint: 'taken', field: 'f', path: 'p' } })).toContain(platformRecordWitness);
    expect(checksFor({ ...good(), platformRecord: { savepoint: 'unknown', why: 'no status' } })).toContain(platformRecordWitness);
    expect(checksFor({ ...good(), platformRecord: { savepoint: 'none', modeUsed: 'last-state', restoresAs: 'LAST_STATE', field: 'f' } })).toContain(platformRecordWitness);
    expect(checksFor(good())).not.toContain(platformRecordWitness);
  });

  it('the log line agrees with REST, or names another snapshot (a mismatch), or is missing (unknown, never a pass)', () => {
    const obs = { ...good(), restored: restoredPoint };
    const expected = expectation(restoredPoint);
    expect(jobManagerLogWitness({ ...obs, jobManagerLogRestore: { point: restoredPoint, line } }, expected).status).toBe('pass');
    const other = jobManagerLogWitness({ ...obs, jobManagerLogRestore: { point: { ...restoredPoint, id: 4, path: 's3://flink/checkpoints/job/chk-4' }, line } }, expected);
    expect(other).toMatchObject({ status: 'fail', failsAs: 'RESTORE_MISMATCH' });
    expect(jobManagerLogWitness({ ...obs, jobManagerLogRestore: null }, expected).status).toBe('unknown');
    // Agreeing with REST on a snapshot the expectation does not accept is a mismatch of its own.
    expect(jobManagerLogWitness({ ...obs, jobManagerLogRestore: { point: restoredPoint, line } }, expectation())).toMatchObject({ status: 'fail', failsAs: 'RESTORE_MISMATCH' });
  });

  it("the platform's record must name the restored path", () => {
    const obs = { ...good(), restored: restoredPoint };
    const taken = (path: string) => ({ savepoint: 'taken' as const, field: 'lastSavepoint', path });
    expect(platformRecordWitness({ ...obs, platformRecord: taken(`${restoredPoint.path}/`) }, expectation(restoredPoint)).status).toBe('pass');
    expect(platformRecordWitness({ ...obs, platformRecord: taken('s3://flink/savepoints/sp-1') }, expectation(restoredPoint))).toMatchObject({ status: 'fail', failsAs: 'RESTORE_MISMATCH' });
    expect(platformRecordWitness({ ...obs, platformRecord: taken(restoredPoint.path) }, expectation())).toMatchObject({ status: 'fail', failsAs: 'RESTORE_MISMATCH' });
  });

  it("a record that the stop took no savepoint agrees only with a restore the expectation accepts; an unknown record is unknown", () => {
    const obs = { ...good(), restored: restoredPoint };
    const none = { savepoint: 'none' as const, modeUsed: 'last-state' as const, restoresAs: 'LAST_STATE' as const, field: 'lastReconciledSpec job.upgradeMode = last-state' };
    expect(platformRecordWitness({ ...obs, platformRecord: none }, expectation(restoredPoint))).toMatchObject({
      status: 'pass', detail: 'lastReconciledSpec job.upgradeMode = last-state: the stop took no savepoint (last-state), and Flink restored checkpoint 5 (s3://flink/checkpoints/job/chk-5) as that mode does',
    });
    expect(platformRecordWitness({ ...obs, platformRecord: none }, expectation())).toMatchObject({ status: 'fail', failsAs: 'RESTORE_MISMATCH' });
    expect(platformRecordWitness({ ...obs, restored: null, platformRecord: none }, expectation())).toMatchObject({ status: 'fail', failsAs: 'NO_RESTORE' });
    expect(platformRecordWitness({ ...obs, platformRecord: { savepoint: 'unknown', why: 'the FlinkDeployment is gone' } }, expectation(restoredPoint))).toEqual({
      name: 'platform-record', status: 'unknown', detail: "the platform's record of the savepoint its stop took is unknown: the FlinkDeployment is gone",
    });
  });
});
