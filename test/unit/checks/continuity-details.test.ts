// The output-continuity witness and the checks' plumbing in detail: which problem is reported first,
// what a failing result says, which witnesses a scenario runs and what a check that throws says.
import { describe, expect, it } from 'vitest';
import { check, checksFor, checksNotRun, coreChecks, haWitness, noopCheck, platformRecordWitness, runChecks } from '../../../harness/checks/index.ts';
import type { Observation, OutputRecord } from '../../../harness/checks/index.ts';
import { findContinuityProblems, outputBaseline, outputContinuity, recordsSince, writtenSinceRestore } from '../../../harness/checks/output-continuity.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';

const chk5 = { kind: 'checkpoint' as const, id: 5, path: 's3://flink/checkpoints/j/chk-5' };
const expecting = (expected: Expectation['expected'] = chk5): Expectation =>
  ({ strategy: 'FAILOVER', expected, acceptable: [expected], candidates: [], reasoning: [], configNotes: [] });
const record = (key: string, seq: number, file?: string, extra: Partial<OutputRecord> = {}): OutputRecord =>
  ({ key, seq, count: seq + 1, restoredCheckpointId: 5, probeVersion: 'v1', ...(file === undefined ? {} : { file }), ...extra });
/** Seqs 0..n-1 of each key, all in one part file. */
const keys = (names: string[], n: number, file = 'part-0'): OutputRecord[] => names.flatMap((key) => Array.from({ length: n }, (_, seq) => record(key, seq, file)));

describe('findContinuityProblems', () => {
  it('reports the first problem in key order, numerically: key 9 before key 10', () => {
    const records = [...keys(['10'], 4), ...keys(['9'], 4)].filter((r) => r.seq !== 2);
    expect(findContinuityProblems(records)).toEqual([{ kind: 'gap', key: '9', seq: 2, detail: 'key 9 jumps from seq 1 to 3', files: ['part-0'] }]);
  });

  it('reads records in any order of their lines', () => {
    expect(findContinuityProblems(keys(['0', '1'], 5).reverse())).toEqual([]);
  });

  it('a duplicate names both part files, and ? for a record without one', () => {
    const records = [...keys(['0'], 3, 'part-0'), record('0', 2)];
    expect(findContinuityProblems(records)).toEqual([{ kind: 'duplicate', key: '0', seq: 2, detail: 'key 0 seq 2 was written twice', files: ['part-0', '?'] }]);
    expect(findContinuityProblems([record('0', 2), ...keys(['0'], 3, 'part-0')])[0]?.files).toEqual(['?', 'part-0']);
  });

  it('a lost count says what the count should have been', () => {
    const records = keys(['0'], 3).map((r) => (r.seq === 1 ? { ...r, count: 1 } : r));
    expect(findContinuityProblems(records)).toEqual([{ kind: 'count', key: '0', seq: 1, detail: 'key 0 seq 1 has count 1, not 2: keyed state was lost', files: ['part-0'] }]);
  });

  it('one problem of each kind at most, the first of each', () => {
    const records = [...keys(['0', '1'], 6).filter((r) => r.seq !== 2 && r.seq !== 4), record('1', 5, 'replayed')];
    expect(findContinuityProblems(records).map((p) => `${p.kind} ${p.key} ${p.seq}`)).toEqual(['gap 0 2', 'duplicate 1 5']);
  });
});

describe('baselines', () => {
  it('records without a part file are never taken for judged ones', () => {
    const records = [record('0', 0, 'a'), record('0', 1)];
    expect(recordsSince(records, { judgedAt: 'fault 1', files: ['a'], lastSeqByKey: { 0: 0 } })).toEqual([record('0', 1)]);
  });

  it('where a key stood is decided by commit time, not by the order part files were listed in', () => {
    const listed = { records: [record('0', 3, 'b'), record('0', 1, 'a')], committedAt: { a: 100, b: 200 } };
    expect(outputBaseline(listed, 'fault 1').lastSeqByKey).toEqual({ 0: 3 });
  });

  it('a part file without a commit time counts as the oldest; its records are listed as ?', () => {
    const baseline = outputBaseline({ records: [record('0', 7, 'late'), record('0', 3)], committedAt: { late: 50 } }, 'fault 1');
    expect(baseline).toEqual({ judgedAt: 'fault 1', files: ['late', '?'], lastSeqByKey: { 0: 7 } });
  });

  it("a job that came back empty owns a part file committed exactly at its start", () => {
    const output = { records: [record('0', 0, 'b', { restoredCheckpointId: -1 })], committedAt: { b: 500 } };
    expect(writtenSinceRestore(output, undefined, 500)).toBe(true);
    expect(writtenSinceRestore(output, undefined, 501)).toBe(false);
    expect(writtenSinceRestore({ records: [record('0', 0, undefined, { restoredCheckpointId: -1 })] }, undefined, 500)).toBe(false);
    // The old job's last part file, committed after the new one started, is not the new job's output.
    expect(writtenSinceRestore({ records: [record('0', 9, 'a', { restoredCheckpointId: 4 })], committedAt: { a: 600 } }, undefined, 500)).toBe(false);
  });
});

