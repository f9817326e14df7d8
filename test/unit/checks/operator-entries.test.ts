// Every operator with state in the restored snapshot, chained ones too, must hold state in the
// first checkpoint after the restore; one that does not started empty (STATE_LOSS) unless the
// deployment declared it dropped.
import { describe, expect, it } from 'vitest';
import { checksFor, runChecks, statefulOperatorsKept } from '../../../harness/checks/index.ts';
import type { Observation } from '../../../harness/checks/index.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';
import type { MetadataOperatorState } from '../../../harness/storage/metadata-operators.ts';
import { judge } from '../../../harness/judge/judge.ts';
import { operatorIdOfUid } from '../../../harness/flink/operator-id.ts';

const sp7 = { kind: 'savepoint' as const, id: 7, path: 's3://flink/savepoints/savepoint-ab12cd-0123456789ab' };
const expectation: Expectation = {
  strategy: 'LATEST_STATE', expected: sp7, acceptable: [sp7], candidates: [], reasoning: [], configNotes: [],
  newestAtFault: { ...sp7, completedAt: 1_000, seenBy: ['rest'] },
};

function entry(uid: string, state: Partial<MetadataOperatorState> = {}): MetadataOperatorState {
  return {
    operatorId: operatorIdOfUid(uid), uid, parallelism: 2, maxParallelism: 64, fullyFinished: false, subtasks: 2, finishedSubtasks: 0,
    managedKeyed: 0, rawKeyed: 0, managedOperator: 0, rawOperator: 0, coordinator: false, channelState: 0, ...state,
  };
}
const source = entry('sequence-source', { managedOperator: 2, coordinator: true });
const counter = entry('records-seen-counter', { managedOperator: 2 });
const assignKey = entry('assign-key');
const window = entry('window-count', { managedKeyed: 2 });

function observed(before: MetadataOperatorState[], after: MetadataOperatorState[], dropped: string[] = []): Observation {
  return {
    restored: sp7,
    operatorEntries: {
      restoredPath: sp7.path, before, checkpointId: 9, checkpointPath: 's3://flink/checkpoints/j2/chk-9', after,
      dropped: dropped.map((ref) => ({ ref, operatorId: operatorIdOfUid(ref) })),
    },
  };
}

