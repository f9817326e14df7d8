// When the HA store witnesses a restore, and what it held then. The HA store is what a JobManager
// that takes over recovers from, so it witnesses a restore only where one recovers from it:
// - a failover (TaskManager or JobManager lost): read at once after the fault, before the recovered
//   job completes a checkpoint of its own;
// - a stop that keeps the HA data for the next JobManager (the Operator's last-state suspend and
//   upgrade; a deleted deployment whose successor reuses its cluster-id): read by the platform once
//   the old JobManager had certainly stopped, before the next one could recover from it;
// - never after a globally terminal end (cancel, stop-with-savepoint, restarts exhausted): Flink
//   removes the job's HA data, and the evidence says so instead of leaving the witness out unsaid.
import type { Fault, FaultRecord } from '../faults/fault.ts';
import type { FaultKind } from '../oracle/snapshot.ts';
import { canReadHaStore, haNotApplicable, readHaStore, type Deployment, type HaReading } from '../platforms/platform.ts';
import type { Observation } from '../checks/observation.ts';
import type { CheckpointingStatistics } from '../flink/schemas.ts';

const GLOBAL_ENDS: Partial<Record<FaultKind, string>> = {
  'cancel': 'the job was cancelled (CANCELED)',
  'stop-with-savepoint': 'the job was stopped with a savepoint (FINISHED)',
  'terminal-failure': 'the job failed for good (FAILED)',
};

/** A failover's HA store, read now; undefined for a fault the platform recovers by a redeploy (see haAtStop). */
export async function haAfterFailover(fault: Fault, deployment: Deployment): Promise<HaReading | undefined> {
  if (fault.recovery !== 'failover') return undefined;
  const skip = notApplicable(fault, deployment);
  if (skip) return skip;
  if (!canReadHaStore(deployment)) return haNotApplicable(`${deployment.platform} cannot read its HA store`);
  return readHaStore(deployment);
}

/**
 * A redeploy's HA store: what the platform read when it stopped the old JobManager during this fault
 * or its resume, or why it says nothing about the restore. A reading older than the fault belongs
 * to an earlier one (a soak's) and is not used.
 */
export function haAtStop(fault: Fault, record: FaultRecord, deployment: Deployment): HaReading {
  const skip = notApplicable(fault, deployment);
  if (skip) return skip;
  const reading = canReadHaStore(deployment) ? deployment.haAtLastStop : undefined;
  if (reading && reading.readAt >= record.at) return reading;
  const end = GLOBAL_ENDS[fault.kind];
  return haNotApplicable(end
    ? `${end}, a globally terminal state: Flink removed its HA data, so the resumed job restores what the platform picked`
    : `${deployment.platform} read no HA store when it stopped the job (${fault.name})`);
}

function notApplicable(fault: Fault, deployment: Deployment): HaReading | undefined {
  if (deployment.spec.highAvailability === 'none') return haNotApplicable('high availability is off');
  if (fault.kind === 'ha-metadata-loss') return haNotApplicable('the fault deleted the HA metadata itself: what is left there shows the fault, not what the job had');
  return undefined;
}

/**
 * The reading without the checkpoints the restored job triggered itself after its restore (REST's
 * history; trigger and restore times are both the JobManager's clock). A read right after a fault
 * can land after a quick recovery (checkpoints every 250 ms, a read that starts a JVM): those
 * checkpoints are not what the restore recovered from. A checkpoint the restore passed over was
 * triggered before it, so it stays and still contradicts the restore.
 */
export function withoutCheckpointsAfterRestore(reading: HaReading, stats: CheckpointingStatistics | undefined, restoredAt: number | undefined): { reading: HaReading; dropped: number[] } {
  if (!('ids' in reading) || restoredAt === undefined || !stats) return { reading, dropped: [] };
  const entries = [stats.latest?.completed, ...(stats.history ?? [])];
  const afterRestore = new Set(entries.filter((c) => c && c.trigger_timestamp >= restoredAt).map((c) => c!.id));
  const dropped = reading.ids.filter((id) => afterRestore.has(id));
  const kept = reading.ids.filter((id) => !afterRestore.has(id));
  // Nothing from before the restore left: the read came too late to say what it recovered from.
  if (dropped.length > 0 && kept.length === 0) return { reading: { error: `read too late: it holds only checkpoints ${dropped.join(', ')}, which the restored job took after its restore`, readAt: reading.readAt }, dropped };
  return { reading: { ...reading, ids: kept }, dropped };
}

/** The reading as the HA witness sees it: ids to compare, or why the witness is unknown; nothing when it does not apply. */
export function haObservation(reading: HaReading | undefined, when: string): Pick<Observation, 'haCheckpointIds'> & { unreadable?: { ha: string } } {
  if (!reading || 'notApplicable' in reading) return {};
  if ('error' in reading) return { unreadable: { ha: `the HA store ${when}: ${reading.error}` } };
  return { haCheckpointIds: reading.ids };
}

/** The reading as the report's evidence: when it was taken and what it held, or why the witness does not apply. */
export function haEvidence(reading: HaReading, when: string): Record<string, unknown> {
  if ('notApplicable' in reading) return { witness: 'not applicable', why: reading.notApplicable };
  const at = new Date(reading.readAt).toISOString();
  return 'error' in reading ? { read: when, at, unreadable: reading.error } : { read: when, at, checkpointIds: reading.ids };
}
