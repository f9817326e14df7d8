// The oracle at its edges: a snapshot completing exactly on a boundary, witnesses that disagree on
// what they know, and the reasoning an expectation gives (it is what a failing verdict shows).
import { describe, expect, it } from 'vitest';
import { expectRestore, mergeWitnesses } from '../../../harness/oracle/expect.ts';
import type { OracleInput } from '../../../harness/oracle/expect.ts';
import type { RestorePoint, Snapshot, Witness } from '../../../harness/oracle/snapshot.ts';
import { restoredIsExpected } from '../../../harness/checks/restore-checks.ts';

const FAULT = 100_000;
const TOLERANCE = 1_000;
const JOB = 'aaaaaa00000000000000000000000001';
const path = (id: number): string => `s3://flink/checkpoints/${JOB}/chk-${id}`;
const chk = (id: number, at: number | undefined, seenBy: Witness[] = ['rest'], extra: Partial<Snapshot> = {}): Snapshot =>
  ({ kind: 'checkpoint', id, path: path(id), jobId: JOB, seenBy, ...(at === undefined ? {} : { completedAt: at }), ...extra });
const sp = (id: number, at: number, seenBy: Witness[] = ['storage'], prefix = 'aaaaaa'): Snapshot =>
  ({ kind: 'savepoint', id, path: `s3://flink/savepoints/savepoint-${prefix}-${String(id).padStart(12, '0')}`, completedAt: at, seenBy });
const ids = (points: RestorePoint[]): number[] => points.map((p) => (p.kind === 'none' ? 0 : p.id));
const point = (s: Snapshot): RestorePoint => ({ kind: s.kind, id: s.id, path: s.path });
const base = (observed: Snapshot[], extra: Partial<OracleInput> = {}): OracleInput => ({ strategy: 'FAILOVER', faultAt: FAULT, observed, ...extra });
const reasoningOf = (input: OracleInput): string => expectRestore(input).reasoning.join('\n');

describe('mergeWitnesses', () => {
  it('one snapshot seen by storage and REST keeps what each knew: the job, the time, the problem', () => {
    const [merged, ...rest] = mergeWitnesses([
      { kind: 'checkpoint', id: 3, path: `${path(3)}//`, seenBy: ['storage'], problem: 'empty _metadata' },
      chk(3, 1_500, ['rest', 'rest']),
    ]);
    expect(rest).toEqual([]);
    expect(merged).toEqual({ kind: 'checkpoint', id: 3, path: path(3), jobId: JOB, completedAt: 1_500, seenBy: ['storage', 'rest'], problem: 'empty _metadata' });
  });

  it('a snapshot no witness timed stays untimed, so it counts as completed before the fault', () => {
    const [merged] = mergeWitnesses([chk(3, undefined, ['ha']), chk(3, undefined, ['rest'])]);
    expect(merged?.completedAt).toBeUndefined();
    const exp = expectRestore(base([chk(2, FAULT - 5_000), chk(3, undefined, ['ha']), chk(3, undefined, ['rest'])]));
    expect(exp.expected).toEqual(point(chk(3, undefined)));
    expect(exp.acceptable).toEqual([exp.expected]);
  });
});

