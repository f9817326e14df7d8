// Properties of the oracle over generated timelines: one job's checkpoints and savepoints sharing
// its id counter, each seen by some witnesses (storage rounding to the second), corrupt
// `_metadata`, another job's snapshots in the same bucket, a fault that races checkpoints, and a
// remote clock skewed against the host's (whose offset the caller measured).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectRestore } from '../../../harness/oracle/expect.ts';
import type { Expectation, FaultKind } from '../../../harness/oracle/expect.ts';
import { RESTORE_STRATEGIES, sameRestorePoint, trimSlash } from '../../../harness/oracle/snapshot.ts';
import type { RestorePoint, RestoreStrategy, Snapshot, SnapshotKind, Witness } from '../../../harness/oracle/snapshot.ts';

const JOB = 'a1b2c3d4000000000000000000000001';
const FOREIGN = 'f9e8d7c6000000000000000000000002';
const START = 1_000_000;
const TOLERANCE = 1_000;
const RUNS = { numRuns: 300 };

/** A snapshot as it really happened, on the host's clock. */
interface Planned {
  kind: SnapshotKind;
  id: number;
  path: string;
  job: string;
  at: number;
  witnesses: Witness[];
  problem?: string;
}

interface Timeline {
  own: Planned[];
  foreign: Planned[];
  faultAt: number;
  faultEffectiveAt?: number;
  faultKind: FaultKind;
  strategy: RestoreStrategy;
  /** Remote (Flink and storage) clock minus host clock. */
  skew: number;
}

const pathOf = (kind: SnapshotKind, job: string, id: number): string =>
  kind === 'checkpoint' ? `s3://flink/checkpoints/${job}/chk-${id}` : `s3://flink/savepoints/savepoint-${job.slice(0, 6)}-${id.toString(16).padStart(12, '0')}`;

const problemArb = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 6 },
  { arbitrary: fc.constantFrom('empty _metadata', 'header says checkpoint 999', 'truncated header'), weight: 1 },
);

const plannedStep = fc.record({
  savepoint: fc.boolean(),
  idGap: fc.integer({ min: 1, max: 3 }),
  timeGap: fc.integer({ min: 50, max: 4_000 }),
  confirmed: fc.boolean(),
  stored: fc.boolean(),
  problem: problemArb,
});

const timelineArb: fc.Arbitrary<Timeline> = fc
  .record({
    steps: fc.array(plannedStep, { maxLength: 10 }),
    foreignSteps: fc.array(fc.record({ savepoint: fc.boolean(), id: fc.integer({ min: 1, max: 40 }), offset: fc.integer({ min: 0, max: 45_000 }), confirmed: fc.boolean() }), { maxLength: 4 }),
    faultOffset: fc.integer({ min: 0, max: 45_000 }),
    effectiveAfter: fc.option(fc.integer({ min: 0, max: 1_500 }), { nil: undefined }),
    faultKind: fc.constantFrom<FaultKind>('taskmanager-loss', 'jobmanager-loss', 'cancel', 'stop-with-savepoint'),
    strategy: fc.constantFrom(...RESTORE_STRATEGIES),
    skew: fc.integer({ min: -3_000, max: 3_000 }),
  })
  .map(({ steps, foreignSteps, faultOffset, effectiveAfter, faultKind, strategy, skew }) => {
    let id = 0;
    let at = START;
    const own = steps.map((step): Planned => {
      id += step.idGap;
      at += step.timeGap;
      const kind: SnapshotKind = step.savepoint ? 'savepoint' : 'checkpoint';
      const confirmedBy: Witness = kind === 'savepoint' ? 'trigger' : 'rest';
      const witnesses: Witness[] = [...(step.confirmed || !step.stored ? [confirmedBy] : []), ...(step.stored ? ['storage' as const] : [])];
      return { kind, id, path: pathOf(kind, JOB, id), job: JOB, at, witnesses, ...(step.problem && step.stored ? { problem: step.problem } : {}) };
    });
    const foreign = foreignSteps.map((step): Planned => {
      const kind: SnapshotKind = step.savepoint ? 'savepoint' : 'checkpoint';
      return { kind, id: step.id, path: pathOf(kind, FOREIGN, step.id), job: FOREIGN, at: START + step.offset, witnesses: step.confirmed ? ['rest', 'storage'] : ['storage'] };
    });
    const faultAt = START + faultOffset;
    return { own, foreign, faultAt, ...(effectiveAfter !== undefined ? { faultEffectiveAt: faultAt + effectiveAfter } : {}), faultKind, strategy, skew };
  });

