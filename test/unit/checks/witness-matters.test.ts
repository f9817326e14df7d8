// Each witness can turn a PASS into a failing verdict on its own, and a witness that could not be
// read stands as unknown instead of vanishing.
import { describe, expect, it } from 'vitest';
import { checksFor, runChecks } from '../../../harness/checks/index.ts';
import type { Observation, OutputRecord } from '../../../harness/checks/index.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';
import { judge } from '../../../harness/judge/judge.ts';

const JOB = 'aaaaaa00000000000000000000000001';
const chk = (id: number, job = JOB) => ({ kind: 'checkpoint' as const, id, path: `s3://flink/checkpoints/${job}/chk-${id}` });
const expectation: Expectation = {
  strategy: 'FAILOVER', expected: chk(5), acceptable: [chk(5)], candidates: [], reasoning: [], configNotes: [],
  lineage: { jobIds: [JOB] },
};
const output = (): OutputRecord[] =>
  Array.from({ length: 40 }, (_, n) => ({ key: String(n % 4), seq: Math.floor(n / 4), count: Math.floor(n / 4) + 1, restoredCheckpointId: n >= 36 ? 5 : -1, probeVersion: 'v1' }));
const agreeing = (): Observation => ({
  restored: chk(5), metadata: { path: chk(5).path, exists: true, checkpointId: 5 }, probeRestoredIds: [5, 5], output: { records: output(), files: 4 }, haCheckpointIds: [3, 4, 5],
});
const verdictOf = (observation: Observation) => judge({ expectation, checks: runChecks(checksFor(observation), observation, expectation) });

describe('every witness matters: contradicting only its observation fails a PASS', () => {
  it('the agreeing observation passes with all five witnesses', () => {
    const { verdict, explanation } = verdictOf(agreeing());
    expect(verdict).toBe('PASS');
    expect(explanation).toMatch(/restored-is-expected, storage-metadata, probe-metric, output-continuity, ha-store agree/);
  });

  it.each<[string, (o: Observation) => Observation, string]>([
    ['restored-is-expected: REST names an older checkpoint', (o) => ({ ...o, restored: chk(4) }), 'RESTORE_MISMATCH'],
    ['restored-is-expected: REST names a foreign job’s checkpoint with the expected id', (o) => ({ ...o, restored: chk(5, 'bbbbbb00000000000000000000000002') }), 'RESTORE_MISMATCH'],
    ['storage-metadata: _metadata carries another id', (o) => ({ ...o, metadata: { path: chk(5).path, exists: true, checkpointId: 4 } }), 'RESTORE_MISMATCH'],
    ['storage-metadata: _metadata is gone', (o) => ({ ...o, metadata: { path: chk(5).path, exists: false } }), 'RESTORE_MISMATCH'],
    ['probe-metric: one subtask restored something else', (o) => ({ ...o, probeRestoredIds: [5, 4] }), 'RESTORE_MISMATCH'],
    ['output-continuity: a record is missing', (o) => ({ ...o, output: { records: o.output!.records.filter((r) => !(r.key === '2' && r.seq === 3)), files: 4 } }), 'STATE_LOSS'],
    ['output-continuity: keyed state was reset', (o) => ({ ...o, output: { records: o.output!.records.map((r) => (r.seq >= 5 ? { ...r, count: r.seq - 4 } : r)), files: 4 } }), 'STATE_LOSS'],
    ['ha-store: it pointed to an older checkpoint', (o) => ({ ...o, haCheckpointIds: [3, 4] }), 'RESTORE_MISMATCH'],
  ])('%s', (_name, contradict, failingVerdict) => {
    expect(verdictOf(agreeing()).verdict).toBe('PASS');
    expect(verdictOf(contradict(agreeing())).verdict).toBe(failingVerdict);
  });

  it('the foreign-job mismatch names the job', () => {
    const { explanation } = verdictOf({ ...agreeing(), restored: chk(5, 'bbbbbb00000000000000000000000002'), haCheckpointIds: undefined });
    expect(explanation).toMatch(/written by job bbbbbb00000000000000000000000002, which is not one of this deployment's jobs/);
  });
});

describe('a witness that could not be read', () => {
  it.each<[string, Observation['unreadable'], Partial<Observation>]>([
    ['the HA ConfigMap', { ha: 'configmaps "orders-config-map" is forbidden' }, { haCheckpointIds: undefined }],
    ['storage', { metadata: 'MinIO answered 503' }, { metadata: undefined }],
    ['the probe metric', { probe: 'metric store timed out' }, { probeRestoredIds: undefined }],
    ['the output', { output: 'listing failed' }, { output: undefined }],
  ])('%s: unknown, named in the explanation, INFRA_ERROR', (_name, unreadable, missing) => {
    const observation = { ...agreeing(), ...missing, unreadable };
    const checks = runChecks(checksFor(observation), observation, expectation);
    const reason = Object.values(unreadable!)[0]!;
    expect(checks.some((c) => c.status === 'unknown' && c.detail.includes(reason))).toBe(true);
    const { verdict, explanation } = judge({ expectation, checks });
    expect(verdict).toBe('INFRA_ERROR');
    expect(explanation).toContain(reason);
    expect(explanation).toMatch(/Witnesses: restored-is-expected agrees; storage-metadata/);
  });

  it('does not hide a failing witness: a contradiction still decides', () => {
    const observation = { ...agreeing(), haCheckpointIds: undefined, unreadable: { ha: 'forbidden' }, probeRestoredIds: [4, 4] };
    const { verdict, explanation } = verdictOf(observation);
    expect(verdict).toBe('RESTORE_MISMATCH');
    expect(explanation).toMatch(/ha-store unknown \(could not be read: forbidden\)/);
  });
});
