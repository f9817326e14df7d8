// The reference behaviour of a resume, a model of Ververica Platform's restore strategies:
// LATEST_STATE restores the newest of the deployment's retained checkpoints and savepoints,
// LATEST_SAVEPOINT the newest savepoint, NONE nothing. Source: Ververica Platform documentation,
// "Restore Strategy" (Application Manager): a Deployment restores from its own Savepoint resources
// (user savepoints, suspend savepoints, retained checkpoints of its Jobs), never from another
// Deployment's; nothing retained means the initial savepoint (if any) or empty state.
import type { RestorePoint, Snapshot } from '../../oracle/snapshot.ts';
import type { StoredSnapshot } from '../../storage/inspector.ts';
import type { ResumeContext, ResumeDecider } from './resume.ts';
import { generationOf, jobMarkOf } from '../../oracle/lineage.ts';

export type LatestStatePolicy = 'LATEST_STATE' | 'LATEST_SAVEPOINT' | 'NONE';

/** A snapshot of the deployment's own lineage, with the generation whose job wrote it (0: the initial savepoint). */
export interface LineageSnapshot extends Snapshot {
  generation: number;
}

/**
 * Every snapshot storage retains for this deployment: the checkpoints under each of its job ids,
 * the savepoints whose directory names one of its jobs, and its initial savepoint. A `_metadata`
 * that is unreadable or disagrees with its directory is left out: a platform cannot restore it.
 */
export async function lineageSnapshots(context: ResumeContext): Promise<LineageSnapshot[]> {
  const { storage, paths, lineageJobIds } = context;
  const [checkpoints, savepoints] = await Promise.all([
    Promise.all(lineageJobIds.map((jobId) => storage.retainedCheckpoints(paths.checkpoints, jobId))).then((lists) => lists.flat()),
    storage.savepoints(paths.savepoints),
  ]);
  const own: LineageSnapshot[] = [];
  for (const snapshot of [...checkpoints, ...savepoints]) {
    const mark = jobMarkOf(snapshot);
    const generation = mark ? generationOf(mark, { jobIds: lineageJobIds }) : undefined;
    if (generation !== undefined && readable(snapshot)) own.push({ ...snapshot, generation });
  }
  const initial = context.initialRestore;
  if (initial && initial.kind !== 'none' && !own.some((s) => s.path === initial.path)) {
    own.push({ ...initial, generation: 0, seenBy: ['storage'] });
  }
  return own;
}

function readable(snapshot: StoredSnapshot): boolean {
  return snapshot.problem === undefined;
}

/**
 * Newest first within one lineage: a later generation's snapshot is newer (each generation starts
 * after the previous one ended); within a generation the checkpoint id counter, shared by
 * checkpoints and savepoints, orders them (storage times are rounded to the second).
 */
export function newestInLineage(a: LineageSnapshot, b: LineageSnapshot): number {
  return b.generation - a.generation || b.id - a.id || (b.completedAt ?? 0) - (a.completedAt ?? 0);
}

export function toRestorePoint(snapshot: Snapshot | undefined): RestorePoint {
  return snapshot ? { kind: snapshot.kind, id: snapshot.id, path: snapshot.path } : { kind: 'none' };
}

/** The policy applied to a lineage; pure, for tests. */
export function choose(policy: LatestStatePolicy, lineage: LineageSnapshot[]): RestorePoint {
  if (policy === 'NONE') return { kind: 'none' };
  const eligible = policy === 'LATEST_SAVEPOINT' ? lineage.filter((s) => s.kind === 'savepoint') : lineage;
  return toRestorePoint([...eligible].sort(newestInLineage)[0]);
}

function policy(name: LatestStatePolicy): ResumeDecider {
  return {
    describe: `${name} (reference model of Ververica Platform's restore strategy)`,
    async choose(context) {
      return choose(name, name === 'NONE' ? [] : await lineageSnapshots(context));
    },
  };
}

export const LATEST_STATE_POLICIES: Record<LatestStatePolicy, ResumeDecider> = {
  LATEST_STATE: policy('LATEST_STATE'),
  LATEST_SAVEPOINT: policy('LATEST_SAVEPOINT'),
  NONE: policy('NONE'),
};