describe('boundaries, each exactly on its edge', () => {
  it('a checkpoint Flink confirmed exactly at the cutoff is required', () => {
    const exp = expectRestore(base([chk(4, FAULT - 3_000), chk(5, FAULT)]));
    expect(ids(exp.acceptable)).toEqual([5]);
  });

  it('a storage-only checkpoint exactly one tolerance before the cutoff is required, one ms later only acceptable', () => {
    expect(ids(expectRestore(base([chk(4, FAULT - 3_000), chk(5, FAULT - TOLERANCE, ['storage'])])).acceptable)).toEqual([5]);
    expect(ids(expectRestore(base([chk(4, FAULT - 3_000), chk(5, FAULT - TOLERANCE + 1, ['storage'])])).acceptable)).toEqual([4, 5]);
  });

  it('a checkpoint completing exactly one tolerance after the cutoff is acceptable, one ms later it is not', () => {
    expect(ids(expectRestore(base([chk(4, FAULT - 3_000), chk(5, FAULT + TOLERANCE, ['storage'])])).acceptable)).toEqual([4, 5]);
    expect(ids(expectRestore(base([chk(4, FAULT - 3_000), chk(5, FAULT + TOLERANCE + 1, ['storage'])])).acceptable)).toEqual([4]);
  });

  it('the reasoning says how far after the restore began a storage-only checkpoint completed', () => {
    expect(reasoningOf(base([chk(4, FAULT - 3_000), chk(5, FAULT + 250, ['storage'])])))
      .toContain(`checkpoint 5 (${path(5)}, seen by storage) completed 250 ms from the moment the restore began and only storage shows it, so Flink may not have committed it: also acceptable`);
  });

  it('acks in flight at a TaskManager kill explain only checkpoints completed after the kill took effect, up to the tolerance', () => {
    const kill = { faultKind: 'taskmanager-loss' as const, faultEffectiveAt: FAULT + 200, restoreBeganAt: FAULT + 50 };
    // Completed between the restore's beginning and the kill's effect: raced the cutoff, not in flight.
    const raced = reasoningOf(base([chk(4, FAULT - 3_000), chk(5, FAULT + 100)], kill));
    expect(raced).toContain('completed 50 ms after the restore began, within the clock tolerance (1000 ms): also acceptable');
    expect(raced).not.toContain('after the kill took effect');
    const atEffect = reasoningOf(base([chk(4, FAULT - 3_000), chk(5, FAULT + 200)], kill));
    expect(atEffect).toContain('completed 150 ms after the restore began, within the clock tolerance');
    const lastInFlight = reasoningOf(base([chk(4, FAULT - 3_000), chk(5, FAULT + 200 + TOLERANCE)], { ...kill, restoreBeganAt: FAULT + 200 }));
    expect(lastInFlight).toContain(`completed ${TOLERANCE} ms after the kill took effect, from acknowledgements sent before it`);
  });

  it('a savepoint only storage shows during a cancel is acceptable, not required: only a stop writes its own savepoint', () => {
    const observed = [chk(4, FAULT - 3_000, ['rest', 'storage']), sp(5, FAULT + 500)];
    const cancel = expectRestore(base(observed, { strategy: 'LATEST_STATE', faultKind: 'cancel', faultEffectiveAt: FAULT + 900 }));
    expect(ids(cancel.acceptable)).toEqual([4, 5]);
    const stop = expectRestore(base(observed, { strategy: 'LATEST_STATE', faultKind: 'stop-with-savepoint', faultEffectiveAt: FAULT + 900 }));
    expect(ids(stop.acceptable)).toEqual([5]);
  });

  it("the stop's own savepoint: a savepoint of this job, completed after the stop began (within the tolerance) and by its end", () => {
    const stop = { strategy: 'LATEST_STATE' as const, faultKind: 'stop-with-savepoint' as const, faultEffectiveAt: FAULT + 900, jobId: JOB };
    const own = (at: number, extra: Partial<Snapshot> = {}): Snapshot => ({ ...sp(5, at), jobId: JOB, ...extra });
    const acceptableWith = (s: Snapshot, extra: Partial<OracleInput> = {}) => ids(expectRestore(base([chk(4, FAULT - 3_000, ['rest', 'storage']), s], { ...stop, ...extra })).acceptable);
    expect(acceptableWith(own(FAULT + 900))).toEqual([5]);
    expect(acceptableWith(own(FAULT - TOLERANCE + 1))).toEqual([5]);
    // Completed a whole tolerance before the stop began: required, as a settled file, but not the stop's.
    const stopsOwn = /written by the stop itself/;
    expect(reasoningOf(base([own(FAULT - TOLERANCE)], stop))).not.toMatch(stopsOwn);
    expect(reasoningOf(base([own(FAULT - TOLERANCE + 1)], stop))).toMatch(stopsOwn);
    // Another job's savepoint, or a checkpoint, completed during the stop is not what the stop wrote.
    expect(acceptableWith(own(FAULT + 500, { jobId: 'bbbbbb00000000000000000000000002' }))).toEqual([4, 5]);
    expect(acceptableWith(chk(5, FAULT + 500, ['storage']))).toEqual([4, 5]);
    // Without a job to compare, any savepoint completed during the stop is the stop's.
    expect(acceptableWith(own(FAULT + 500, { jobId: 'bbbbbb00000000000000000000000002' }), { jobId: undefined })).toEqual([5]);
  });

  it('a boundary snapshot older than the certain one is never acceptable', () => {
    // chk-6 confirmed before the fault; chk-5's file, listed by storage only, is timed after it.
    const exp = expectRestore(base([chk(6, FAULT - 100, ['rest']), chk(5, FAULT + 300, ['storage'])]));
    expect(ids(exp.acceptable)).toEqual([6]);
    expect(exp.candidates.map((s) => s.id)).toEqual([6, 5]);
  });

  it('a snapshot completed well after the restore began is not even a candidate', () => {
    expect(expectRestore(base([chk(4, FAULT - 3_000), chk(5, FAULT + 5_000, ['rest', 'storage'])])).candidates.map((s) => s.id)).toEqual([4]);
  });
});

