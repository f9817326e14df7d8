// The stateful-operators-kept witness's whole result, word for word and with its evidence, on each
// of its paths, and the two phrases it builds every sentence from (which state an operator held,
// how a person finds the operator). Written for the mutants `./run mutation checks` left alive:
// operator-entries.test.ts decides pass or fail but read only parts of the wording.
import { describe, expect, it } from 'vitest';
import { describeOperator, stateKinds, statefulOperatorsKept } from '../../../harness/checks/operator-entries.ts';
import type { Observation } from '../../../harness/checks/index.ts';
import type { Expectation } from '../../../harness/oracle/expect.ts';
import type { MetadataOperatorState } from '../../../harness/storage/metadata-operators.ts';

const sp7 = { kind: 'savepoint' as const, id: 7, path: 's3://flink/savepoints/sp-7' };
const expectation: Expectation = { strategy: 'LATEST_STATE', expected: sp7, acceptable: [sp7], candidates: [], reasoning: [], configNotes: [] };
const AFTER = 'checkpoint 9 (s3://flink/checkpoints/j2/chk-9/_metadata)';
const BEFORE = 's3://flink/savepoints/sp-7/_metadata';

function entry(operatorId: string, state: Partial<MetadataOperatorState> = {}): MetadataOperatorState {
  return {
    operatorId, uid: `uid-${operatorId}`, parallelism: 2, maxParallelism: 64, fullyFinished: false, subtasks: 2, finishedSubtasks: 0,
    managedKeyed: 0, rawKeyed: 0, managedOperator: 0, rawOperator: 0, coordinator: false, channelState: 0, ...state,
  };
}
const source = entry('a1', { managedOperator: 2, coordinator: true });
const window = entry('b2', { managedKeyed: 3 });
const counter = entry('c3', { rawOperator: 1 });

function observed(before: MetadataOperatorState[], after: MetadataOperatorState[], dropped: string[] = []): Observation {
  return {
    restored: sp7,
    operatorEntries: {
      restoredPath: sp7.path, before, checkpointId: 9, checkpointPath: 's3://flink/checkpoints/j2/chk-9', after,
      dropped: dropped.map((operatorId) => ({ ref: `uid-${operatorId}`, operatorId })),
    },
  };
}
const evidence = (lost: Array<{ before: MetadataOperatorState; after?: MetadataOperatorState; declaredDropped: boolean }>, dropped: string[] = []) => ({
  restored: sp7.path, checkpoint: 's3://flink/checkpoints/j2/chk-9', lost, declaredDropped: dropped.map((operatorId) => ({ ref: `uid-${operatorId}`, operatorId })),
});
const CAUSE = '(a changed UID or a removed operator, with allowNonRestoredState letting Flink drop the state); declare it under droppedOperators if that is meant';

describe('stateKinds', () => {
  it('names each kind of state with the larger of its managed and raw subtask counts, or no state', () => {
    expect(stateKinds(entry('x', { managedKeyed: 1, rawKeyed: 4 }))).toBe('keyed state in 4 subtasks');
    expect(stateKinds(entry('x', { managedOperator: 3, rawOperator: 2 }))).toBe('operator state in 3 subtasks');
    expect(stateKinds(entry('x', { coordinator: true }))).toBe('coordinator state');
    expect(stateKinds(entry('x', { managedKeyed: 2, managedOperator: 1, coordinator: true }))).toBe('keyed state in 2 subtasks, operator state in 1 subtasks, coordinator state');
    expect(stateKinds(entry('x', { channelState: 2 }))).toBe('no state');
  });
});

describe('describeOperator', () => {
  it('uses the UID, else the name, with the operator id; the id alone when the file records neither', () => {
    expect(describeOperator(entry('a1'))).toBe('uid-a1 (a1)');
    expect(describeOperator({ ...entry('a1'), uid: undefined, name: 'Source: numbers' })).toBe('Source: numbers (a1)');
    expect(describeOperator({ ...entry('a1'), uid: undefined })).toBe('operator a1');
  });
});

