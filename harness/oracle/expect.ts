// What should happen: from every witness's snapshots and the moment of the fault, the snapshot the
// job must come back from. Pure: no I/O, so it is tested on tables.
import type { FaultKind, RestorePoint, RestoreStrategy, Snapshot, StopSavepointRecord, Witness } from './snapshot.ts';
import { explainConfig, explainUnusableMetadata } from './config-notes.ts';
import type { OracleConfig } from './config-notes.ts';
import { foreignJobOf } from './lineage.ts';
import type { Lineage } from './lineage.ts';
import { orderNewestFirst } from './recency.ts';
import { describeRestorePoint, sameRestorePoint, trimSlash } from './snapshot.ts';
import { toHostClock } from './clock.ts';
import type { ClockOffsets } from './clock.ts';

export type { FaultKind } from './snapshot.ts';
export type { OracleConfig } from './config-notes.ts';
export type { Lineage } from './lineage.ts';
export type { ClockOffsets } from './clock.ts';


export interface OracleInput {
  strategy: RestoreStrategy;
  /** Epoch ms (host clock) when the fault began: a kill sent, a cancel or stop requested, a spec changed. */
  faultAt: number;
  /**
   * Epoch ms (host clock) by which the fault had certainly taken effect: the kill returned, the job
   * reached CANCELED or FINISHED, the old JobManager was gone. For stop-with-savepoint (and the
   * Operator's savepoint mode) the savepoint completed between `faultAt` and this moment is the
   * stop's own, the expectation.
   */
  faultEffectiveAt?: number;
  /**
   * Epoch ms (host clock) when the platform began bringing the job back: a failover once the kill
   * had landed, a redeploy once the old job had ended or its JobManager was gone. The cutoff of the
   * expectation: every snapshot Flink confirmed complete before it was there for the restore to
   * take, so restoring anything older is a mismatch, however late in the fault it completed. It
   * must not be later than the real beginning (a snapshot of the restored job would then count as
   * existing state). Unset: `faultEffectiveAt`, else `faultAt`.
   */
  restoreBeganAt?: number;
  faultKind?: FaultKind;
  /** Snapshots from every witness: REST polled up to the fault, triggers, storage read after it. */
  observed: Snapshot[];
  /** For FAILOVER: the job that fails over; only its checkpoints can be recovered in place. */
  jobId?: string;
  /** The deployment's jobs: snapshots other jobs left in the same storage never count. */
  lineage?: Lineage;
  /**
   * What the current generation started from (the initial savepoint, or the point a redeploy
   * resumed from): a failover before the generation's first checkpoint returns to it.
   */
  generationStart?: RestorePoint;
  config?: OracleConfig;
  /** Remote clocks minus the host clock, as the caller measured them; see clock.ts. */
  clockOffsetMs?: ClockOffsets;
  /**
   * How far a completion time may still be off the host clock once the measured offset is applied
   * (the measurement's error, storage's whole seconds): a snapshot completing that close to the
   * cutoff may fall on either side of it.
   */
  boundaryToleranceMs?: number;
  /** True when `observed` includes a storage listing made after the fault (enables missing-file notes). */
  storageListed?: boolean;
  /**
   * UPGRADE_SAVEPOINT: the operator's own record of the savepoint its stop took. Only a record that
   * says it took none makes the expectation what the mode it used instead restores; unset or unknown,
   * the savepoint is expected (and a newer snapshot is also acceptable: the operator may have fallen
   * back, which only its record could tell).
   */
  stopSavepoint?: StopSavepointRecord;
}

export interface Expectation {
  strategy: RestoreStrategy;
  expected: RestorePoint;
  /** Every restore point that counts as correct; always contains `expected`. */
  acceptable: RestorePoint[];
  newestAtFault?: Snapshot;
  /** What was considered, newest first. */
  candidates: Snapshot[];
  reasoning: string[];
  configNotes: string[];
  /** The deployment's jobs and what it adopted, so a check can name a foreign job that was restored. */
  lineage?: Lineage;
  /** Restore points the deployment owns without having written them (its initial savepoint). */
  adopted?: RestorePoint[];
}

