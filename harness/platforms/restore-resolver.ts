// How a platform picks the snapshot to resume a stopped job from (Ververica's LATEST_STATE policy),
// plus deliberately broken resolvers that prove the checks catch a wrong choice.
import type { RestorePoint, RestoreStrategy, Snapshot } from '../oracle/snapshot.ts';
import type { Deployment } from './platform.ts';

/** Chooses a restore point from what storage retains, for a strategy. Pure. */
export type RestoreResolver = (candidates: Snapshot[], strategy: RestoreStrategy) => RestorePoint;

/** Everything storage retains that a resume could use: every job's checkpoints and all savepoints. */
export async function restoreCandidates(deployment: Deployment): Promise<Snapshot[]> {
  const [checkpoints, savepoints] = await Promise.all([
    deployment.storage.retainedCheckpoints(deployment.paths.checkpoints),
    deployment.storage.savepoints(deployment.paths.savepoints),
  ]);
  return [...checkpoints, ...savepoints];
}

/** Newest first: later completion first, then the larger id (numerically). */
export function byRecency(a: Snapshot, b: Snapshot): number {
  return (b.completedAt ?? 0) - (a.completedAt ?? 0) || b.id - a.id;
}

function toRestorePoint(snapshot: Snapshot | undefined): RestorePoint {
  return snapshot ? { kind: snapshot.kind, id: snapshot.id, path: snapshot.path } : { kind: 'none' };
}

function eligible(candidates: Snapshot[], strategy: RestoreStrategy): Snapshot[] {
  if (strategy === 'NONE') return [];
  if (strategy === 'LATEST_SAVEPOINT') return candidates.filter((s) => s.kind === 'savepoint');
  return candidates;
}

/** The correct policy: the most recently completed eligible snapshot. */
export const newestSnapshot: RestoreResolver = (candidates, strategy) =>
  toRestorePoint([...eligible(candidates, strategy)].sort(byRecency)[0]);

/** BROKEN on purpose: skips the newest snapshot and takes the one before it. */
export const secondNewestSnapshot: RestoreResolver = (candidates, strategy) =>
  toRestorePoint([...eligible(candidates, strategy)].sort(byRecency)[1]);

/** BROKEN on purpose: orders by path as text, so chk-9 beats chk-10. */
export const lexicographicSnapshot: RestoreResolver = (candidates, strategy) =>
  toRestorePoint([...eligible(candidates, strategy)].sort((a, b) => (a.path < b.path ? 1 : a.path > b.path ? -1 : 0))[0]);

/** BROKEN on purpose: never looks at savepoints. */
export const savepointBlindSnapshot: RestoreResolver = (candidates, strategy) =>
  newestSnapshot(candidates.filter((s) => s.kind === 'checkpoint'), strategy);

/** BROKEN on purpose: LATEST_SAVEPOINT behaviour whatever strategy was asked for. */
export const savepointsOnlySnapshot: RestoreResolver = (candidates) => newestSnapshot(candidates, 'LATEST_SAVEPOINT');

/** BROKEN on purpose: always goes back to the first savepoint ever taken (the "initial" one). */
export const oldestSavepointSnapshot: RestoreResolver = (candidates) =>
  toRestorePoint(candidates.filter((s) => s.kind === 'savepoint').sort(byRecency).at(-1));

export const RESOLVERS: Record<string, RestoreResolver> = {
  newest: newestSnapshot,
  'second-newest': secondNewestSnapshot,
  lexicographic: lexicographicSnapshot,
  'savepoint-blind': savepointBlindSnapshot,
  'savepoints-only': savepointsOnlySnapshot,
  'oldest-savepoint': oldestSavepointSnapshot,
};