describe('the output-continuity result', () => {
  const observe = (records: OutputRecord[], extra: Partial<Observation> = {}): Observation => ({ restored: chk5, output: { records, files: 1 }, ...extra });

  it('passes with how many records over how many keys', () => {
    expect(outputContinuity(observe(keys(['0', '1', '2'], 4)), expecting())).toEqual({ name: 'output-continuity', status: 'pass', detail: '12 records over 3 keys: no gap, no duplicate, counts intact' });
  });

  it('a failure states the rule, each problem, and where', () => {
    const records = keys(['0', '1'], 4).filter((r) => !(r.key === '1' && r.seq === 2));
    const result = outputContinuity(observe(records), expecting());
    expect(result).toEqual({
      name: 'output-continuity', status: 'fail', failsAs: 'STATE_LOSS',
      expected: 'per key: seq 0..n once each, count = seq + 1',
      observed: 'key 1 jumps from seq 1 to 3',
      detail: 'output of 7 records: key 1 jumps from seq 1 to 3 (part-0)',
      evidence: [{ kind: 'gap', key: '1', seq: 2, detail: 'key 1 jumps from seq 1 to 3', files: ['part-0'] }],
    });
    const two = outputContinuity(observe([...records, record('0', 3, 'again')]), expecting());
    expect(two.observed).toBe('key 0 seq 3 was written twice; key 1 jumps from seq 1 to 3');
    expect(two.detail).toBe('output of 8 records: key 0 seq 3 was written twice (part-0, again); key 1 jumps from seq 1 to 3 (part-0)');
  });

  it('is unknown, never a pass, when the output was not read or nothing was written since the restore', () => {
    expect(outputContinuity({ restored: chk5 }, expecting())).toEqual({ name: 'output-continuity', status: 'unknown', detail: 'the output was not read' });
    const old = keys(['0'], 3).map((r) => ({ ...r, restoredCheckpointId: 4 }));
    expect(outputContinuity(observe(old), expecting())).toEqual({ name: 'output-continuity', status: 'unknown', detail: 'no output written since the restore of 5 yet (3 records)' });
    expect(outputContinuity(observe(old, { unreadable: { output: 'listing failed' } }), expecting())).toEqual({ name: 'output-continuity', status: 'unknown', detail: 'could not be read: listing failed' });
  });

  it('expects nothing of the output when the job was to start empty', () => {
    const broken = keys(['0'], 3).filter((r) => r.seq !== 1);
    expect(outputContinuity(observe(broken, { restored: null }), expecting({ kind: 'none' }))).toEqual({
      name: 'output-continuity', status: 'pass', detail: 'n/a: the job was expected to start empty, output restarts by design',
    });
  });
});

describe('which checks a scenario runs', () => {
  it('a witness tried and unreadable still runs, as unknown', () => {
    expect(checksFor({ restored: chk5, unreadable: { ha: 'forbidden' } })).toEqual([...coreChecks, haWitness]);
    expect(checksFor({ restored: chk5, unreadable: { platform: 'forbidden' } })).toEqual([...coreChecks, platformRecordWitness]);
    expect(checksFor({ restored: chk5, unreadable: { probe: 'timed out' } })).toEqual(coreChecks);
  });

  it("a user's job says why the probe's witnesses did not run", () => {
    expect(checksNotRun({ restored: chk5, userJob: true })).toEqual([
      { name: 'probe-metric', reason: 'needs the probe; a user job ran' },
      { name: 'output-continuity', reason: 'needs the probe; a user job ran' },
    ]);
  });

  it('only checks made to witness the restored snapshot say so', () => {
    expect(check('plain', () => ({ status: 'pass', detail: '' })).witnessesRestoredSnapshot).toBeUndefined();
    expect(check('witness', () => ({ status: 'pass', detail: '' }), { witnessesRestoredSnapshot: true }).witnessesRestoredSnapshot).toBe(true);
    expect(noopCheck.witnessesRestoredSnapshot).toBeUndefined();
  });

  it('a check that throws is unknown and says what it threw, an error or anything else', () => {
    const observation = { restored: chk5 };
    const results = runChecks([check('throws-error', () => { throw new Error('boom'); }), check('throws-text', () => { throw 'no bucket'; })], observation, expecting());
    expect(results).toEqual([
      { name: 'throws-error', status: 'unknown', detail: 'the check itself failed: boom' },
      { name: 'throws-text', status: 'unknown', detail: 'the check itself failed: no bucket' },
    ]);
  });
});