export const DEFAULT_BOUNDARY_TOLERANCE_MS = 1000;

/** One entry per (kind, id, path): witnesses united, the earliest completion time kept, any problem kept. */
export function mergeWitnesses(observed: Snapshot[]): Snapshot[] {
  const merged = new Map<string, Snapshot>();
  for (const snapshot of observed) {
    const path = snapshot.path.replace(/\/+$/, '');
    const key = `${snapshot.kind}|${snapshot.id}|${path}`;
    const known = merged.get(key);
    if (!known) {
      merged.set(key, { ...snapshot, path, seenBy: [...new Set(snapshot.seenBy)] });
      continue;
    }
    const times = [known.completedAt, snapshot.completedAt].filter((t): t is number => t !== undefined);
    const jobId = known.jobId ?? snapshot.jobId;
    const problem = known.problem ?? snapshot.problem;
    merged.set(key, {
      ...known,
      ...(jobId !== undefined ? { jobId } : {}),
      ...(times.length > 0 ? { completedAt: Math.min(...times) } : {}),
      ...(problem !== undefined ? { problem } : {}),
      seenBy: [...new Set<Witness>([...known.seenBy, ...snapshot.seenBy])],
    });
  }
  return [...merged.values()];
}

/** Flink itself reported it completed (REST or a trigger's answer): never ambiguous. */
function confirmedByFlink(snapshot: Snapshot): boolean {
  return snapshot.seenBy.includes('rest') || snapshot.seenBy.includes('trigger') || snapshot.seenBy.includes('ha');
}

function eligibleFor(strategy: RestoreStrategy, snapshot: Snapshot, jobId: string | undefined): boolean {
  switch (strategy) {
    // In-place recovery uses the job's own checkpoints; intermediate savepoints are not used for
    // recovery since Flink 1.15 (FLIP-193), so a newer savepoint does not change the expectation.
    // The Operator's last-state recovers from the job's HA metadata: the same rule as a failover.
    case 'FAILOVER':
    case 'LAST_STATE': return snapshot.kind === 'checkpoint' && (jobId === undefined || snapshot.jobId === undefined || snapshot.jobId === jobId);
    case 'LATEST_STATE': return true;
    case 'LATEST_SAVEPOINT':
    case 'UPGRADE_SAVEPOINT': return snapshot.kind === 'savepoint';
    case 'NONE': return false;
  }
}

/**
 * Strategies whose restore comes from the job's HA store: its checkpoints, and (before the first
 * one) the snapshot the job was started from, which Flink adds to that store when it restores it.
 */
export function recoversFromHaStore(strategy: RestoreStrategy): boolean {
  return strategy === 'FAILOVER' || strategy === 'LAST_STATE';
}

const toPoint = (s: Snapshot): RestorePoint => ({ kind: s.kind, id: s.id, path: s.path });
const label = (s: Snapshot): string => `${s.kind} ${s.id} (${s.path}, seen by ${s.seenBy.join('+') || 'no witness'})`;
const isReal = (point: RestorePoint | undefined): point is Exclude<RestorePoint, { kind: 'none' }> => point !== undefined && point.kind !== 'none';

/** The moment the platform began the restore, as far as the caller knows it; see OracleInput.restoreBeganAt. */
export function restoreCutoff(input: Pick<OracleInput, 'faultAt' | 'faultEffectiveAt' | 'restoreBeganAt'>): number {
  return input.restoreBeganAt ?? input.faultEffectiveAt ?? input.faultAt;
}