describe('what a strategy may expect', () => {
  it('a failover keeps a checkpoint that names no job, when the failing job is known', () => {
    const { jobId: _none, ...anonymous } = chk(5, FAULT - 1_000, ['storage']);
    expect(expectRestore(base([chk(4, FAULT - 3_000), anonymous], { jobId: JOB })).expected).toEqual(point(anonymous));
  });

  it('NONE expects empty state even with an initial savepoint configured', () => {
    const initial: RestorePoint = { kind: 'savepoint', id: 1, path: 's3://flink/savepoints/savepoint-aaaaaa-000000000001' };
    const exp = expectRestore(base([chk(4, FAULT - 3_000)], { strategy: 'NONE', config: { initialSavepoint: initial } }));
    expect(exp.expected).toEqual({ kind: 'none' });
    expect(exp.reasoning).toEqual(['strategy NONE: the job must start with empty state']);
  });

  it('only a failover or last-state returns to what the generation started from', () => {
    const start: RestorePoint = { kind: 'savepoint', id: 2, path: 's3://flink/savepoints/savepoint-aaaaaa-000000000002' };
    const latest = expectRestore(base([], { strategy: 'LATEST_STATE', generationStart: start }));
    expect(latest.expected).toEqual({ kind: 'none' });
    expect(latest.candidates).toEqual([]);
    expect(latest.reasoning).toEqual(['nothing eligible existed at the fault: the job must start with empty state']);
    const failover = expectRestore(base([], { generationStart: start }));
    expect(failover.reasoning).toEqual(['no checkpoint of the job completed before the fault: a failover returns to what this generation started from, savepoint 2 (s3://flink/savepoints/savepoint-aaaaaa-000000000002)']);
    // Once a checkpoint exists it is the only candidate.
    expect(expectRestore(base([chk(4, FAULT - 3_000)], { generationStart: start })).candidates.map((s) => s.id)).toEqual([4]);
  });

  it('a start from nothing is not a snapshot to return to', () => {
    const exp = expectRestore(base([], { generationStart: { kind: 'none' }, config: { initialSavepoint: { kind: 'none' } } }));
    expect(exp.expected).toEqual({ kind: 'none' });
    expect(exp.candidates).toEqual([]);
    expect(exp.adopted).toBeUndefined();
    expect(exp.reasoning).toEqual(['nothing eligible existed at the fault: the job must start with empty state']);
  });

  it('nothing retained: the initial savepoint, in those words', () => {
    const initial: RestorePoint = { kind: 'savepoint', id: 1, path: 's3://flink/savepoints/savepoint-dddddd-000000000001' };
    expect(expectRestore(base([], { strategy: 'LATEST_STATE', config: { initialSavepoint: initial } })).reasoning)
      .toEqual(['nothing retained at the fault: the job must start from its initial savepoint']);
  });
});