describe('stateful-operators-kept', () => {
  it('passes when every operator with state before holds state after, a stateless one aside', () => {
    const result = statefulOperatorsKept(observed([source, counter, assignKey, window], [source, counter, assignKey, window]), expectation);
    expect(result).toMatchObject({ status: 'pass', observed: '3 kept' });
    expect(result.detail).toContain('all 3 operators with state');
  });

  it('is STATE_LOSS when a chained operator comes back under another id, naming it and both files', () => {
    const renamed = entry('records-seen-counter-renamed', { managedOperator: 2 });
    const result = statefulOperatorsKept(observed([source, counter, window], [source, renamed, window]), expectation);
    expect(result).toMatchObject({ status: 'fail', failsAs: 'STATE_LOSS', observed: `none for records-seen-counter (${counter.operatorId})` });
    expect(result.detail).toContain('held operator state in 2 subtasks in the restored snapshot and has no entry in checkpoint 9 (s3://flink/checkpoints/j2/chk-9/_metadata)');
    expect(result.detail).toContain(`${sp7.path}/_metadata had its state`);
    expect(judge({ expectation, checks: [result] }).verdict).toBe('STATE_LOSS');
  });

  it('is STATE_LOSS when the operator is still there but holds nothing', () => {
    const result = statefulOperatorsKept(observed([source, window], [source, { ...window, managedKeyed: 0 }]), expectation);
    expect(result).toMatchObject({ status: 'fail', failsAs: 'STATE_LOSS' });
    expect(result.detail).toContain('window-count');
    expect(result.detail).toContain('holds none in checkpoint 9');
    expect(statefulOperatorsKept(observed([source], [{ ...source, managedOperator: 0, coordinator: false }]), expectation).status).toBe('fail');
  });

  it('counts keyed, operator and coordinator state alike, and in-flight channel data not at all', () => {
    const coordinatorOnly = entry('enumerator', { coordinator: true });
    expect(statefulOperatorsKept(observed([coordinatorOnly], []), expectation).status).toBe('fail');
    expect(statefulOperatorsKept(observed([entry('raw', { rawKeyed: 1 })], []), expectation).status).toBe('fail');
    expect(statefulOperatorsKept(observed([entry('raw-op', { rawOperator: 1 })], []), expectation).status).toBe('fail');
    const inFlightOnly = entry('exchange', { channelState: 2 });
    expect(statefulOperatorsKept(observed([inFlightOnly, window], [window]), expectation).status).toBe('pass');
  });

  it('passes an operator dropped as declared, by UID or by operator id, and still fails an undeclared one', () => {
    const byUid = statefulOperatorsKept(observed([source, counter, window], [source, window], ['records-seen-counter']), expectation);
    expect(byUid).toMatchObject({ status: 'pass', observed: '2 kept, 1 dropped as declared' });
    expect(byUid.detail).toContain(`dropped as declared: records-seen-counter (${counter.operatorId})`);
    const obs = observed([source, counter, window], [source], []);
    obs.operatorEntries!.dropped = [{ ref: counter.operatorId, operatorId: counter.operatorId }];
    const partly = statefulOperatorsKept(obs, expectation);
    expect(partly).toMatchObject({ status: 'fail', failsAs: 'STATE_LOSS', observed: `none for window-count (${window.operatorId})` });
  });

  it('does not take a finished operator for a lost one', () => {
    const finishedSource = { ...source, managedOperator: 0, coordinator: false, fullyFinished: true, subtasks: 0 };
    expect(statefulOperatorsKept(observed([source, window], [finishedSource, window]), expectation).status).toBe('pass');
    const allSubtasksFinished = { ...source, managedOperator: 0, coordinator: false, finishedSubtasks: 2 };
    expect(statefulOperatorsKept(observed([source, window], [allSubtasksFinished, window]), expectation).status).toBe('pass');
  });

  it('names an operator by its id when the file records no UID (format 4 and older)', () => {
    const { uid: _uid, ...anonymous } = counter;
    const result = statefulOperatorsKept(observed([anonymous], []), expectation);
    expect(result.observed).toBe(`none for operator ${counter.operatorId}`);
  });

  it('passes when nothing was restored or the snapshot held no state, and is unknown when the files were not read', () => {
    expect(statefulOperatorsKept({ restored: null }, expectation)).toMatchObject({ status: 'pass', detail: 'n/a: nothing was restored' });
    expect(statefulOperatorsKept(observed([assignKey], []), expectation)).toMatchObject({ status: 'pass', observed: '1 operators, none with state' });
    expect(statefulOperatorsKept({ restored: sp7 }, expectation).status).toBe('unknown');
    const unreadable = statefulOperatorsKept({ restored: sp7, unreadable: { 'operator-entries': 'NoSuchKey: chk-9/_metadata' } }, expectation);
    expect(unreadable).toMatchObject({ status: 'unknown' });
    expect(unreadable.detail).toContain('NoSuchKey');
  });

  it('runs for a user job always, and for the probe once its files were read or tried', () => {
    const userJob = { ...observed([source], [source]), userJob: true };
    expect(checksFor(userJob)).toContain(statefulOperatorsKept);
    expect(checksFor({ ...userJob, operatorEntries: undefined })).toContain(statefulOperatorsKept);
    expect(checksFor(observed([source], [source]))).toContain(statefulOperatorsKept);
    expect(checksFor({ restored: sp7, unreadable: { 'operator-entries': 'timeout' } })).toContain(statefulOperatorsKept);
    expect(checksFor({ restored: sp7 })).not.toContain(statefulOperatorsKept);
    const results = runChecks([statefulOperatorsKept], observed([source, counter], [source]), expectation);
    expect(results[0]).toMatchObject({ name: 'stateful-operators-kept', status: 'fail' });
  });
});
