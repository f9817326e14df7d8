// Things a scenario does before its fault: take savepoints, let checkpoints complete.
import type { Snapshot } from '../oracle/snapshot.ts';
import type { Deployment } from '../platforms/platform.ts';
import { canInterruptStorage } from '../platforms/platform.ts';
import { MissingAbilityError } from '../faults/fault.ts';
import { waitFor } from '../support/wait.ts';
import { progress } from '../support/progress.ts';
import type { CheckpointWatcher } from '../flink/checkpoint-watcher.ts';

const STEP_TIMEOUT_MS = 120_000;

/** What steps can use and record: triggered snapshots are witnesses for the oracle; notes land in the evidence. */
export interface StepContext {
  deployment: Deployment;
  watcher: CheckpointWatcher;
  triggered: Snapshot[];
  notes: Record<string, unknown>;
}

export interface Step {
  readonly name: string;
  run(context: StepContext): Promise<void>;
}

/** Triggers a savepoint over REST (the client picks a retry-safe trigger id) and waits until it completed. */
export function takeSavepoint(): Step {
  return {
    name: 'take-savepoint',
    async run({ deployment, triggered }) {
      const { rest, jobId, paths } = deployment;
      const triggerId = await rest.triggerSavepoint(jobId, { targetDirectory: paths.savepoints });
      const location = await rest.awaitSavepoint(jobId, triggerId, { timeoutMs: STEP_TIMEOUT_MS });
      const completedAt = Date.now();
      const metadata = await deployment.storage.metadataAt(location);
      if (!metadata.exists || metadata.checkpointId === undefined) throw new Error(`savepoint ${location} has no readable _metadata`);
      triggered.push({ kind: 'savepoint', id: metadata.checkpointId, path: location.replace(/\/+$/, ''), jobId, completedAt, seenBy: ['trigger'] });
    },
  };
}

/** Waits until a periodic checkpoint completes after everything seen so far. */
export function checkpointCompletes(): Step {
  return {
    name: 'checkpoint-completes',
    async run({ watcher, triggered }) {
      const newestSeen = Math.max(0, ...watcher.snapshots().map((s) => s.id), ...triggered.map((s) => s.id));
      await watcher.waitFor((w) => w.snapshots().some((s) => s.kind === 'checkpoint' && s.id > newestSeen), {
        timeoutMs: STEP_TIMEOUT_MS,
        description: `a checkpoint newer than ${newestSeen}`,
      });
    },
  };
}

/** Waits until checkpoint `id` (or a newer one) has completed, e.g. to get past chk-9 → chk-10. */
export function checkpointReaches(id: number): Step {
  return {
    name: `checkpoint-reaches-${id}`,
    async run({ watcher }) {
      await watcher.waitFor((w) => w.snapshots().some((s) => s.kind === 'checkpoint' && s.id >= id), {
        timeoutMs: STEP_TIMEOUT_MS,
        description: `checkpoint ${id}`,
      });
    },
  };
}

/**
 * Takes the S3 storage away until Flink reports a failed checkpoint, then brings it back and waits
 * until the job runs again. Records the ids of the checkpoints that failed (notes.failedCheckpoints).
 */
export function storageOutageUntilCheckpointFails(): Step {
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
