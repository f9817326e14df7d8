// A storage outage as a step before the fault: MinIO away until Flink fails a checkpoint, then back.
// It breaks the deployment like a fault, but it runs before the fault, so it is a Step, not a Fault.
import { canInterruptStorage, type Deployment } from '../platforms/platform.ts';
import { waitFor } from '../support/wait.ts';
import { progress } from '../support/progress.ts';
import { MissingAbilityError } from './fault.ts';
import type { CheckpointWatcher } from '../flink/checkpoint-watcher.ts';

const STEP_TIMEOUT_MS = 120_000;

/**
 * Takes the S3 storage away until Flink reports a failed checkpoint, then brings it back and waits
 * until the job runs again. Records the ids of the checkpoints that failed (notes.failedCheckpoints).
 */
/**
 * A scenario step (scenario/steps.ts: Step) asking of its context only what it uses: faults come
 * before scenarios and do not import them.
 */
export interface OutageStep {
  readonly name: string;
  run(context: { deployment: Deployment; watcher: CheckpointWatcher; notes: Record<string, unknown> }): Promise<void>;
}

export function storageOutageUntilCheckpointFails(): OutageStep {
  return {
    name: 'storage-outage-until-checkpoint-fails',
    async run({ deployment, watcher, notes }) {
      if (!canInterruptStorage(deployment)) throw new MissingAbilityError('storage-outage', deployment.platform, 'interrupt storage');
      const { rest, jobId } = deployment;
      const before = (await rest.checkpoints(jobId)).counts?.failed ?? 0;
      const outageStart = Date.now();
      await deployment.stopStorage();
      const failed = new Set<number>();
      try {
        await waitFor('a checkpoint to fail while storage is down', async () => {
          const stats = await rest.checkpoints(jobId);
          for (const entry of stats.history ?? []) if (entry.status === 'FAILED') failed.add(entry.id);
          return (stats.counts?.failed ?? 0) > before ? true : undefined;
        }, { timeoutMs: STEP_TIMEOUT_MS });
      } finally {
        await deployment.startStorage();
      }
      const storageBackAt = Date.now();
      notes.failedCheckpoints = [...failed].sort((a, b) => a - b);
      progress(`${deployment.spec.name}: checkpoints failed while storage was down: ${[...failed].join(', ') || '(ids not in history)'}`);
      await waitFor(`job ${jobId} running again with storage back`, async () => {
        const job = await rest.job(jobId);
        const tasks = job.vertices ?? [];
        return job.state === 'RUNNING' && tasks.length > 0 && tasks.every((v) => v.status === 'RUNNING') ? true : undefined;
      }, { timeoutMs: STEP_TIMEOUT_MS });
      const runningAgainMs = Date.now() - storageBackAt;
      notes.runningAgainAfterStorageBackMs = runningAgainMs;
      progress(`${deployment.spec.name}: job running again ${(runningAgainMs / 1000).toFixed(1)} s after storage came back`);
      // A failed checkpoint fails the job over (no failures are tolerated by default): that
      // recovery must be on the timeline before the fault, or it could pass for the fault's.
      const recovered = (await rest.checkpoints(jobId)).latest?.restored?.restore_timestamp;
      if (recovered !== undefined && recovered >= outageStart) {
        notes.recoveredDuringOutageAt = recovered;
        await watcher.waitFor((w) => w.restores().some((r) => r.restoredAt === recovered), { timeoutMs: STEP_TIMEOUT_MS, description: 'the recovery from the outage on the timeline' });
      }
    },
  };
}
