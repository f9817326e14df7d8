// Which snapshot a restore point is, which job wrote it, and which of two snapshots is newer: the
// oracle's expectation and every check's comparison stand on these.
import { describe, expect, it } from 'vitest';
import { foreignJobOf, generationOf, jobMarkOf } from '../../../harness/oracle/lineage.ts';
import { orderNewestFirst } from '../../../harness/oracle/recency.ts';
import { sameRestorePoint, trimSlash } from '../../../harness/oracle/snapshot.ts';
import type { RestorePoint, Snapshot } from '../../../harness/oracle/snapshot.ts';

const JOB = 'aaaaaa00000000000000000000000001';
const LATER = 'cccccc00000000000000000000000003';
const chk = (id: number, at: number, jobId = JOB): Snapshot =>
  ({ kind: 'checkpoint', id, path: `s3://flink/checkpoints/${jobId}/chk-${id}`, completedAt: at, jobId, seenBy: ['storage'] });
/** A savepoint as storage lists it: only its directory's name hints at its job. */
const sp = (id: number, at: number, prefix: string): Snapshot =>
  ({ kind: 'savepoint', id, path: `s3://flink/savepoints/savepoint-${prefix}-${String(id).padStart(12, '0')}`, completedAt: at, seenBy: ['storage'] });
/** A savepoint in a directory a person named: nothing in it names a job. */
const manual = (id: number, at: number, name: string): Snapshot =>
  ({ kind: 'savepoint', id, path: `s3://flink/manual/${name}`, completedAt: at, seenBy: ['storage'] });
const ids = (snapshots: Snapshot[]): number[] => snapshots.map((s) => s.id);
/** Newest first, whatever order the witnesses reported them in. */
const bothWays = (snapshots: Snapshot[], lineage?: { jobIds: string[] }): number[][] =>
  [ids(orderNewestFirst(snapshots, lineage)), ids(orderNewestFirst([...snapshots].reverse(), lineage))];

describe('sameRestorePoint', () => {
  const chk5: RestorePoint = { kind: 'checkpoint', id: 5, path: `s3://flink/checkpoints/${JOB}/chk-5` };

  it('nothing restored is not a snapshot, in either order', () => {
    expect(sameRestorePoint({ kind: 'none' }, chk5)).toBe(false);
    expect(sameRestorePoint(chk5, { kind: 'none' })).toBe(false);
    expect(sameRestorePoint({ kind: 'none' }, { kind: 'none' })).toBe(true);
  });

  it('kind, id and path must all agree; trailing slashes do not count', () => {
    expect(sameRestorePoint(chk5, { ...chk5, path: `${chk5.path}//` })).toBe(true);
    expect(sameRestorePoint(chk5, { ...chk5, kind: 'savepoint' })).toBe(false);
    // A directory whose _metadata says another id is not that snapshot.
    expect(sameRestorePoint(chk5, { ...chk5, id: 6 })).toBe(false);
    expect(sameRestorePoint(chk5, { ...chk5, path: `s3://flink/checkpoints/${LATER}/chk-5` })).toBe(false);
  });

  it('trimSlash drops every trailing slash', () => {
    expect(trimSlash('s3://flink/savepoints/savepoint-aaaaaa-1///')).toBe('s3://flink/savepoints/savepoint-aaaaaa-1');
  });
});