/**
 * The newest eligible snapshot Flink had confirmed complete before the platform began the restore
 * (the cutoff, see OracleInput.restoreBeganAt): however late in the fault it completed, the restore
 * could take it, so restoring anything older is a mismatch.
 * - A snapshot Flink itself reported (REST, trigger, HA) counts when it completed by the cutoff.
 * - A `_metadata` only storage shows (with a valid header) counts when the JobManager that wrote
 *   it ran on for the tolerance afterwards: a JobManager commits a checkpoint right after writing
 *   its file and deletes the files of one it could not commit, so a file it left behind that long
 *   is a committed one. A killed JobManager may have died any time after the fault began, so for
 *   it that moment is the fault's start. Nearer the cutoff, such a file is only acceptable.
 * - A snapshot completed within the tolerance after the cutoff raced it (the clocks are only that
 *   exact; a TaskManager's acknowledgements in flight at its kill): acceptable, never required.
 * - The stop's own savepoint (stop-with-savepoint, the Operator's savepoint mode) is certain.
 * Snapshots of foreign jobs and snapshots whose `_metadata` is unusable never count. Configuration
 * never changes the expectation; it only adds notes that explain a failing verdict.
 */
export function expectRestore(input: OracleInput): Expectation {
  const tolerance = input.boundaryToleranceMs ?? DEFAULT_BOUNDARY_TOLERANCE_MS;
  const cutoff = restoreCutoff(input);
  const writerRanUntil = input.faultKind === 'jobmanager-loss' ? Math.min(input.faultAt, cutoff) : cutoff;
  const adopted = [input.config?.initialSavepoint, input.generationStart].filter(isReal);
  const reasoning: string[] = [];
  const all = mergeWitnesses(input.observed.map((s) => toHostClock(s, input.clockOffsetMs)));
  const own = all.filter((s) => {
    const foreignJob = foreignJobOf(s, input.lineage, adopted);
    if (foreignJob) reasoning.push(`foreign: ${label(s)} was written by ${foreignJob}, not by this deployment: never a candidate`);
    return !foreignJob;
  });
  const ordered = orderNewestFirst(own, input.lineage);
  const rank = (s: Snapshot): number => ordered.indexOf(s);
  const eligible = ordered.filter((s) => eligibleFor(input.strategy, s, input.jobId));
  const unusable = eligible.filter((s) => s.problem !== undefined);
  const usable = eligible.filter((s) => s.problem === undefined);

  const confirmedBeforeCutoff = (s: Snapshot): boolean => {
    if (s.completedAt === undefined) return true;
    return confirmedByFlink(s) ? s.completedAt <= cutoff : s.completedAt <= writerRanUntil - tolerance;
  };
  const racedCutoff = (s: Snapshot): boolean => !confirmedBeforeCutoff(s) && s.completedAt! <= cutoff + tolerance;
  // A TaskManager's acknowledgements sent just before it was killed still reach the JobManager,
  // which completes the checkpoint before it notices the loss: Flink committed it (its HA store
  // points to it) and its failover restores it. Seen on Kubernetes: completed 24 ms after the kill.
  const inFlightAtKill = (s: Snapshot): boolean =>
    input.faultKind === 'taskmanager-loss' && confirmedByFlink(s) && input.faultEffectiveAt !== undefined && s.completedAt !== undefined
    && s.completedAt > input.faultEffectiveAt && s.completedAt <= input.faultEffectiveAt + tolerance;
  // The stop's savepoint completes after the stop was requested, and it is what the stop leaves
  // behind. In the Operator's savepoint mode every suspend or upgrade is such a stop.
  const stopsWithSavepoint = input.faultKind === 'stop-with-savepoint' || input.strategy === 'UPGRADE_SAVEPOINT';
  const record = input.strategy === 'UPGRADE_SAVEPOINT' ? input.stopSavepoint ?? { savepoint: 'unknown', why: 'no record was read' } : undefined;
  if (record?.savepoint === 'none') return fellBack(input, record);
  const recordedPath = record?.savepoint === 'taken' ? trimSlash(record.path) : undefined;
  const producedByStop = (s: Snapshot): boolean =>
    stopsWithSavepoint && s.kind === 'savepoint' && (input.jobId === undefined || s.jobId === undefined || s.jobId === input.jobId)
    && (s.path === recordedPath || (s.completedAt !== undefined && s.completedAt > input.faultAt - tolerance && s.completedAt <= (input.faultEffectiveAt ?? input.faultAt)));
  const certain = usable.filter((s) => confirmedBeforeCutoff(s) || producedByStop(s));
  const boundary = usable.filter((s) => !certain.includes(s) && (racedCutoff(s) || inFlightAtKill(s)));
  const newest = certain[0];
  if (record?.savepoint === 'taken') {
    reasoning.push(usable.some((s) => s.path === recordedPath)
      ? `${record.field} records the savepoint the stop took: ${recordedPath}`
      : `${record.field} records the savepoint the stop took, ${recordedPath}, but no witness (REST, storage) saw it: the newest savepoint a witness saw is expected`);
  }
  const startOfGeneration = recoversFromHaStore(input.strategy) && !newest && isReal(input.generationStart) ? input.generationStart : undefined;
  const candidates = [
    ...usable.filter((s) => certain.includes(s) || boundary.includes(s)),
    ...(startOfGeneration ? [{ ...startOfGeneration, seenBy: [] }] : []),
  ];

  let expected: RestorePoint;
  if (input.strategy === 'NONE') {
    expected = { kind: 'none' };
    reasoning.push('strategy NONE: the job must start with empty state');
  } else if (newest) {
    expected = toPoint(newest);
    reasoning.push(`newest ${recoversFromHaStore(input.strategy) ? 'checkpoint' : 'eligible snapshot'} at the fault: ${label(newest)}${producedByStop(newest) ? ', written by the stop itself' : lateInFault(newest)}`);
  } else if (startOfGeneration) {
    expected = startOfGeneration;
    reasoning.push(`no checkpoint of the job completed before the fault: ${input.strategy === 'FAILOVER' ? 'a failover' : 'a last-state upgrade'} returns to what this generation started from, ${startOfGeneration.kind} ${startOfGeneration.id} (${startOfGeneration.path})`);
  } else if (isReal(input.config?.initialSavepoint)) {
    expected = input.config.initialSavepoint;
    reasoning.push('nothing retained at the fault: the job must start from its initial savepoint');
  } else {
    expected = { kind: 'none' };
    reasoning.push('nothing eligible existed at the fault: the job must start with empty state');
  }
  const acceptable: RestorePoint[] = [expected];
  for (const s of boundary) {
    if (newest && rank(s) >= rank(newest)) continue; // not newer than the certain one: never acceptable
    acceptable.push(toPoint(s));
    reasoning.push(inFlightAtKill(s)
      ? `${label(s)} completed ${s.completedAt! - input.faultEffectiveAt!} ms after the kill took effect, from acknowledgements sent before it, and Flink committed it before noticing the loss: also acceptable`
      : confirmedByFlink(s)
        ? `${label(s)} completed ${s.completedAt! - cutoff} ms after the restore began, within the clock tolerance (${tolerance} ms): also acceptable`
        : `${label(s)} completed ${s.completedAt! - cutoff} ms from the moment the restore began and only storage shows it, so Flink may not have committed it: also acceptable`);
  }
  if (record?.savepoint === 'unknown') {
    // Savepoint or newer: the savepoint is what savepoint mode promises, and a snapshot newer than it
    // is what the operator's fallback to last-state would restore; only the record could tell the
    // two apart, so any older one is a mismatch and the platform-record witness stays unknown.
    const fallback = expectRestore({ ...input, strategy: 'LAST_STATE' });
    const newerThanExpected = (point: RestorePoint): boolean => {
      if (!isReal(point)) return false;
      if (!isReal(expected)) return true;
      const [candidate, reference] = [point, expected].map((p) => ordered.findIndex((s) => s.kind === p.kind && s.id === p.id && s.path === trimSlash(p.path)));
      return candidate! >= 0 && reference! >= 0 && candidate! < reference!;
    };
    const newer = fallback.acceptable.filter((point) => newerThanExpected(point) && !acceptable.some((ok) => sameRestorePoint(ok, point)));
    acceptable.push(...newer);
    reasoning.push(`the operator's record of the stop's savepoint is unknown (${record.why}): the savepoint is expected${newer.length > 0 ? `, and ${newer.map(describeRestorePoint).join(', ')}, newer, is also acceptable: the operator's fallback to last-state would restore it` : ''}`);
  }
  if (input.strategy === 'LAST_STATE') {
    const newerSavepoint = ordered.find((s) => s.kind === 'savepoint' && confirmedBeforeCutoff(s) && (!newest || rank(s) < rank(newest)));
    if (newerSavepoint) reasoning.push(`${label(newerSavepoint)} is newer, but last-state restores from the job's HA metadata, which records checkpoints only (intermediate savepoints are not used for recovery since Flink 1.15, FLIP-193): not a candidate`);
  }
  const unusableNotes = explainUnusableMetadata(unusable.filter((s) => (s.completedAt ?? Number.NEGATIVE_INFINITY) <= cutoff + tolerance));
  reasoning.push(...unusableNotes);
  if (input.faultKind) reasoning.push(`fault: ${input.faultKind}`);
  const newerUnusable = explainUnusableMetadata(unusable.filter((s) => confirmedBeforeCutoff(s) && (!newest || rank(s) < rank(newest))));
  return {
    strategy: input.strategy,
    expected,
    acceptable,
    ...(newest ? { newestAtFault: newest } : {}),
    candidates,
    reasoning,
    configNotes: [...newerUnusable, ...missingFromStorage(input, newest), ...explainConfig(input.config ?? {}, input.strategy, input.faultKind, newest)],
    ...(input.lineage ? { lineage: input.lineage } : {}),
    ...(adopted.length > 0 ? { adopted } : {}),
  };

  /** Why a snapshot completed after the fault began is still required: the restore had not begun. */
  function lateInFault(s: Snapshot): string {
    if (s.completedAt === undefined || s.completedAt <= input.faultAt) return '';
    return `, completed ${s.completedAt - input.faultAt} ms after the fault began and ${cutoff - s.completedAt} ms before the restore began, so the restore could take it`;
  }
}

/**
 * Why a job the platform stopped another way than with a savepoint restores what it does, by the
 * strategy its record says that way amounts to (`restoresAs`, from the platform's descriptor).
 */
const WHY_RESTORED: Partial<Record<RestoreStrategy, (mode: string) => string>> = {
  LAST_STATE: (mode) => `it kept the HA metadata (${mode}), so the newest checkpoint recorded there is expected`,
  NONE: (mode) => `it cancelled the job (${mode}), so the job starts with empty state`,
};

/** The expectation when the operator's own record says its suspend or upgrade took no savepoint. */
function fellBack(input: OracleInput, record: Extract<StopSavepointRecord, { savepoint: 'none' }>): Expectation {
  const fallback = expectRestore({ ...input, strategy: record.restoresAs, stopSavepoint: undefined });
  const falls = record.restoresAs === 'LAST_STATE' ? `, so savepoint mode falls back to ${record.modeUsed}` : '';
  const why = WHY_RESTORED[record.restoresAs]?.(record.modeUsed) ?? `it stopped the job in ${record.modeUsed} mode, which restores as ${record.restoresAs}`;
  return {
    ...fallback,
    strategy: 'UPGRADE_SAVEPOINT',
    reasoning: [`${record.field} records that the operator's stop took no savepoint (it stopped the job in ${record.modeUsed} mode)${falls}: ${why}`, ...fallback.reasoning],
  };
}

/** The newest snapshot Flink confirmed but storage no longer holds: whatever resumes from storage misses it. */
function missingFromStorage(input: OracleInput, newest: Snapshot | undefined): string[] {
  if (!input.storageListed || !newest || newest.seenBy.includes('storage')) return [];
  return [`${newest.path}/_metadata is missing from storage: ${newest.kind} ${newest.id} completed but its metadata file is gone (expired or deleted), so a resume from storage cannot find it`];
}