describe('the reasoning an expectation gives', () => {
  it('names the newest checkpoint and its witnesses, and nothing that did not happen', () => {
    const exp = expectRestore(base([chk(4, FAULT - 3_000, ['rest', 'storage'])], { faultKind: 'taskmanager-loss' }));
    expect(exp.reasoning).toEqual([`newest checkpoint at the fault: checkpoint 4 (${path(4)}, seen by rest+storage)`, 'fault: taskmanager-loss']);
    expect(expectRestore(base([chk(4, FAULT)])).reasoning).toEqual([`newest checkpoint at the fault: checkpoint 4 (${path(4)}, seen by rest)`]);
    expect(expectRestore(base([chk(4, undefined, ['ha'])])).reasoning).toEqual([`newest checkpoint at the fault: checkpoint 4 (${path(4)}, seen by ha)`]);
    expect(expectRestore(base([chk(4, FAULT - 3_000, [])])).reasoning[0]).toBe(`newest checkpoint at the fault: checkpoint 4 (${path(4)}, seen by no witness)`);
  });

  it('a restore that may take any snapshot says eligible snapshot', () => {
    expect(expectRestore(base([chk(4, FAULT - 3_000)], { strategy: 'LATEST_STATE', config: { externalizedRetention: 'RETAIN_ON_CANCELLATION' } })).reasoning)
      .toEqual([`newest eligible snapshot at the fault: checkpoint 4 (${path(4)}, seen by rest)`]);
  });

  it('a last-state upgrade before the first checkpoint says so', () => {
    const start: RestorePoint = { kind: 'savepoint', id: 2, path: 's3://flink/savepoints/savepoint-aaaaaa-000000000002' };
    expect(expectRestore(base([], { strategy: 'LAST_STATE', generationStart: start })).reasoning[0]).toMatch(/^no checkpoint of the job completed before the fault: a last-state upgrade returns to/);
  });

  it('names a newer savepoint last-state skips, and only a newer one Flink had confirmed', () => {
    const lastState = { strategy: 'LAST_STATE' as const, faultKind: 'upgrade' as const };
    const skipped = /is newer, but last-state restores from the job's HA metadata/;
    expect(reasoningOf(base([chk(4, FAULT - 3_000), sp(5, FAULT - 2_000, ['trigger'])], lastState))).toMatch(skipped);
    expect(reasoningOf(base([sp(3, FAULT - 4_000, ['trigger']), chk(4, FAULT - 3_000)], lastState))).not.toMatch(skipped);
    expect(reasoningOf(base([chk(4, FAULT - 3_000), sp(5, FAULT + 5_000, ['trigger'])], lastState))).not.toMatch(skipped);
    expect(reasoningOf(base([chk(4, FAULT - 3_000), sp(5, FAULT - 2_000, ['trigger'])], { faultKind: 'upgrade' }))).not.toMatch(skipped);
    // A newer checkpoint that cannot be restored is not a savepoint last-state skipped.
    expect(reasoningOf(base([chk(4, FAULT - 3_000), chk(5, FAULT - 2_000, ['storage'], { problem: 'empty _metadata' })], lastState))).not.toMatch(/is newer/);
    expect(reasoningOf(base([sp(5, FAULT - 2_000, ['trigger'])], lastState))).toMatch(skipped);
  });

  it('no foreign or unusable lines when every snapshot is usable and our own', () => {
    const text = reasoningOf(base([chk(4, FAULT - 3_000), chk(5, FAULT - 1_000)], { lineage: { jobIds: [JOB] } }));
    expect(text).not.toMatch(/foreign|unusable|^fault:/m);
  });

  it('unusable _metadata is named when it completed up to one tolerance after the cutoff, not later', () => {
    const broken = (at: number) => chk(5, at, ['storage'], { problem: 'empty _metadata' });
    const named = /chk-5\/_metadata is unusable \(empty _metadata\)/;
    expect(reasoningOf(base([chk(4, FAULT - 3_000), broken(FAULT + 500)]))).toMatch(named);
    expect(reasoningOf(base([chk(4, FAULT - 3_000), broken(FAULT + TOLERANCE)]))).toMatch(named);
    expect(reasoningOf(base([chk(4, FAULT - 3_000), broken(FAULT + TOLERANCE + 1)]))).not.toMatch(named);
  });

  it('as a likely cause, unusable _metadata counts only when newer than the expectation and settled before the cutoff', () => {
    const broken = (id: number, at: number) => chk(id, at, ['storage'], { problem: 'empty _metadata' });
    const notes = (observed: Snapshot[]) => expectRestore(base(observed)).configNotes.join('\n');
    expect(notes([chk(4, FAULT - 3_000), broken(5, FAULT - 2_000)])).toMatch(/chk-5\/_metadata is unusable/);
    expect(notes([broken(3, FAULT - 4_000), chk(4, FAULT - 3_000)])).toBe('');
    expect(notes([chk(4, FAULT - 3_000), broken(5, FAULT + 500)])).toBe('');
    expect(notes([broken(5, FAULT - 2_000)])).toMatch(/chk-5\/_metadata is unusable/);
  });

  it('a newest snapshot from before the fault needs no word on timing; one completed after its start does', () => {
    expect(reasoningOf(base([chk(4, FAULT - 300)]))).not.toMatch(/after the fault began/);
    expect(reasoningOf(base([chk(4, FAULT + 300)], { faultEffectiveAt: FAULT + 800 })))
      .toContain(', completed 300 ms after the fault began and 500 ms before the restore began, so the restore could take it');
  });
});

describe('what an expectation hands the checks', () => {
  const lineage = { jobIds: [JOB] };
  const initial: RestorePoint = { kind: 'savepoint', id: 2, path: 's3://flink/savepoints/savepoint-dddddd-000000000002' };

  it('the newest snapshot at the fault, the lineage and what the deployment adopted', () => {
    const newest = chk(4, FAULT - 3_000);
    const exp = expectRestore(base([newest], { lineage, config: { initialSavepoint: initial } }));
    expect(exp.newestAtFault).toEqual(newest);
    expect(exp.lineage).toEqual(lineage);
    expect(exp.adopted).toEqual([initial]);
    const bare = expectRestore(base([newest]));
    expect(bare.lineage).toBeUndefined();
    expect(bare.adopted).toBeUndefined();
  });

  it('a restore of the adopted initial savepoint is no foreign restore, though its name says another job wrote it', () => {
    const exp = expectRestore(base([{ ...sp(2, FAULT - 9_000, ['storage'], 'dddddd') , path: initial.path }], { strategy: 'LATEST_STATE', lineage, config: { initialSavepoint: initial, externalizedRetention: 'RETAIN_ON_CANCELLATION' } }));
    expect(exp.expected).toEqual(initial);
    expect(exp.reasoning.join('\n')).not.toMatch(/foreign/);
    expect(restoredIsExpected({ restored: initial }, exp).status).toBe('pass');
  });
});