describe('job marks and generations', () => {
  it("a checkpoint's job is the directory right above its chk-N, whatever the directories above are named", () => {
    expect(jobMarkOf({ kind: 'checkpoint', path: `s3://flink/runs/chk-2/${JOB}/chk-7` })).toEqual({ jobId: JOB });
  });

  it("a savepoint's job prefix comes from its own directory's name, also for a bare directory name", () => {
    expect(jobMarkOf({ kind: 'savepoint', path: 'savepoint-abcdef-0123456789ab' })).toEqual({ jobIdPrefix: 'abcdef' });
    expect(jobMarkOf({ kind: 'savepoint', path: 's3://flink/savepoints/savepoint-abcdef-0123456789ab/nested' })).toBeUndefined();
  });

  it('generations count from 1, oldest first', () => {
    const lineage = { jobIds: [JOB, LATER] };
    expect(generationOf({ jobId: JOB }, lineage)).toBe(1);
    expect(generationOf({ jobId: LATER }, lineage)).toBe(2);
    expect(generationOf({ jobIdPrefix: 'cccccc' }, lineage)).toBe(2);
    expect(generationOf({ jobIdPrefix: 'dddddd' }, lineage)).toBeUndefined();
  });

  it('an adopted initial savepoint does not make every other foreign snapshot our own', () => {
    const lineage = { jobIds: [JOB] };
    const initial: RestorePoint = { kind: 'savepoint', id: 2, path: 's3://flink/savepoints/savepoint-dddddd-0123456789ab' };
    const foreign: RestorePoint = { kind: 'savepoint', id: 9, path: 's3://flink/savepoints/savepoint-eeeeee-0123456789ab' };
    expect(foreignJobOf(foreign, lineage, [initial])).toBe('a job whose id starts with eeeeee');
    expect(foreignJobOf(foreign, lineage, [{ kind: 'none' }])).toBe('a job whose id starts with eeeeee');
    expect(foreignJobOf(initial, lineage, [{ ...initial, path: `${initial.path}/` }])).toBeUndefined();
  });
});

describe('orderNewestFirst', () => {
  it("within one job the id decides, though storage's whole seconds put the newer one earlier", () => {
    // chk-5's file listed at 12 s, savepoint 6's at 11 s (rounded down): 6 is newer.
    expect(bothWays([chk(5, 12_000), { ...sp(6, 11_000, 'aaaaaa'), jobId: JOB }])).toEqual([[6, 5], [6, 5]]);
  });

  it("a later generation's snapshots are newer whatever their ids and times, in either order of arrival", () => {
    const lineage = { jobIds: [JOB, LATER] };
    const observed = [chk(50, 60_000), chk(51, 61_000), chk(3, 59_000, LATER), chk(4, 59_500, LATER)];
    expect(bothWays(observed, lineage)).toEqual([[4, 3, 51, 50], [4, 3, 51, 50]]);
  });

  it('snapshots that name no job are each their own: time orders them, not ids', () => {
    expect(bothWays([manual(9, 10_000, 'before-upgrade'), manual(3, 20_000, 'after-upgrade')])).toEqual([[3, 9], [3, 9]]);
  });

  it('savepoints of two unknown jobs are ordered by time, not ids', () => {
    expect(bothWays([sp(9, 10_000, 'abab01'), sp(3, 20_000, 'cdcd02')])).toEqual([[3, 9], [3, 9]]);
  });

  it("a savepoint joins the job its prefix matches, never another job's id counter", () => {
    // Job A's checkpoint 20 at 10 s; a savepoint of another job (id 5) at 15 s is the newer one.
    expect(bothWays([chk(20, 10_000), sp(5, 15_000, 'bbbbbb')])).toEqual([[5, 20], [5, 20]]);
    // The prefix matching job A: its id counter orders them.
    expect(bothWays([chk(20, 10_000), sp(5, 15_000, 'aaaaaa')])).toEqual([[20, 5], [20, 5]]);
  });

  it('a full tie (same id, same time, other jobs) is broken the same way whatever the order of arrival', () => {
    const [a, b, c] = [chk(5, 10_000, JOB), chk(5, 10_000, LATER), chk(5, 10_000, 'bbbbbb00000000000000000000000002')];
    const arrivals = [[a, b, c], [a, c, b], [b, a, c], [b, c, a], [c, a, b], [c, b, a]];
    const orders = new Set(arrivals.map((arrival) => orderNewestFirst(arrival).map((s) => s.path).join(' ')));
    expect(orders.size).toBe(1);
  });
});
