// Which job wrote a snapshot, and whether that job is one of this deployment's generations: a bucket
// shared by several deployments holds snapshots no restore of ours may count or use.
import type { RestorePoint, SnapshotKind } from './snapshot.ts';
import { trimSlash } from './snapshot.ts';

/** The jobs of one deployment. */
export interface Lineage {
  /** The job id of every generation, oldest first (a generation that kept its job id repeats it). */
  jobIds: string[];
}

/**
 * What a snapshot says about the job that wrote it: checkpoints live under `<dir>/<jobId>/chk-N`,
 * savepoints under `savepoint-<first 6 hex digits of the job id>-<random>` (a prefix only).
 */
export type JobMark = { jobId: string } | { jobIdPrefix: string };

interface Locatable {
  kind: SnapshotKind;
  path: string;
  jobId?: string;
}

/** The job mark of a snapshot or restore point; undefined when neither its record nor its path names a job. */
export function jobMarkOf(snapshot: Locatable): JobMark | undefined {
  if (snapshot.jobId) return { jobId: snapshot.jobId };
  const path = trimSlash(snapshot.path);
  if (snapshot.kind === 'checkpoint') {
    const jobId = /\/([^/]+)\/chk-\d+$/.exec(path)?.[1];
    return jobId ? { jobId } : undefined;
  }
  const prefix = /(?:^|\/)savepoint-([0-9a-f]+)-[^/]+$/.exec(path)?.[1];
  return prefix ? { jobIdPrefix: prefix } : undefined;
}

/**
 * The 1-based generation whose job wrote a snapshot with this mark, the newest when a prefix or a
 * kept job id matches several; undefined when no generation matches.
 */
export function generationOf(mark: JobMark, lineage: Lineage): number | undefined {
  for (let index = lineage.jobIds.length - 1; index >= 0; index--) {
    const jobId = lineage.jobIds[index]!;
    if ('jobId' in mark ? jobId === mark.jobId : jobId.startsWith(mark.jobIdPrefix)) return index + 1;
  }
  return undefined;
}

/** A person's name for the job behind a mark. */
export function describeJobMark(mark: JobMark): string {
  return 'jobId' in mark ? `job ${mark.jobId}` : `a job whose id starts with ${mark.jobIdPrefix}`;
}

/**
 * The job that wrote `point` when it is not one of the lineage's (e.g. "job 9f…"), else undefined.
 * Undefined too when there is no lineage, nothing was restored, the path names no job, or the point
 * is one the deployment adopted without writing it (its initial savepoint).
 */
export function foreignJobOf(point: RestorePoint | Locatable, lineage: Lineage | undefined, adopted: readonly RestorePoint[] = []): string | undefined {
  if (!lineage || point.kind === 'none') return undefined;
  const path = trimSlash(point.path);
  if (adopted.some((own) => own.kind !== 'none' && trimSlash(own.path) === path)) return undefined;
  const mark = jobMarkOf(point);
  if (!mark || generationOf(mark, lineage) !== undefined) return undefined;
  return describeJobMark(mark);
}