describe('stateful-operators-kept, whole results', () => {
  it('one operator lost: singular wording, what it held, and evidence listing only it', () => {
    expect(statefulOperatorsKept(observed([source, window], [source]), expectation)).toEqual({
      name: 'stateful-operators-kept', status: 'fail', failsAs: 'STATE_LOSS',
      expected: 'state for uid-a1 (a1), uid-b2 (b2) after the restore',
      observed: 'none for uid-b2 (b2)',
      detail: `uid-b2 (b2) held keyed state in 3 subtasks in the restored snapshot and has no entry in ${AFTER}: the restored job started that operator empty although ${BEFORE} had its state ${CAUSE}`,
      evidence: evidence([{ before: window, declaredDropped: false }]),
    });
  });

  it('two operators lost, one without an entry and one emptied: plural wording, each with what it has now', () => {
    const emptied = { ...counter, rawOperator: 0 };
    expect(statefulOperatorsKept(observed([source, window, counter], [source, emptied]), expectation)).toEqual({
      name: 'stateful-operators-kept', status: 'fail', failsAs: 'STATE_LOSS',
      expected: 'state for uid-a1 (a1), uid-b2 (b2), uid-c3 (c3) after the restore',
      observed: 'none for uid-b2 (b2), uid-c3 (c3)',
      detail: `uid-b2 (b2) held keyed state in 3 subtasks in the restored snapshot and has no entry in ${AFTER}; `
        + `uid-c3 (c3) held operator state in 1 subtasks in the restored snapshot and holds none in ${AFTER}: the restored job started those operators empty although ${BEFORE} had their state ${CAUSE}`,
      evidence: evidence([{ before: window, declaredDropped: false }, { before: counter, after: emptied, declaredDropped: false }]),
    });
  });

  it('an entry without subtasks that is not marked finished and holds nothing lost its state', () => {
    const subtaskless = { ...source, managedOperator: 0, coordinator: false, subtasks: 0 };
    expect(statefulOperatorsKept(observed([source], [subtaskless]), expectation)).toMatchObject({
      status: 'fail', failsAs: 'STATE_LOSS', observed: 'none for uid-a1 (a1)',
      evidence: evidence([{ before: source, after: subtaskless, declaredDropped: false }]),
    });
  });

  it('all kept: a pass that counts them and carries no evidence', () => {
    expect(statefulOperatorsKept(observed([source, window], [source, window]), expectation)).toEqual({
      name: 'stateful-operators-kept', status: 'pass', expected: '2 operators with state', observed: '2 kept',
      detail: `all 2 operators with state in ${BEFORE} hold state in ${AFTER}`,
    });
  });

  it('one dropped as declared: a pass that names it and keeps the evidence of the drop', () => {
    expect(statefulOperatorsKept(observed([source, window], [source], ['b2']), expectation)).toEqual({
      name: 'stateful-operators-kept', status: 'pass', expected: '2 operators with state', observed: '1 kept, 1 dropped as declared',
      detail: `the 1 other operators with state in ${BEFORE} hold state in ${AFTER}; dropped as declared: uid-b2 (b2)`,
      evidence: evidence([{ before: window, declaredDropped: true }], ['b2']),
    });
  });

  it('two dropped as declared: each is named, apart', () => {
    const result = statefulOperatorsKept(observed([source, window, counter], [source], ['b2', 'c3']), expectation);
    expect(result).toMatchObject({ status: 'pass', observed: '1 kept, 2 dropped as declared' });
    expect(result.detail).toBe(`the 1 other operators with state in ${BEFORE} hold state in ${AFTER}; dropped as declared: uid-b2 (b2), uid-c3 (c3)`);
  });

  it('the n/a, not read and nothing-to-lose results word for word', () => {
    expect(statefulOperatorsKept({ restored: { kind: 'none' } }, expectation)).toEqual({ name: 'stateful-operators-kept', status: 'pass', detail: 'n/a: nothing was restored' });
    expect(statefulOperatorsKept({ restored: sp7 }, expectation)).toEqual({ name: 'stateful-operators-kept', status: 'unknown', detail: 'the operator entries of the _metadata files were not read' });
    expect(statefulOperatorsKept(observed([entry('z')], []), expectation)).toEqual({
      name: 'stateful-operators-kept', status: 'pass', expected: 'no operator state', observed: '1 operators, none with state', detail: `${BEFORE} holds no operator state: nothing to lose`,
    });
  });
});