/** What each witness reports: REST and storage on the remote clock (storage rounded down to the second), the trigger on the host's. */
function observe(planned: Planned[], skew: number): Snapshot[] {
  return planned.flatMap((p) => p.witnesses.map((witness): Snapshot => {
    const remote = p.at + skew;
    const completedAt = witness === 'trigger' ? p.at : witness === 'rest' ? remote : Math.floor(remote / 1000) * 1000;
    const storedSavepoint = witness === 'storage' && p.kind === 'savepoint';
    return {
      kind: p.kind, id: p.id, path: p.path, completedAt, seenBy: [witness],
      ...(storedSavepoint ? {} : { jobId: p.job }),
      ...(witness === 'storage' && p.problem ? { problem: p.problem } : {}),
    };
  }));
}

function oracle(t: Timeline, observed = observe([...t.own, ...t.foreign], t.skew), clockOffsetMs: number | undefined = t.skew): Expectation {
  return expectRestore({
    strategy: t.strategy, faultAt: t.faultAt, ...(t.faultEffectiveAt !== undefined ? { faultEffectiveAt: t.faultEffectiveAt } : {}),
    faultKind: t.faultKind, jobId: JOB, lineage: { jobIds: [JOB] }, observed, clockOffsetMs, boundaryToleranceMs: TOLERANCE, storageListed: true,
  });
}

const eligible = (strategy: RestoreStrategy, p: Planned): boolean =>
  strategy === 'LATEST_STATE' || (strategy === 'FAILOVER' && p.kind === 'checkpoint') || (strategy === 'LATEST_SAVEPOINT' && p.kind === 'savepoint');
const holds = (points: RestorePoint[], path: string): boolean => points.some((point) => point.kind !== 'none' && trimSlash(point.path) === path);
const idOf = (point: RestorePoint): number => (point.kind === 'none' ? 0 : point.id);

describe('oracle properties over generated timelines', () => {
  it('the expected restore point is always acceptable', () => {
    fc.assert(fc.property(timelineArb, (t) => {
      const exp = oracle(t);
      expect(exp.acceptable.some((ok) => sameRestorePoint(ok, exp.expected))).toBe(true);
    }), RUNS);
  });

  it("a foreign job's snapshot is never expected nor acceptable", () => {
    fc.assert(fc.property(timelineArb, (t) => {
      const exp = oracle(t);
      for (const p of t.foreign) expect(holds(exp.acceptable, p.path)).toBe(false);
    }), RUNS);
  });

  it('a snapshot with a metadata problem is never expected nor acceptable', () => {
    fc.assert(fc.property(timelineArb, (t) => {
      const exp = oracle(t);
      for (const p of t.own.filter((s) => s.problem)) expect(holds(exp.acceptable, p.path)).toBe(false);
    }), RUNS);
  });

  it('no eligible snapshot newer than the expected one existed at the fault', () => {
    fc.assert(fc.property(timelineArb, (t) => {
      const exp = oracle(t);
      if (t.strategy === 'NONE') {
        expect(exp.expected).toEqual({ kind: 'none' });
        return;
      }
      // Completed before the fault by more than the tolerance: every witness puts it before the fault.
      const existed = t.own.filter((p) => !p.problem && eligible(t.strategy, p) && p.at < t.faultAt - TOLERANCE);
      for (const p of existed) expect(idOf(exp.expected), `${p.kind} ${p.id} existed at the fault`).toBeGreaterThanOrEqual(p.id);
    }), RUNS);
  });

  it('a snapshot Flink confirmed while the fault was taking effect is acceptable whenever it is newer than the expected one', () => {
    fc.assert(fc.property(timelineArb, (t) => {
      const exp = oracle(t);
      if (t.strategy === 'NONE' || t.faultEffectiveAt === undefined) return;
      const raced = t.own.filter((p) => !p.problem && eligible(t.strategy, p) && !p.witnesses.every((w) => w === 'storage') && p.at > t.faultAt && p.at <= t.faultEffectiveAt!);
      for (const p of raced.filter((r) => r.id > idOf(exp.expected))) expect(holds(exp.acceptable, p.path), `${p.kind} ${p.id} raced the fault`).toBe(true);
    }), RUNS);
  });

  it('a measured clock skew never changes the expectation', () => {
    fc.assert(fc.property(timelineArb, fc.integer({ min: -5_000, max: 5_000 }), (t, extraSkew) => {
      const onTime = observe([...t.own, ...t.foreign], 0);
      const skewed = onTime.map((s) => (s.seenBy[0] === 'trigger' || s.completedAt === undefined ? s : { ...s, completedAt: s.completedAt + extraSkew }));
      const reference = oracle(t, onTime, 0);
      const corrected = oracle(t, skewed, extraSkew);
      expect(corrected.expected).toEqual(reference.expected);
      expect(corrected.acceptable).toEqual(reference.acceptable);
    }), RUNS);
  });
});
