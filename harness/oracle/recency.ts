// Which snapshot is newer. Flink's checkpoint id counter is shared by a job's checkpoints and
// savepoints, and later generations of a deployment start after earlier ones ended, so within a
// lineage ids and generations order snapshots; completion times (storage rounds them to the
// second) only order snapshots of unrelated jobs.
import type { Snapshot } from './snapshot.ts';
import { generationOf, jobMarkOf } from './lineage.ts';
import type { Lineage } from './lineage.ts';

interface Ranked<T extends Snapshot> {
  snapshot: T;
  /** Snapshots in one group have a known order: a lineage, or one job's id counter. */
  group: string;
  generation: number;
  /** The latest completion time of this snapshot or any snapshot its group orders before it. */
  effectiveTime: number;
}

/**
 * Newest first. Within a group the known order decides (generation, then id); across groups the
 * latest completion time of the snapshot or of anything its group orders before it, so a newer
 * snapshot with a rounded-down time is never ranked below an older one of its own job.
 * Without a lineage each job (a savepoint's job-id prefix matched to a job seen among the
 * snapshots) is its own group. Returns a new array.
 */
export function orderNewestFirst<T extends Snapshot>(snapshots: readonly T[], lineage?: Lineage): T[] {
  const knownJobs = [...new Set(snapshots.flatMap((s) => (s.jobId ? [s.jobId] : [])))];
  const ranked: Ranked<T>[] = snapshots.map((snapshot) => ({ snapshot, ...groupOf(snapshot, lineage, knownJobs), effectiveTime: 0 }));
  const groups = new Map<string, Ranked<T>[]>();
  for (const entry of ranked) groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry]);
  for (const members of groups.values()) {
    members.sort((a, b) => a.generation - b.generation || a.snapshot.id - b.snapshot.id);
    let latest = Number.NEGATIVE_INFINITY;
    for (const entry of members) {
      latest = Math.max(latest, entry.snapshot.completedAt ?? 0);
      entry.effectiveTime = latest;
    }
  }
  return ranked
    .sort((a, b) => b.effectiveTime - a.effectiveTime || b.generation - a.generation || b.snapshot.id - a.snapshot.id || comparePaths(b.snapshot.path, a.snapshot.path))
    .map((entry) => entry.snapshot);
}

function groupOf(snapshot: Snapshot, lineage: Lineage | undefined, knownJobs: string[]): { group: string; generation: number } {
  const mark = jobMarkOf(snapshot);
  const generation = mark && lineage ? generationOf(mark, lineage) : undefined;
  if (generation !== undefined) return { group: 'lineage', generation };
  if (!mark) return { group: `path:${snapshot.path}`, generation: 0 };
  if ('jobId' in mark) return { group: `job:${mark.jobId}`, generation: 0 };
  const owners = knownJobs.filter((jobId) => jobId.startsWith(mark.jobIdPrefix));
  return { group: owners.length === 1 ? `job:${owners[0]}` : `prefix:${mark.jobIdPrefix}`, generation: 0 };
}

const comparePaths = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
