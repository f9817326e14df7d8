// A user's job is judged without the probe: its witnesses are listed as not run, and the operator
// state witness turns a stateful operator missing from the restored _metadata into STATE_LOSS.
import { describe, expect, it } from 'vitest';
import { checksFor, checksNotRun, operatorStateWitness, outputContinuity, probeMetricWitness, runChecks } from '../../../harness/checks/index.ts';
import type { Observation } from '../../../harness/checks/index.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';
import { judge } from '../../../harness/judge/judge.ts';

const sp7 = { kind: 'savepoint' as const, id: 7, path: 's3://flink/savepoints/savepoint-ab12cd-0123456789ab' };
const expectation: Expectation = {
  strategy: 'LATEST_STATE', expected: sp7, acceptable: [sp7], candidates: [], reasoning: [], configNotes: [],
  newestAtFault: { ...sp7, completedAt: 1_000, seenBy: ['rest'] },
};
const source = { id: 'a'.repeat(32), name: 'Source: sequence-source -> assign-key', stateBytes: 512 };
const window = { id: 'b'.repeat(32), name: 'windowed-count -> discard', stateBytes: 2_048 };
// Every operator's entry in both _metadata files, as the file reader lists them (all kept here).
const entries = [source, window].map((v) => ({
  operatorId: v.id, parallelism: 2, maxParallelism: 64, fullyFinished: false, subtasks: 2, finishedSubtasks: 0,
  managedKeyed: 2, rawKeyed: 0, managedOperator: 0, rawOperator: 0, coordinator: false, channelState: 0,
}));
const observation = (idsInMetadata: string[], vertices = [source, window]): Observation => ({
  userJob: true,
  restored: sp7,
  metadata: { path: sp7.path, exists: true, checkpointId: 7 },
  operatorState: { checkpointId: 9, vertices, idsInMetadata },
  operatorEntries: { restoredPath: sp7.path, before: entries, checkpointId: 9, checkpointPath: 's3://flink/checkpoints/j2/chk-9', after: entries, dropped: [] },
  jobManagerLogRestore: { point: sp7, line: `Restoring job from Savepoint 7 @ 0 for x located at ${sp7.path}.` },
});

describe("a user's job", () => {
  it('is checked without the probe witnesses, which are reported as not run', () => {
    const checks = checksFor(observation([source.id, window.id]));
    expect(checks).not.toContain(probeMetricWitness);
    expect(checks).not.toContain(outputContinuity);
    expect(checks).toContain(operatorStateWitness);
    expect(checksNotRun(observation([])).map((c) => c.name)).toEqual(['probe-metric', 'output-continuity']);
    expect(checksNotRun({ restored: sp7 })).toEqual([]);
  });

  it('passes when every stateful operator has its entry in the restored _metadata', () => {
    const obs = observation([source.id, window.id]);
    const results = runChecks(checksFor(obs), obs, expectation);
    expect(results.map((r) => `${r.name}:${r.status}`)).toEqual(['restored-is-expected:pass', 'storage-metadata:pass', 'operator-state:pass', 'stateful-operators-kept:pass', 'jobmanager-log:pass']);
    expect(judge({ expectation, checks: results }).verdict).toBe('PASS');
  });

  it('is STATE_LOSS when a stateful operator started empty although the right savepoint was restored', () => {
    const obs = observation([source.id]);
    const results = runChecks(checksFor(obs), obs, expectation);
    const operatorState = results.find((r) => r.name === 'operator-state');
    expect(operatorState).toMatchObject({ status: 'fail', failsAs: 'STATE_LOSS' });
    expect(operatorState?.detail).toContain(`windowed-count -> discard (${window.id}) holds 2048 bytes`);
    expect(judge({ expectation, checks: results }).verdict).toBe('STATE_LOSS');
  });

  it('ignores stateless operators, and is unknown (never pass) when no operator wrote state or none was read', () => {
    const stateless = { ...window, stateBytes: 0 };
    expect(operatorStateWitness(observation([source.id], [source, stateless]), expectation).status).toBe('pass');
    expect(operatorStateWitness(observation([], [{ ...source, stateBytes: 0 }]), expectation).status).toBe('unknown');
    const { operatorState: _unread, ...notRead } = observation([]);
    expect(operatorStateWitness(notRead, expectation).status).toBe('unknown');
    expect(operatorStateWitness({ ...notRead, unreadable: { 'operator-state': 'GetObject failed' } }, expectation).detail).toContain('GetObject failed');
    expect(operatorStateWitness({ ...notRead, restored: null }, expectation).status).toBe('pass');
  });
});
