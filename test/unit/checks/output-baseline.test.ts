// A soak judges several faults on one deployment's output: each fault only on what was written
// since the previous judgement, from where each key stood then.
import { describe, expect, it } from 'vitest';
import { findContinuityProblems, outputBaseline, outputContinuity, writtenSinceRestore } from '../../../harness/checks/output-continuity.ts';
import type { Observation, OutputRecord } from '../../../harness/checks/observation.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';

/** One committed part file: the given seqs of each key, count = seq + 1 unless `count` says otherwise. */
const part = (file: string, restoredCheckpointId: number, seqs: number[], count = (seq: number) => seq + 1): OutputRecord[] =>
  ['0', '1'].flatMap((key) => seqs.map((seq) => ({ key, seq, count: count(seq), restoredCheckpointId, probeVersion: 'v1', file })));
const committed = (files: Record<string, number>) => files;

const chk = (id: number) => ({ kind: 'checkpoint' as const, id, path: `s3://flink/checkpoints/j/chk-${id}` });
const expecting = (id: number): Expectation => ({
  strategy: 'FAILOVER', expected: chk(id), acceptable: [chk(id)], candidates: [], reasoning: [], configNotes: [],
  newestAtFault: { ...chk(id), completedAt: 1_000, seenBy: ['rest'] },
});

// Fault 1 restored chk-3 while chk-4 was newest: seqs 4-5 were written again (its own verdict).
const beforeFault1 = [...part('a-1', -1, [0, 1, 2]), ...part('a-2', -1, [3, 4, 5])];
const afterFault1 = [...part('b-1', 3, [4, 5, 6]), ...part('b-2', 3, [7, 8])];
const atFault1 = { records: [...beforeFault1, ...afterFault1], files: 4, committedAt: committed({ 'a-1': 100, 'a-2': 200, 'b-1': 300, 'b-2': 400 }) };

describe('output continuity across a soak', () => {
  it('fault 1 sees its own replay; fault 2, restored right, is judged only on the output since', () => {
    expect(findContinuityProblems(atFault1.records)[0]).toMatchObject({ kind: 'duplicate', key: '0', seq: 4 });
    const baseline = outputBaseline(atFault1, 'fault 1');
    expect(baseline.lastSeqByKey).toEqual({ 0: 8, 1: 8 });
    expect(baseline.files.sort()).toEqual(['a-1', 'a-2', 'b-1', 'b-2']);

    const fault2 = [...part('b-3', 3, [9, 10]), ...part('c-1', 9, [11, 12])];
    const observation: Observation = { restored: chk(9), output: { records: [...atFault1.records, ...fault2], files: 6 }, outputBefore: baseline };
    const result = outputContinuity(observation, expecting(9));
    expect(result.status).toBe('pass');
    expect(result.detail).toMatch(/checked from where each key stood at fault 1/);
    // Without the baseline, fault 1's replay would still fail fault 2.
    expect(outputContinuity({ ...observation, outputBefore: undefined }, expecting(9))).toMatchObject({ status: 'fail', failsAs: 'STATE_LOSS' });
  });

  it('fault 2 fails for its own replay, and for a gap, naming where the output stood', () => {
    const baseline = outputBaseline(atFault1, 'fault 1');
    const replayed = [...atFault1.records, ...part('b-3', 3, [9, 10]), ...part('c-1', 7, [8, 9, 10, 11])];
    const replay = outputContinuity({ restored: chk(7), output: { records: replayed, files: 6 }, outputBefore: baseline }, expecting(9));
    expect(replay).toMatchObject({ status: 'fail', failsAs: 'STATE_LOSS' });
    expect(replay.detail).toMatch(/written since fault 1 was judged \(12 of 34 records\)/);
    expect(replay.observed).toMatch(/key 0 seq 8 was written again \(before: up to seq 8, as judged at fault 1\)/);

    const straightAfter = [...atFault1.records, ...part('c-1', 7, [8])];
    expect(findContinuityProblems(straightAfter, baseline)[0]).toMatchObject({ kind: 'duplicate', key: '0', seq: 8 });
    expect(findContinuityProblems(straightAfter, baseline)[0]!.detail).toBe('key 0 seq 8 was written again (before: up to seq 8, as judged at fault 1)');

    const skipped = [...atFault1.records, ...part('c-1', 9, [10, 11])];
    expect(findContinuityProblems(skipped, baseline)[0]).toMatchObject({ kind: 'gap', key: '0', seq: 9 });
  });

  it('after a restart without state, a key stands where it was written last, not at its highest seq', () => {
    // Fault 1 lost the state: seqs begin again at 0 (count too), in files committed after the first life's.
    const lost = { records: [...part('a-1', -1, [0, 1, 2, 3, 4, 5]), ...part('b-1', -1, [0, 1, 2])], files: 2, committedAt: committed({ 'a-1': 100, 'b-1': 300 }) };
    const baseline = outputBaseline(lost, 'fault 1');
    expect(baseline.lastSeqByKey).toEqual({ 0: 2, 1: 2 });
    // Fault 2 restored the newest checkpoint of the second life: it continues from 3, and passes.
    const fault2 = { records: [...lost.records, ...part('b-2', -1, [3, 4]), ...part('c-1', 4, [5, 6])], files: 4 };
    expect(findContinuityProblems(fault2.records, baseline)).toEqual([]);
  });

  it('a job that came back empty has written its own output once a part file is committed after its start', () => {
    const first = part('a-1', -1, [0, 1, 2]);
    const before = { records: first, files: 1, committedAt: committed({ 'a-1': 100 }) };
    // Its records say -1 as the first job's did: only the commit time tells them apart.
    expect(writtenSinceRestore(before, undefined, 500)).toBe(false);
    const after = { records: [...first, ...part('b-1', -1, [0])], files: 2, committedAt: committed({ 'a-1': 100, 'b-1': 600 }) };
    expect(writtenSinceRestore(after, undefined, 500)).toBe(true);
    expect(writtenSinceRestore(after, 7, 500)).toBe(false);
    expect(writtenSinceRestore(after, undefined, undefined)).toBe(true);
    const emptyStart = (output: typeof before): Observation => ({ restored: null, output, startedEmptyAt: 500 });
    expect(outputContinuity(emptyStart(before), expecting(3))).toMatchObject({ status: 'unknown', detail: 'no output written since the job came back empty yet (6 records)' });
    // Once its output is in, the state it lost shows: seq 0 written again.
    expect(outputContinuity(emptyStart(after), expecting(3))).toMatchObject({ status: 'fail', failsAs: 'STATE_LOSS' });
  });
});
